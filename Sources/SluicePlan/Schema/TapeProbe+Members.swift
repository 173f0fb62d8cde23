// JSON Schema draft-07 section 4.2.2 compares member names by code points; `properties`
// looks keys up by their exact UTF-8, as `MemberIndex` does, and `required` and
// `dependencies` ask what `JSONObject`'s subscript would find, which is the same rule.
import SluiceJSON

extension TapeProbe {
    /// The program member of `properties[p].named` that `MemberIndex.position(of:)` finds
    /// for the name key token `key` spells, or `nil`: the first name with exactly its UTF-8.
    /// A plain key is compared with few names by the hash it carries (`memberHashes`), with
    /// many in the index's `MemberBytes`.
    @inline(__always)
    func position(ofKey key: Int, _ p: Int) -> Int? {
        // Most keys of an event are not declared; the hash of the key's decoded text tells
        // most of those apart, escaped or not, before any byte is read.
        let hash = tape.keyHash(key)
        guard properties[p].nameFilter & TapeProperties.hashBit(hash) != 0 else { return nil }

        // An index of this few names does not hash, so its answer is the first name with the
        // key's bytes, which the names' hashes find first:
        // the only name in the key's bucket, when one is alone there.
        let named = properties[p].named
        let isPlain = !tape.hasEscapes(key)
        if isPlain && named.count <= MemberIndex.linearScanLimit {
            let bucket = buckets[Int(properties[p].buckets) + Int(hash &>> 58)]
            if bucket != TapeProperties.sharedBucket {
                let m = Int(named.start) + Int(bucket) - 1
                guard memberHashes[m] == hash else { return nil }
                return JSONTape.bytesEqual(name(m), tape.rawBytes(key, in: bytes)) ? m : nil
            }
            for m in slice(named) where memberHashes[m] == hash {
                if JSONTape.bytesEqual(name(m), tape.rawBytes(key, in: bytes)) { return m }
            }
            return nil
        }

        let table = memberTables[Int(properties[p].checks)]
        if !isPlain {
            // The key's hash is its decoded text's.
            let position = JSONTape.withUTF8(tape.string(key, in: bytes)) {
                table.position(of: $0, hash: hash)
            }
            return position.map { Int(named.start) + $0 }
        }
        let raw = tape.rawBytes(key, in: bytes)
        return table.position(of: raw, hash: hash).map { Int(named.start) + $0 }
    }

    /// Whether the object the tree builds from token t has a member named exactly as
    /// program member m: `tape.firstMember(t, named:in:) != nil`, with the name's bytes read
    /// from the program instead of converted per call.
    ///
    /// - Precondition: t is an object without repeated keys.
    func hasMember(_ t: Int, _ m: Int) -> Bool {
        let expected = name(m)
        var key = t + 1
        for _ in 0..<tape.memberCount(t) {
            if tape.hasEscapes(key) {
                let isEqual = JSONTape.withUTF8(tape.string(key, in: bytes)) {
                    JSONTape.bytesEqual($0, expected)
                }
                if isEqual { return true }
            } else if JSONTape.bytesEqual(tape.rawBytes(key, in: bytes), expected) {
                return true
            }
            key = tape.next(key + 1)
        }
        return false
    }

    /// The UTF-8 of program member m.
    func name(_ m: Int) -> UnsafeRawBufferPointer {
        let member = members[m]
        return UnsafeRawBufferPointer(
            start: names.baseAddress! + Int(member.start), count: Int(member.length))
    }
}
