// RFC 8259 section 4: member names "SHOULD be unique"; the tape records exactly which
// objects repeat one, comparing decoded names.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension JSONTapeBuilder {
    /// Keys of an object up to this many are screened with a 64-bit filter as they are read
    /// (an earlier key is compared only when its filter bit is set); a wider object is
    /// checked once at its close by sorting its keys, which keeps hostile wide objects
    /// at n log n instead of quadratic.
    static let filteredMemberCount: UInt32 = 32

    /// Screens key token `key` of object `top`, whose hash is `hash`, against the object's
    /// earlier keys, and marks the object when an earlier key decodes to the same text.
    ///
    /// `mutating`, like every method the walk calls, so that the call passes the builder's
    /// address instead of a copy of it.
    @inline(__always)
    mutating func screenKey(hash: UInt64, key: Int, of top: inout JSONTapeFrame) {
        guard top.memberCount < JSONTapeBuilder.filteredMemberCount else { return }
        let bit: UInt64 = 1 &<< (hash &>> 58)
        if top.keyFilter & bit != 0 { checkEarlierKeys(of: Int(top.token), key: key, hash: hash) }
        top.keyFilter |= bit
    }

    /// Marks `object` when a key before key token `k` shares its hash and decoded text.
    private mutating func checkEarlierKeys(of object: Int, key k: Int, hash: UInt64) {
        guard tokens[object].flags & JSONTapeToken.hasDuplicateKeys == 0 else { return }
        var key = object + 1
        while key < k {
            if UInt64(bitPattern: tokens[key].int64) == hash && keysAreEqual(key, k) {
                tokens[object].flags |= JSONTapeToken.hasDuplicateKeys
                return
            }
            key = Int(tokens[key + 1].next)
        }
    }

    /// The hash of the decoded text of a key with escapes, whose raw contents are the
    /// `length` bytes at `start`: what `hash` gives a key spelled without them.
    mutating func decodedKeyHash(start: Int, length: Int) -> UInt64 {
        let raw = UnsafeRawBufferPointer(start: base + start, count: length)
        var decoded: [UInt8] = []
        JSONTape.appendUnescaped(raw, to: &decoded)
        // An escape always decodes to at least one byte, so the buffer has an address.
        return decoded.withUnsafeBufferPointer {
            JSONTapeBuilder.hash($0.baseAddress!, count: $0.count, readable: $0.count)
        }
    }

    /// The hash of `count` bytes at `start`, of which `readable` may be read.
    @inline(__always)
    static func hash(_ start: UnsafePointer<UInt8>, count n: Int, readable: Int) -> UInt64 {
        let raw = UnsafeRawPointer(start)
        var first: UInt64 = 0
        var last: UInt64 = 0
        if n >= 8 {
            first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        } else if readable >= 8 {
            // The input continues past the key (at least its closing quote): one masked load.
            let word = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            first = word & ((1 &<< UInt64(n &* 8)) &- 1)
        } else {
            for k in 0..<n { first |= UInt64(start[k]) << UInt64(k * 8) }
        }

        let h = (first ^ UInt64(n)) &* 0x9E37_79B9_7F4A_7C15
        return (h ^ (h >> 29) ^ last) &* 0xFF51_AFD7_ED55_8CCD
    }

    private func keysAreEqual(_ a: Int, _ b: Int) -> Bool {
        let (x, y) = (tokens[a], tokens[b])
        guard (x.flags | y.flags) & JSONTapeToken.hasEscapes == 0 else {
            return decodedKey(a) == decodedKey(b)
        }
        guard x.length == y.length else { return false }
        return memcmp(base + Int(x.start), base + Int(y.start), Int(x.length)) == 0
    }

    private func decodedKey(_ k: Int) -> [UInt8] {
        let token = tokens[k]
        let raw = UnsafeRawBufferPointer(start: base + Int(token.start), count: Int(token.length))
        guard token.flags & JSONTapeToken.hasEscapes != 0 else { return Array(raw) }

        var decoded: [UInt8] = []
        JSONTape.appendUnescaped(raw, to: &decoded)
        return decoded
    }

    /// Marks object token `t`, wider than the filter covers, when two keys decode alike:
    /// its key tokens are sorted by hash, then decoded bytes, so equal keys end up side by
    /// side even when many keys share a hash.
    mutating func checkWideObjectForDuplicates(_ t: Int) {
        guard tokens[t].flags & JSONTapeToken.hasDuplicateKeys == 0 else { return }
        var keys: [Int] = []
        keys.reserveCapacity(Int(tokens[t].length))
        var key = t + 1
        for _ in 0..<Int(tokens[t].length) {
            keys.append(key)
            key = Int(tokens[key + 1].next)
        }

        keys.sort { keyOrder($0, $1) < 0 }
        for i in keys.indices.dropFirst() where keyOrder(keys[i - 1], keys[i]) == 0 {
            tokens[t].flags |= JSONTapeToken.hasDuplicateKeys
            return
        }
    }

    /// A total order on key tokens: by hash, then by decoded bytes; 0 exactly for keys that
    /// decode alike.
    private func keyOrder(_ a: Int, _ b: Int) -> Int {
        let (x, y) = (tokens[a], tokens[b])
        if x.int64 != y.int64 { return x.int64 < y.int64 ? -1 : 1 }
        guard (x.flags | y.flags) & JSONTapeToken.hasEscapes == 0 else {
            let (p, q) = (decodedKey(a), decodedKey(b))
            if p == q { return 0 }
            return p.lexicographicallyPrecedes(q) ? -1 : 1
        }

        let shorter = Int(min(x.length, y.length))
        let order = memcmp(base + Int(x.start), base + Int(y.start), shorter)
        if order != 0 { return Int(order) }
        return x.length == y.length ? 0 : (x.length < y.length ? -1 : 1)
    }
}
