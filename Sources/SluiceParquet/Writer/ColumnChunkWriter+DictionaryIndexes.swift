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
        return try entries.withUnsafeStorage { bytes, ends in
            // Rows with nulls among them take the dictionary row by row, nulls included,
            // instead of one call per run of nulls and one per run of values.
            var (row, value) = (rows.lowerBound, firstValue)
            if buffer.nullCount > 0 {
                (row, value) = try appendMappedRows(
                    buffer, rows, firstValue, map: map, indexes: indexes, bytes: bytes, ends: ends)
            }
            return try appendMappedValues(
                buffer, row..<rows.upperBound, value, map: map, indexes: indexes, bytes: bytes,
                ends: ends)
        }
    }

    /// Encodes `rows`, whose first non-null value is `firstValue`, walking them as runs of
    /// nulls and runs of values: ids while the dictionary lasts, then PLAIN. Returns the index
    /// of the next non-null value.
    private func appendMappedValues(
        _ buffer: ParquetColumnBuffer, _ rows: Range<Int>, _ firstValue: Int,
        map: UnsafeMutablePointer<UInt32>, indexes: UnsafePointer<UInt32>,
        bytes: UnsafePointer<UInt8>, ends: UnsafePointer<Int>
    ) throws -> Int {
        var value = firstValue
        try forEachRun(of: buffer, rows) { count in
            var remaining = count
            while remaining > 0 && isDictionaryActive {
                let mapped = appendMappedIDs(indexes + value, map, ends: ends, upTo: remaining)
                (value, remaining) = (value + mapped, remaining - mapped)
                guard remaining > 0 else { break }

                try appendOneValue(Int(indexes[value]), map: map, bytes: bytes, ends: ends)
                (value, remaining) = (value + 1, remaining - 1)
            }
            // The dictionary has ended: the rest goes PLAIN, with statistics and the
            // length check once per entry.
            try appendPlainValues(remaining) { index in
                let entry = Int(indexes[value + index])
                let plain = Self.entryBytes(entry, bytes, ends)
                if map[entry] == DictionaryIndexMap.unseen {
                    try checkLength(of: plain)
                    statistics.observe(bytes: plain)
                    map[entry] = DictionaryIndexMap.plainOnly
                }
                return plain
            }
            value += remaining
        }
        return value
    }

    /// Encodes the leading rows of `rows`, nulls and values alike, for as long as the
    /// dictionary lasts; returns the first row not encoded (the end of `rows` unless the
    /// dictionary ended) and the index of its value. Stretches of rows that can neither fill
    /// the page, bring the profitability check nor meet an unseen entry go through
    /// `appendMappedRowIDs`; the row that ends a stretch goes alone, with every check.
    private func appendMappedRows(
        _ buffer: ParquetColumnBuffer, _ rows: Range<Int>, _ firstValue: Int,
        map: UnsafeMutablePointer<UInt32>, indexes: UnsafePointer<UInt32>,
        bytes: UnsafePointer<UInt8>, ends: UnsafePointer<Int>
    ) throws -> (row: Int, value: Int) {
        let levels = buffer.definitionLevels.baseAddress!
        pendingLevels = levels + rows.lowerBound
        defer {
            copyPendingLevels()
            pendingLevels = nil
        }
        var (row, value) = (rows.lowerBound, firstValue)
        while row < rows.upperBound && isDictionaryActive {
            let (doneRows, doneValues) = appendMappedRowIDs(
                levels + row, indexes + value, map, ends: ends, upTo: rows.upperBound - row)
            (row, value) = (row + doneRows, value + doneValues)
            guard row < rows.upperBound else { break }

            if levels[row] == 0 {
                try appendNullRows(1)
            } else {
                try appendOneValue(Int(indexes[value]), map: map, bytes: bytes, ends: ends)
                value += 1
            }
            row += 1
        }
        return (row, value)
    }

    /// Appends one value, entry `entry`, while the dictionary lasts, with every check: its
    /// first use in this chunk hashes it into the chunk dictionary (where equal entries
    /// meet), which may end the dictionary.
    @inline(__always)
    private func appendOneValue(
        _ entry: Int, map: UnsafeMutablePointer<UInt32>, bytes: UnsafePointer<UInt8>,
        ends: UnsafePointer<Int>
    ) throws {
        let slot = map[entry]
        guard slot != DictionaryIndexMap.unseen else {
            let id = try appendToDictionary(Self.entryBytes(entry, bytes, ends))
            map[entry] = id.map(DictionaryIndexMap.slot(forID:)) ?? DictionaryIndexMap.plainOnly
            try didAppendValue()
            return
        }
        // The PLAIN size only feeds the one profitability check.
        let plainBytes =
            hasCheckedDictionary ? 0 : 4 + ends[entry] - (entry == 0 ? 0 : ends[entry - 1])
        appendDictionaryID(Int(slot) - 1, plainBytes: plainBytes)
        try didAppendValue()
    }

    /// The bytes of entry `entry` of a dictionary whose storage is `bytes` and `ends`.
    @inline(__always)
    private static func entryBytes(
        _ entry: Int, _ bytes: UnsafePointer<UInt8>, _ ends: UnsafePointer<Int>
    ) -> UnsafeRawBufferPointer {
        let start = entry == 0 ? 0 : ends[entry - 1]
        return UnsafeRawBufferPointer(start: bytes + start, count: ends[entry] - start)
    }

    /// Appends the leading rows of `levels` (at most `limit`, whose values are the leading
    /// entries of `indexes`) as nulls and ids, as long as every value is in the chunk
    /// dictionary and no row can fill the page or bring the profitability check; returns
    /// how many rows and values. A null adds less to the page estimate than a value, so the
    /// rows `rowsThatCannotFillThePage` counts as values are safe whatever their mix.
    @inline(__always)
    private func appendMappedRowIDs(
        _ levels: UnsafePointer<UInt8>, _ indexes: UnsafePointer<UInt32>,
        _ map: UnsafeMutablePointer<UInt32>, ends: UnsafePointer<Int>, upTo limit: Int
    ) -> (rows: Int, values: Int) {
        let room = min(limit, rowsThatCannotFillThePage())
        guard room > 0 else { return (0, 0) }
        let valueRoom =
            hasCheckedDictionary
            ? room : min(room, Self.dictionaryCheckValues - 1 - dictionaryEncodedValues)

        let ids = pageIndices.spareCapacity(room * MemoryLayout<UInt32>.stride)
            .assumingMemoryBound(to: UInt32.self)
        var (row, count, plainBytes) = (0, 0, 0)
        let weighsPlain = !hasCheckedDictionary
        while row < room {
            if levels[row] != 0 {
                guard count < valueRoom else { break }
                let entry = Int(indexes[count])
                let slot = map[entry]
                guard slot != DictionaryIndexMap.unseen else { break }
                ids[count] = slot &- 1
                if weighsPlain {
                    plainBytes &+= 4 &+ ends[entry] &- (entry == 0 ? 0 : ends[entry &- 1])
                }
                count += 1
            }
            row += 1
        }
        let nulls = row - count
        pageIndices.didAppend(count * MemoryLayout<UInt32>.stride)
        (pageRowCount, pageNullCount) = (pageRowCount + row, pageNullCount + nulls)
        statistics.addNulls(nulls)
        dictionaryEncodedValues += count
        dictionaryEncodedPlainBytes += plainBytes
        return (row, count)
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
