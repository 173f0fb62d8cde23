// RFC 8259 section 4: member names. The RFC leaves repeated names open; Sluice keeps the
// last value at the position of the first occurrence, as most parsers do.

extension JSONCursor {
    /// Parses `"key" :` at `index` (after whitespace) into the innermost object, leaving
    /// the cursor at the start of the member's value.
    mutating func parseMemberKey() throws(JSONError) {
        guard index < end, base[index] == UInt8(ascii: "\"") else {
            throw unexpected("a string key")
        }
        if buildsValues {
            let (key, hash) = try parseKeyString()
            recordKey(key, hash: hash)
        } else {
            _ = try parseStringBytes()
        }

        skipWhitespace()
        guard index < end, base[index] == UInt8(ascii: ":") else { throw unexpected("':'") }
        index += 1
        skipWhitespace()
    }

    /// Adds `key` to the innermost object, or marks its earlier slot for overwriting.
    @inline(__always)
    private mutating func recordKey(_ key: String, hash: UInt64) {
        let bit: UInt64 = 1 << (hash >> 58)
        let memberCount = keys.count - top.keyStart
        if top.keyFilter & bit != 0, let slot = slotOfEarlierKey(key, hash: hash) {
            top.duplicateSlot = slot
            return
        }

        top.keyFilter |= bit
        if memberCount >= JSONCursor.wideObjectMemberCount {
            if !top.hasWideIndex { buildWideIndex() }
            wideIndexes[wideIndexes.count - 1][hash] = memberCount
        }
        keys.push(key)
        keyHashes.push(hash)
    }

    /// The slot of an earlier member named `key` in the innermost object, if any: one whose
    /// name has the same UTF-8 bytes. Names that differ in bytes stay apart even when `String`
    /// calls them equal (a precomposed and a decomposed `é`), as `JSONTape` keeps them.
    private func slotOfEarlierKey(_ key: String, hash: UInt64) -> Int? {
        let keyStart = top.keyStart
        if top.hasWideIndex {
            // Every key is indexed under its hash, so a missing hash proves the key is new.
            guard let slot = wideIndexes[wideIndexes.count - 1][hash] else { return nil }
            if Self.isSameName(keys[keyStart + slot], key) { return slot }
        }

        // Below the wide threshold, or two keys share a hash: compare them all.
        let hashes = keyHashes.elements(from: keyStart)
        for slot in hashes.indices
        where hashes[slot] == hash && Self.isSameName(keys[keyStart + slot], key) {
            return slot
        }
        return nil
    }

    /// Byte equality of two names. `String`'s `==` is canonical equivalence, and `hashKey`
    /// reads only the first and last 8 bytes of a name, so names longer than 16 bytes that
    /// differ only in the spelling of an accent in between would otherwise merge; only
    /// names sharing a hash, nearly always true repeats, get here.
    private static func isSameName(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }

    private mutating func buildWideIndex() {
        var index: [UInt64: Int] = [:]
        index.reserveCapacity(JSONCursor.wideObjectMemberCount * 4)
        for (slot, hash) in keyHashes.elements(from: top.keyStart).enumerated() {
            if index[hash] == nil { index[hash] = slot }
        }
        wideIndexes.append(index)
        top.hasWideIndex = true
    }
}
