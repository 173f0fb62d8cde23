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
            func entryBytes(_ entry: Int) -> UnsafeRawBufferPointer {
                let start = entry == 0 ? 0 : ends[entry - 1]
                return UnsafeRawBufferPointer(start: bytes + start, count: ends[entry] - start)
            }
            try forEachRun(of: buffer, rows) { count in
                var remaining = count
                while remaining > 0 && isDictionaryActive {
                    let mapped = appendMappedIDs(
                        indexes + value, map, ends: ends, upTo: remaining)
                    (value, remaining) = (value + mapped, remaining - mapped)
                    guard remaining > 0 else { break }

                    let entry = Int(indexes[value])
                    let slot = map[entry]
                    (value, remaining) = (value + 1, remaining - 1)
                    guard slot != DictionaryIndexMap.unseen else {
                        // First use in this chunk: equal entries meet in the dictionary.
                        let id = try appendToDictionary(entryBytes(entry))
                        map[entry] =
                            id.map(DictionaryIndexMap.slot(forID:)) ?? DictionaryIndexMap.plainOnly
                        try didAppendValue()
                        continue
                    }
                    // The PLAIN size only feeds the one profitability check.
                    let plainBytes =
                        hasCheckedDictionary
                        ? 0 : 4 + ends[entry] - (entry == 0 ? 0 : ends[entry - 1])
                    appendDictionaryID(Int(slot) - 1, plainBytes: plainBytes)
                    try didAppendValue()
                }
                // The dictionary has ended: the rest goes PLAIN, with statistics and the
                // length check once per entry.
                try appendPlainValues(remaining) { index in
                    let entry = Int(indexes[value + index])
                    let plain = entryBytes(entry)
                    if map[entry] == DictionaryIndexMap.unseen {
                        try checkLength(of: plain)
                        statistics.observe(bytes: plain)
                        map[entry] = DictionaryIndexMap.plainOnly
                    }
                    return plain
                }
                value += remaining
            }
        }
        return value
    }

    /// Appends the ids of the leading entries of `indexes` (at most `limit`) that are in the
    /// chunk dictionary, as long as none of them can fill the page or bring the
    /// profitability check; returns how many. Such a stretch needs no check per row, so it
    /// costs a load and a store per row, and before the check also the entry's PLAIN size
    /// (`ends` gives each entry's end), which the check weighs.
    @inline(__always)
    private func appendMappedIDs(
        _ indexes: UnsafePointer<UInt32>, _ map: UnsafeMutablePointer<UInt32>,
        ends: UnsafePointer<Int>, upTo limit: Int
    ) -> Int {
        guard isDictionaryActive else { return 0 }
        var room = min(limit, rowsThatCannotFillThePage())
        if !hasCheckedDictionary {
            room = min(room, Self.dictionaryCheckValues - 1 - dictionaryEncodedValues)
        }
        guard room > 0 else { return 0 }

        let ids = pageIndices.spareCapacity(room * MemoryLayout<UInt32>.stride)
            .assumingMemoryBound(to: UInt32.self)
        var count = 0
        if hasCheckedDictionary {
            while count < room {
                let slot = map[Int(indexes[count])]
                guard slot != DictionaryIndexMap.unseen else { break }
                ids[count] = slot &- 1
                count += 1
            }
        } else {
            var plainBytes = 0
            while count < room {
                let entry = Int(indexes[count])
                let slot = map[entry]
                guard slot != DictionaryIndexMap.unseen else { break }
                ids[count] = slot &- 1
                plainBytes += 4 + ends[entry] - (entry == 0 ? 0 : ends[entry - 1])
                count += 1
            }
            dictionaryEncodedPlainBytes += plainBytes
        }
        pageIndices.didAppend(count * MemoryLayout<UInt32>.stride)
        (pageRowCount, dictionaryEncodedValues) = (
            pageRowCount + count, dictionaryEncodedValues + count
        )
        return count
    }

    /// The chunk's map for `entries`, made afresh when a buffer brings another dictionary.
    private func indexMap(for entries: ParquetStringDictionary) -> DictionaryIndexMap {
        if let indexMap, indexMap.entries === entries { return indexMap }
        let fresh = DictionaryIndexMap(entries)
        indexMap = fresh
        return fresh
    }
}
