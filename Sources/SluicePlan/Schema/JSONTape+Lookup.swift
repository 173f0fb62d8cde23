// JSON Schema draft-07 section 4.2.2 compares member names by code points, and so does a
// `JSONObject` (by UTF-8 bytes); these lookups on a tape give exactly what the tree built
// from it (`JSONTape.value(_:in:)`) would give.
import SluiceJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension JSONTape {
    /// The value token of the member that `JSONObject`'s subscript finds for `name` in the
    /// object built from token t: the first key whose decoded UTF-8 is exactly `name`'s. A
    /// key without escapes is told apart by the hash the parse left on it, and its bytes are
    /// compared only when the hashes agree; only a key with escapes is decoded.
    ///
    /// - Precondition: t is an object without repeated keys (`hasDuplicateKeys(t)` is
    ///   false); with repeats the tree keeps other values, so build it instead.
    func firstMember(_ t: Int, named name: String, in bytes: UnsafeRawBufferPointer) -> Int? {
        Self.withUTF8(name) { expected in
            let hash = Self.keyHash(of: expected)
            // Walked by token numbers: the `members(_:)` sequence would retain the storage.
            var key = t + 1
            for _ in 0..<memberCount(t) {
                let value = key + 1
                defer { key = next(value) }
                guard keyHash(key) == hash else { continue }
                if !hasEscapes(key) {
                    if Self.bytesEqual(rawBytes(key, in: bytes), expected) { return value }
                } else if string(key, in: bytes).isByteEqual(to: name) {
                    return value
                }
            }
            return nil
        }
    }

    /// Calls `body` with the UTF-8 of `text`, copying only a string without contiguous
    /// storage.
    static func withUTF8<Result>(
        _ text: String, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        let contiguous = text.utf8.withContiguousStorageIfAvailable {
            body(UnsafeRawBufferPointer($0))
        }
        if let contiguous { return contiguous }
        return Array(text.utf8).withUnsafeBytes(body)
    }

    /// Whether every byte is below 0x80, checked eight bytes at a time.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            guard word & 0x8080_8080_8080_8080 == 0 else { return false }
            offset += 8
        }
        while offset < bytes.count {
            guard bytes[offset] < 0x80 else { return false }
            offset += 1
        }
        return true
    }

    /// Byte equality; member names are short, so up to 16 bytes compare as two overlapping
    /// words each side, inline, instead of through a `memcmp` call.
    @inline(__always)
    static func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let count = a.count
        guard count == b.count else { return false }
        if count >= 8 && count <= 16 {
            let last = count - 8
            let head = a.loadUnaligned(as: UInt64.self) ^ b.loadUnaligned(as: UInt64.self)
            let tail =
                a.loadUnaligned(fromByteOffset: last, as: UInt64.self)
                ^ b.loadUnaligned(fromByteOffset: last, as: UInt64.self)
            return head | tail == 0
        }

        if count >= 4 && count < 8 {
            let last = count - 4
            let head = a.loadUnaligned(as: UInt32.self) ^ b.loadUnaligned(as: UInt32.self)
            let tail =
                a.loadUnaligned(fromByteOffset: last, as: UInt32.self)
                ^ b.loadUnaligned(fromByteOffset: last, as: UInt32.self)
            return head | tail == 0
        }

        guard count > 3 else {
            for offset in 0..<count where a[offset] != b[offset] { return false }
            return true
        }
        return memcmp(a.baseAddress!, b.baseAddress!, count) == 0
    }
}

extension MemberIndex {
    /// `position(of:)` for the name key token `key` spells, reading its bytes from the tape:
    /// a `String` is built only for a key with escapes.
    func position(ofKey key: Int, tape: JSONTape, in bytes: UnsafeRawBufferPointer) -> Int? {
        guard !tape.hasEscapes(key) else {
            return position(of: tape.string(key, in: bytes))
        }
        return self.bytes.position(of: tape.rawBytes(key, in: bytes), hash: tape.keyHash(key))
    }

    /// Whether `position(ofKey:tape:in:)` finds key token `key`. Inlined into the
    /// unplanned-member check, which asks for every key of an event's `properties`: the
    /// call cost about a fifth of the lookup.
    @inline(__always)
    func containsKey(_ key: Int, tape: JSONTape, in bytes: UnsafeRawBufferPointer) -> Bool {
        guard !tape.hasEscapes(key) else {
            return position(of: tape.string(key, in: bytes)) != nil
        }
        let raw = tape.rawBytes(key, in: bytes)
        return self.bytes.position(of: raw, hash: tape.keyHash(key)) != nil
    }
}
