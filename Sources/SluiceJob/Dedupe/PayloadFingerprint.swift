import SluiceHash
import SluiceJSON

/// Fingerprints an event's payload without its delivery times, from the tape the worker
/// already parsed, so that two copies of a messageId fingerprint alike exactly when they are
/// the same event: equal as JSON once the top-level `sentAt` and `receivedAt` are left out,
/// and `messageId` too: the copies compared share its text (the dedupe's key), so only its
/// spelling could differ, and `17` and `"17"` are one id.
///
/// Equal as JSON means what `JSONParser` and Swift make of the text, whatever the writer's
/// serialisation: member order, whitespace and escaping do not count; an object is the
/// multiset of its members as `JSONParser` keeps them, a key repeated with the same decoded
/// bytes once with its last value (keys that differ in bytes stay two members even when
/// `String` calls them equal); arrays compare in order; keys and strings compare as Swift's
/// `String` does, by Unicode canonical equivalence (a precomposed and a decomposed `é` are one
/// string); numbers compare by their text as written (`1` and `1.0` differ); `null`, `true`
/// and `false` are themselves. A `sentAt` or `receivedAt` nested deeper is payload.
///
/// How: a member combines the 64-bit hashes (`Fingerprint64`) of its key and its value; an
/// object is the sum of its members' hashes, so their order drops out, and its member count;
/// an array combines its elements' hashes in order. A member whose value is a string or a
/// number and which is written compactly (`JSONTape.compactMember`), nearly all of them, is
/// hashed as one piece of text where it lies in the line; only other text is decoded and
/// brought to Unicode normalization form C first. Two different payloads share a fingerprint
/// with probability about 2^-64 for each pair of members in which they differ. The value is
/// deterministic but belongs to this build: compare fingerprints within one run and never
/// persist them.
///
/// A value is used by one thread at a time; it keeps only scratch space between calls.
struct PayloadFingerprint {
    /// The decoded text of the last string that needed decoding, kept for its capacity.
    private var decoded: [UInt8] = []

    /// The fingerprint of the event line `line`: the sum of its members' hashes and their
    /// count.
    ///
    /// - Precondition: `tape` holds the parse of exactly `line`.
    mutating func hash(_ line: UnsafeRawBufferPointer, tape: JSONTape) -> Hash128 {
        guard tape.count > 0, tape.kind(0) == .object else {
            // Not an object, so not an event: the bytes themselves are all there is to compare.
            return Fingerprint128.hash(line)
        }
        let members = self.members(of: 0, isTopLevel: true, tape, line)
        return Hash128(high: members.sum, low: members.count)
    }

    /// Tags that keep the hashes of different kinds of token apart (`1` and `"1"` differ).
    private enum Kind {
        static let key: UInt64 = 1
        static let string: UInt64 = 2
        static let number: UInt64 = 3
        static let null: UInt64 = 4
        static let isTrue: UInt64 = 5
        static let isFalse: UInt64 = 6
        static let array: UInt64 = 7
        static let object: UInt64 = 8
    }

    /// The sum of an object's member hashes, which member order cannot change, and their count.
    @inline(__always)
    private mutating func members(
        of object: Int, isTopLevel: Bool, _ tape: JSONTape, _ line: UnsafeRawBufferPointer
    ) -> (sum: UInt64, count: UInt64) {
        guard !tape.hasDuplicateKeys(object) else {
            return membersKeepingLastValues(of: object, isTopLevel: isTopLevel, tape, line)
        }
        var sum: UInt64 = 0
        var count: UInt64 = 0
        // Walked by token index rather than `tape.members`, whose iterator retains the tape's
        // storage: two atomic operations an object, a fair share of this walk's cost.
        var key = object + 1
        let end = tape.next(object)
        while key < end {
            let value = key &+ 1
            // Nearly every member: its compact text is its canonical text, hashed in place.
            // Rarer members leave the loop for `otherMember`, so its state stays in registers.
            if let compact = tape.compactMember(key, in: line) {
                key = tape.next(value)
                if isTopLevel, Self.isDeliveryName(compact.text, keyBytes: compact.keyByteCount) {
                    continue
                }
                let tag = Self.tag(isString: compact.isString, keyBytes: compact.keyByteCount)
                sum &+= Fingerprint64.hash(compact.text, tag: tag).hash
                count &+= 1
            } else if Self.isContainer(tape.kind(value)), tape.isPlainASCII(key) {
                // An object or array under a plain key, the next most common member: the
                // key's text is its canonical text.
                key = tape.next(value)
                // The key token, read after moving on: so ordered, the walk compiles to
                // about 6% fewer instructions.
                let name = tape.rawBytes(value - 1, in: line)
                if isTopLevel, Self.isDeliveryName(name, keyBytes: name.count) { continue }
                let nameHash = Fingerprint64.hash(name, tag: Kind.key).hash
                sum &+= Fingerprint64.combine(nameHash, container(value, tape, line))
                count &+= 1
            } else {
                let other = otherMember(key, isTopLevel: isTopLevel, tape, line)
                key = tape.next(value)
                guard let other else { continue }
                sum &+= other
                count &+= 1
            }
        }
        return (sum, count)
    }

    /// Whether `kind` is an array or an object, the two kinds after all others.
    @inline(__always)
    private static func isContainer(_ kind: JSONTape.Kind) -> Bool {
        kind.rawValue >= JSONTape.Kind.array.rawValue
    }

    /// The hash of a member that is not compact, or `nil` for a top-level delivery time.
    @inline(never)
    private mutating func otherMember(
        _ key: Int, isTopLevel: Bool, _ tape: JSONTape, _ line: UnsafeRawBufferPointer
    ) -> UInt64? {
        if isTopLevel, isDeliveryKey(key, tape, line) { return nil }
        return member(key, key + 1, tape, line)
    }

    /// The slow path for an object that repeats a key: keys compare by their decoded bytes,
    /// as `JSONParser` compares them, and the last value of each wins.
    private mutating func membersKeepingLastValues(
        of object: Int, isTopLevel: Bool, _ tape: JSONTape, _ line: UnsafeRawBufferPointer
    ) -> (sum: UInt64, count: UInt64) {
        var lastValues: [[UInt8]: Int] = [:]
        for (key, value) in tape.members(object) {
            var name: [UInt8] = []
            tape.appendDecoded(key, in: line, to: &name)
            lastValues[name] = value
        }
        var sum: UInt64 = 0
        var count: UInt64 = 0
        for (name, value) in lastValues {
            if isTopLevel, Self.deliveryKeys.contains(name) { continue }
            sum &+= name.withUnsafeBytes { member(named: $0, value, tape, line) }
            count += 1
        }
        return (sum, count)
    }

    /// The hash of a member that is not compact (see `JSONTape.compactMember`): a string or
    /// number member hashes its canonical text, `key":"value"` or `key":value` with the key
    /// and the value decoded and in NFC, as a compact member hashes its text in place; any
    /// other member combines its key's hash with its value's.
    private mutating func member(
        _ key: Int, _ value: Int, _ tape: JSONTape, _ line: UnsafeRawBufferPointer
    ) -> UInt64 {
        let kind = tape.kind(value)
        guard kind == .string || kind == .number else {
            return Fingerprint64.combine(
                text(key, tag: Kind.key, tape, line), self.value(value, tape, line))
        }
        var name: [UInt8] = []
        tape.appendDecoded(key, in: line, to: &name)
        return name.withUnsafeBytes { member(named: $0, value, tape, line) }
    }

    /// The hash `member` gives a member whose key decodes to `name`.
    private mutating func member(
        named name: UnsafeRawBufferPointer, _ value: Int, _ tape: JSONTape,
        _ line: UnsafeRawBufferPointer
    ) -> UInt64 {
        let kind = tape.kind(value)
        guard kind == .string || kind == .number else {
            return Fingerprint64.combine(
                Self.normalizedHash(name, tag: Kind.key), self.value(value, tape, line))
        }
        var canonical: [UInt8] = []
        Self.appendNormalized(name, to: &canonical)
        let keyBytes = canonical.count
        if kind == .string {
            canonical += [UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: "\"")]
            decoded.removeAll(keepingCapacity: true)
            tape.appendDecoded(value, in: line, to: &decoded)
            decoded.withUnsafeBytes { Self.appendNormalized($0, to: &canonical) }
        } else {
            canonical += [UInt8(ascii: "\""), UInt8(ascii: ":")]
            canonical.append(contentsOf: tape.rawBytes(value, in: line))
        }
        return canonical.withUnsafeBytes {
            Fingerprint64.hash($0, tag: Self.tag(isString: kind == .string, keyBytes: keyBytes))
                .hash
        }
    }

    /// The tag of a string or number member's canonical text: the kind, and where the key
    /// ends, so that no two members share a text.
    @inline(__always)
    private static func tag(isString: Bool, keyBytes: Int) -> UInt64 {
        (isString ? Kind.string : Kind.number) | UInt64(truncatingIfNeeded: keyBytes) << 8
    }

    /// The hash of a value: scalars directly, containers from their contents.
    @inline(__always)
    private mutating func value(_ t: Int, _ tape: JSONTape, _ line: UnsafeRawBufferPointer)
        -> UInt64
    {
        switch tape.kind(t) {
        case .string: return text(t, tag: Kind.string, tape, line)
        case .number: return Fingerprint64.hash(tape.rawBytes(t, in: line), tag: Kind.number).hash
        case .null: return Kind.null
        case .bool: return tape.bool(t) ? Kind.isTrue : Kind.isFalse
        case .array, .object: return container(t, tape, line)
        }
    }

    private mutating func container(_ t: Int, _ tape: JSONTape, _ line: UnsafeRawBufferPointer)
        -> UInt64
    {
        guard tape.kind(t) == .array else {
            let members = self.members(of: t, isTopLevel: false, tape, line)
            return Fingerprint64.combine(
                Fingerprint64.combine(Kind.object, members.sum), members.count)
        }
        var hash = Kind.array
        var count: UInt64 = 0
        var element = t + 1
        let end = tape.next(t)
        while element < end {
            hash = Fingerprint64.combine(hash, value(element, tape, line))
            count += 1
            element = tape.next(element)
        }
        return Fingerprint64.combine(hash, count)
    }

    /// The hash of a key or string token's text as Swift compares it. Text that is ASCII
    /// without escapes is hashed where it lies; other text is decoded first, and gets the
    /// same hash when it decodes to the same ASCII.
    @inline(__always)
    private mutating func text(
        _ t: Int, tag: UInt64, _ tape: JSONTape, _ line: UnsafeRawBufferPointer
    ) -> UInt64 {
        if !tape.hasEscapes(t) {
            let raw = Fingerprint64.hash(tape.rawBytes(t, in: line), tag: tag)
            if raw.isASCII { return raw.hash }
        }
        decoded.removeAll(keepingCapacity: true)
        tape.appendDecoded(t, in: line, to: &decoded)
        return decoded.withUnsafeBytes { Self.normalizedHash($0, tag: tag) }
    }

    /// Hashes decoded UTF-8 in normalization form C: Swift's `String` equality is canonical
    /// equivalence, which is equality of NFC forms. ASCII is its own NFC form; the standard
    /// library exposes the NFC bytes of other text only as `_nfcCodeUnits`.
    private static func normalizedHash(_ text: UnsafeRawBufferPointer, tag: UInt64) -> UInt64 {
        let raw = Fingerprint64.hash(text, tag: tag)
        if raw.isASCII { return raw.hash }
        let normalized = String(decoding: text, as: UTF8.self)._nfcCodeUnits
        return normalized.withUnsafeBytes { Fingerprint64.hash($0, tag: tag).hash }
    }

    /// Appends decoded UTF-8 in normalization form C; see `normalizedHash`.
    private static func appendNormalized(_ text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        if text.allSatisfy({ $0 < 0x80 }) {
            out.append(contentsOf: text)
        } else {
            out += String(decoding: text, as: UTF8.self)._nfcCodeUnits
        }
    }

    /// The top-level members left out: the delivery fields and `messageId`.
    static let leftOutFields = DedupeResolver.deliveryFields.union(["messageId"])
    private static let deliveryKeys: Set<[UInt8]> = Set(leftOutFields.map { Array($0.utf8) })
    private static let sentAt = words("sentAt", as: UInt32.self)
    private static let receivedAt = words("receivedAt", as: UInt64.self)
    private static let messageIdHead = UnsafeRawBufferPointer(
        start: ("messageId" as StaticString).utf8Start, count: 8
    ).loadUnaligned(as: UInt64.self)

    /// `text` (2 bytes longer than `Head`) as the words a line holding it loads.
    private static func words<Head: FixedWidthInteger>(_ text: StaticString, as: Head.Type)
        -> (head: Head, tail: UInt16)
    {
        let bytes = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        precondition(bytes.count == MemoryLayout<Head>.size + 2, "'\(text)' is not a head and 2")
        return (
            bytes.loadUnaligned(as: Head.self),
            bytes.loadUnaligned(fromByteOffset: MemoryLayout<Head>.size, as: UInt16.self)
        )
    }

    /// Whether key token `key` decodes to `sentAt`, `receivedAt` or `messageId`.
    @inline(__always)
    private mutating func isDeliveryKey(
        _ key: Int, _ tape: JSONTape, _ line: UnsafeRawBufferPointer
    ) -> Bool {
        guard tape.hasEscapes(key) else {
            let raw = tape.rawBytes(key, in: line)
            return Self.isDeliveryName(raw, keyBytes: raw.count)
        }
        return isDeliveryKey(escaped: key, tape, line)
    }

    /// Whether the first `keyBytes` bytes of `text`, a key's decoded text, are `sentAt`,
    /// `receivedAt` or `messageId`. Inlined into the walk of the top-level members, which asks
    /// it of every key; a call cost more than the check.
    @inline(__always)
    private static func isDeliveryName(_ text: UnsafeRawBufferPointer, keyBytes: Int) -> Bool {
        // Whole words compared, not bytes one by one: this runs for every top-level key.
        switch keyBytes {
        case 6:
            return text.loadUnaligned(as: UInt32.self) == sentAt.head
                && text.loadUnaligned(fromByteOffset: 4, as: UInt16.self) == sentAt.tail
        case 10:
            return text.loadUnaligned(as: UInt64.self) == receivedAt.head
                && text.loadUnaligned(fromByteOffset: 8, as: UInt16.self) == receivedAt.tail
        case 9:
            return text.loadUnaligned(as: UInt64.self) == messageIdHead
                && text.load(fromByteOffset: 8, as: UInt8.self) == UInt8(ascii: "d")
        default: return false
        }
    }

    /// `isDeliveryKey` for a key written with escapes, which is decoded first; kept out of
    /// line, since nearly no key takes it.
    @inline(never)
    private mutating func isDeliveryKey(
        escaped key: Int, _ tape: JSONTape, _ line: UnsafeRawBufferPointer
    ) -> Bool {
        decoded.removeAll(keepingCapacity: true)
        tape.appendDecoded(key, in: line, to: &decoded)
        return Self.deliveryKeys.contains(decoded)
    }
}
