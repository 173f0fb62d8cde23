// Encodings.md "Dictionary Encoding" and "Plain", as in ColumnChunkWriter+ByteArrays.swift:
// a dictionary-backed buffer gives the very same column chunk as the same strings appended
// one by one, only the work per row shrinks to a table lookup.

extension ColumnChunkWriter {
    /// Encodes the rows of a dictionary-backed string buffer.
    ///
    /// Each row's entry goes through `indexMap`: an entry already used in this chunk costs a
    /// load and, while the dictionary lasts, appending its id; only its first use hashes its
    /// bytes into the chunk dictionary (where equal entries meet) and observes statistics.
    /// Decisions (dictionary limit, profitability check, pages) are those of
    /// `appendByteArrays` for the same strings.
    func appendDictionaryIndexes(
        _ buffer: ParquetColumnBuffer, _ entries: ParquetStringDictionary, _ rows: Range<Int>,
        _ firstValue: Int
    ) throws -> Int {
        let map = indexMap(for: entries).slots
        let indexes = buffer.values(as: UInt32.self)
        var value = firstValue
        try entries.withUnsafeStorage { bytes, ends in
            try forEachRun(of: buffer, rows) { count in
                for _ in 0..<count {
                    let entry = Int(indexes[value])
                    let mapped = map[entry]
                    value += 1
                    guard isDictionaryActive && mapped != DictionaryIndexMap.unseen else {
                        let start = entry == 0 ? 0 : ends[entry - 1]
                        let entryBytes = UnsafeRawBufferPointer(
                            start: bytes + start, count: ends[entry] - start)
                        map[entry] = try appendEntry(entryBytes, mapped)
                        continue
                    }
                    // The PLAIN size only feeds the one profitability check.
                    let plainBytes =
                        hasCheckedDictionary
                        ? 0 : 4 + ends[entry] - (entry == 0 ? 0 : ends[entry - 1])
                    appendDictionaryID(Int(mapped) - 1, plainBytes: plainBytes)
                    try didAppendValue()
                }
            }
        }
        return value
    }

    /// Appends an entry that is new to this chunk or goes PLAIN, and returns its new slot.
    private func appendEntry(_ value: UnsafeRawBufferPointer, _ mapped: UInt32) throws -> UInt32 {
        var slot = mapped
        if mapped == DictionaryIndexMap.unseen { try checkLength(of: value) }
        if isDictionaryActive {
            let hash = ByteHasher.hash(value)
            switch dictionary.lookup(value, hash: hash) {
            case .found(let id):
                appendDictionaryID(id, plainBytes: 4 + value.count)
                slot = DictionaryIndexMap.slot(forID: id)
            case .absent(let free):
                let id = try addToDictionary(value, hash: hash, slot: free)
                slot = id.map(DictionaryIndexMap.slot(forID:)) ?? DictionaryIndexMap.plainOnly
            }
        } else {
            appendPlain(value)
            if mapped == DictionaryIndexMap.unseen {
                statistics.observe(bytes: value)
                slot = DictionaryIndexMap.plainOnly
            }
        }
        try didAppendValue()
        return slot
    }

    /// The chunk's map for `entries`, made afresh when a buffer brings another dictionary.
    private func indexMap(for entries: ParquetStringDictionary) -> DictionaryIndexMap {
        if let indexMap, indexMap.entries === entries { return indexMap }
        let fresh = DictionaryIndexMap(entries)
        indexMap = fresh
        return fresh
    }
}
