// The Segment Spec's common fields (segment.com/docs/connections/spec/common/) and the
// sections that hold an event's own data (`context`, `properties`, `traits`).
import SluiceJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the top-level members that Sluice reads by name sit on a `JSONTape`: the value
/// token of each, found in one pass over the root object's keys.
///
/// A member's token is the value of its last occurrence, keys compared as decoded bytes:
/// the value `JSONParser` keeps for a repeated key, and the one `JSONObject`'s subscript
/// finds, since every name here is ASCII and no other spelling is canonically equivalent
/// to an ASCII name without `K`, `;` or a backtick. Tokens are only meaningful on the tape
/// the members were read from, until it parses again.
public struct SegmentMembers: Sendable {
    /// The members read by name, each spelled as `text` says.
    public enum Name: Int, CaseIterable, Sendable {
        case type, action, event, name, category, messageId, userId, anonymousId, groupId
        case previousId, timestamp, originalTimestamp, sentAt, receivedAt
        case context, properties, traits
    }

    /// Value tokens by `Name.rawValue`; 0 (the root, never a member value) for absent.
    private var tokens = SIMD32<UInt32>(repeating: 0)

    /// No member found; what a line that is not an object has.
    public init() {}

    /// The members of object token `root`, a pass over its keys that reads a key's bytes
    /// only when the hash the parse left on it is a name's (`NameTable`).
    public init(of root: Int, on tape: JSONTape, in line: UnsafeRawBufferPointer) {
        let table = NameTable.shared
        // Stored through memory: setting a SIMD lane by a variable index rebuilds the vector.
        // Members walked by token index: the tape's member sequence would retain its storage.
        withUnsafeMutableBytes(of: &tokens) { slots in
            var key = root + 1
            // An array's elements are no members: a root that is not an object has none.
            let count = tape.kind(root) == .object ? tape.memberCount(root) : 0
            for _ in 0..<count {
                let value = key + 1
                defer { key = tape.next(value) }
                guard table.holdsName(hash: tape.keyHash(key)),
                    let name = Self.name(of: key, on: tape, in: line)
                else { continue }
                slots.storeBytes(
                    of: UInt32(truncatingIfNeeded: value), toByteOffset: name.rawValue * 4,
                    as: UInt32.self)
            }
        }
    }

    /// The value token of member `name`, or nil when the object has no such member.
    public subscript(name: Name) -> Int? {
        let token = tokens[name.rawValue]
        return token == 0 ? nil : Int(token)
    }

    /// The name key token `key` spells, decoding escapes first.
    static func name(of key: Int, on tape: JSONTape, in line: UnsafeRawBufferPointer) -> Name? {
        guard tape.hasEscapes(key) else { return Name.spelled(by: tape.rawBytes(key, in: line)) }
        var decoded: [UInt8] = []
        tape.appendDecoded(key, in: line, to: &decoded)
        return decoded.withUnsafeBytes { Name.spelled(by: $0) }
    }
}

extension SegmentMembers.Name {
    /// The member's name as events spell it.
    public var text: String {
        switch self {
        case .type: "type"
        case .action: "action"
        case .event: "event"
        case .name: "name"
        case .category: "category"
        case .messageId: "messageId"
        case .userId: "userId"
        case .anonymousId: "anonymousId"
        case .groupId: "groupId"
        case .previousId: "previousId"
        case .timestamp: "timestamp"
        case .originalTimestamp: "originalTimestamp"
        case .sentAt: "sentAt"
        case .receivedAt: "receivedAt"
        case .context: "context"
        case .properties: "properties"
        case .traits: "traits"
        }
    }

    /// The name whose UTF-8 is exactly `bytes`; the length picks the candidates.
    static func spelled(by bytes: UnsafeRawBufferPointer) -> Self? {
        func spells(_ text: StaticString) -> Bool {
            memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
        }

        switch bytes.count {
        case 4: return spells("type") ? .type : spells("name") ? .name : nil
        case 5: return spells("event") ? .event : nil
        case 6:
            if spells("userId") { return .userId }
            if spells("sentAt") { return .sentAt }
            return spells("action") ? .action : spells("traits") ? .traits : nil
        case 7: return spells("groupId") ? .groupId : spells("context") ? .context : nil
        case 8: return spells("category") ? .category : nil
        case 9: return spells("messageId") ? .messageId : spells("timestamp") ? .timestamp : nil
        case 10:
            if spells("receivedAt") { return .receivedAt }
            return spells("previousId") ? .previousId : spells("properties") ? .properties : nil
        case 11: return spells("anonymousId") ? .anonymousId : nil
        case 17: return spells("originalTimestamp") ? .originalTimestamp : nil
        default: return nil
        }
    }
}

/// The names' key hashes (`JSONTape.keyHash(of:)`) in a small open-addressing table, so
/// that a key which is no name, most of an event's keys, is passed over on its hash alone:
/// a key that spells a name has that name's hash. A key whose hash is a name's is still
/// read, since two texts may share a hash.
struct NameTable: @unchecked Sendable {
    /// Slots for 17 names in 64; an empty slot holds 0, which no name's hash is (checked
    /// when the table is made). A pointer rather than an array: every worker reads the one
    /// shared table for every line, and an array's reference count, changed by each read,
    /// would move its cache line between the cores each time. Allocated once, never freed
    /// and never written after `init`, so any thread may read it (hence `@unchecked`).
    private let hashes: UnsafePointer<UInt64>

    static let shared = NameTable()

    private init() {
        let capacity = 64
        var hashes = [UInt64](repeating: 0, count: capacity)
        for name in SegmentMembers.Name.allCases {
            var text = name.text
            let hash = text.withUTF8 { JSONTape.keyHash(of: UnsafeRawBufferPointer($0)) }
            precondition(hash != 0, "the key hash of '\(text)' is 0, which marks an empty slot")
            var slot = Int(hash >> 58)
            while hashes[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            hashes[slot] = hash
        }
        let stored = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        stored.initialize(from: hashes, count: capacity)
        self.hashes = UnsafePointer(stored)
    }

    /// Whether some name's key hash is `hash`.
    @inline(__always)
    func holdsName(hash: UInt64) -> Bool {
        var slot = Int(hash >> 58)
        while hashes[slot] != 0 {
            if hashes[slot] == hash { return true }
            slot = (slot + 1) & 63
        }
        return false
    }
}
