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
        let indexes = buffer.values(as: UInt32.self).baseAddress!
        var value = firstValue
        try entries.withUnsafeStorage { bytes, ends in
            try forEachRun(of: buffer, rows) { count in
                var remaining = count
                while remaining > 0 {
                    let mapped = appendMappedIDs(indexes + value, map, upTo: remaining)
                    (value, remaining) = (value + mapped, remaining - mapped)
                    guard remaining > 0 else { break }

                    let entry = Int(indexes[value])
                    let slot = map[entry]
                    (value, remaining) = (value + 1, remaining - 1)
                    guard isDictionaryActive && slot != DictionaryIndexMap.unseen else {
                        let start = entry == 0 ? 0 : ends[entry - 1]
                        let entryBytes = UnsafeRawBufferPointer(
                            start: bytes + start, count: ends[entry] - start)
                        map[entry] = try appendEntry(entryBytes, slot)
                        continue
                    }
                    // The PLAIN size only feeds the one profitability check.
                    let plainBytes =
                        hasCheckedDictionary
                        ? 0 : 4 + ends[entry] - (entry == 0 ? 0 : ends[entry - 1])
                    appendDictionaryID(Int(slot) - 1, plainBytes: plainBytes)
                    try didAppendValue()
                }
            }
        }
        return value
    }

    /// Appends the ids of the leading entries of `indexes` (at most `limit`) that are in the
    /// chunk dictionary, as long as none of them can fill the page; returns how many. Such a
    /// stretch needs no check per row, so it costs a load and a store per row.
    ///
    /// Only after the profitability check, whose PLAIN sizes need every row's length.
    @inline(__always)
    private func appendMappedIDs(
        _ indexes: UnsafePointer<UInt32>, _ map: UnsafeMutablePointer<UInt32>, upTo limit: Int
    ) -> Int {
        guard isDictionaryActive && hasCheckedDictionary else { return 0 }
        let room = min(limit, rowsThatCannotFillThePage())
        guard room > 0 else { return 0 }

        let ids = pageIndices.spareCapacity(room * MemoryLayout<UInt32>.stride)
            .assumingMemoryBound(to: UInt32.self)
        var count = 0
        while count < room {
            let slot = map[Int(indexes[count])]
            guard slot != DictionaryIndexMap.unseen else { break }
            ids[count] = slot &- 1
            count += 1
        }
        pageIndices.didAppend(count * MemoryLayout<UInt32>.stride)
        (pageRowCount, dictionaryEncodedValues) = (
            pageRowCount + count, dictionaryEncodedValues + count
        )
        return count
    }

    /// How many more rows, each adding one dictionary id, the open page takes with
    /// `isPageFull` still false after every one of them: an id adds `indexBitWidth` bits and,
    /// in an OPTIONAL column, a level bit to `pageBytesEstimate`, whose parts round down.
    private func rowsThatCannotFillThePage() -> Int {
        let byRows = pageRowLimit - pageRowCount - 1
        let bytesLeft = pageTargetBytes - pageValues.count
        guard bytesLeft < Int.max / 16 else { return max(0, byRows) }
        let levelBits = spec.isOptional ? 1 : 0
        let bitsLeft = 8 * bytesLeft - pageIndexCount * indexBitWidth - pageRowCount * levelBits
        // The estimate stays below the target while fewer than `bitsLeft` bits are added.
        let byBytes = (bitsLeft - 1) / (indexBitWidth + levelBits)
        return max(0, min(byRows, byBytes))
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
