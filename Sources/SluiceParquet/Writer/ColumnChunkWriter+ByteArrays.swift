// Encodings.md "Dictionary Encoding" and "Plain": a byte-array column chunk writes each
// value's id in the chunk dictionary (RLE_DICTIONARY data pages) until the dictionary ends,
// then the rest of the chunk PLAIN as a 4-byte little-endian length and the bytes.

extension ColumnChunkWriter {
    /// Encodes the string values of a plain buffer: as dictionary ids while the dictionary
    /// stays under its limit and pays, then PLAIN for the rest of the chunk.
    func appendByteArrays(
        _ buffer: ParquetColumnBuffer, _ rows: Range<Int>, _ firstValue: Int
    ) throws -> Int {
        var value = firstValue
        let (bytes, ends) = (buffer.utf8.baseAddress!, buffer.ends)
        func valueBytes(_ value: Int) -> UnsafeRawBufferPointer {
            let start = value == 0 ? 0 : ends[value - 1]
            return UnsafeRawBufferPointer(start: bytes + start, count: ends[value] - start)
        }
        try forEachRun(of: buffer, rows) { count in
            var remaining = count
            while remaining > 0 && isDictionaryActive {
                let (known, miss) = appendKnownValues(upTo: remaining) { valueBytes(value + $0) }
                (value, remaining) = (value + known, remaining - known)
                guard remaining > 0 else { break }

                let bytes = valueBytes(value)
                if let miss {
                    try checkLength(of: bytes)
                    _ = try addToDictionary(bytes, hash: miss.hash, slot: miss.slot)
                } else {
                    _ = try appendToDictionary(bytes)
                }
                try didAppendValue()
                (value, remaining) = (value + 1, remaining - 1)
            }
            try appendPlainValues(remaining) { index in
                let plain = valueBytes(value + index)
                try checkLength(of: plain)
                statistics.observe(bytes: plain)
                return plain
            }
            value += remaining
        }
        return value
    }

    /// Appends `count` values PLAIN, once the dictionary has ended: `next(i)` gives the i-th
    /// (and does its checks and statistics). Pages close exactly where checking `isPageFull`
    /// after every row would close them; the checks just run on local counters.
    @inline(__always)
    func appendPlainValues(
        _ count: Int, _ next: (Int) throws -> UnsafeRawBufferPointer
    ) throws {
        let levelBits = spec.isOptional ? 1 : 0
        var done = 0
        while done < count {
            let idBytes = pageIndexCount * indexBitWidth / 8
            var (rows, isFull) = (pageRowCount, false)
            while done < count && !isFull {
                pageValues.appendLengthPrefixed(try next(done))
                (rows, done) = (rows + 1, done + 1)
                isFull =
                    rows >= pageRowLimit
                    || pageValues.count + idBytes + rows * levelBits / 8 >= pageTargetBytes
            }
            pageRowCount = rows
            if isFull { try flushPage() }
        }
    }

    /// Appends the ids of the leading values (at most `limit`, `next(i)` giving the i-th)
    /// that the chunk dictionary holds, for as long as none of them can fill the page or
    /// bring the profitability check; returns how many, and where the value that stopped the
    /// stretch goes in the dictionary when it was missing from it. Such values need no
    /// check per row, and were length-checked when they entered the dictionary.
    @inline(__always)
    private func appendKnownValues(
        upTo limit: Int, _ next: (Int) -> UnsafeRawBufferPointer
    ) -> (count: Int, miss: (hash: UInt64, slot: Int)?) {
        var room = min(limit, rowsThatCannotFillThePage())
        if !hasCheckedDictionary {
            room = min(room, Self.dictionaryCheckValues - 1 - dictionaryEncodedValues)
        }
        guard room > 0 else { return (0, nil) }

        let ids = pageIndices.spareCapacity(room * MemoryLayout<UInt32>.stride)
            .assumingMemoryBound(to: UInt32.self)
        var (count, plainBytes) = (0, 0)
        var miss: (hash: UInt64, slot: Int)?
        while count < room {
            let value = next(count)
            let hash = ByteHasher.hash(value)
            switch dictionary.lookup(value, hash: hash) {
            case .found(let id):
                ids[count] = UInt32(truncatingIfNeeded: id)
                (count, plainBytes) = (count + 1, plainBytes + 4 + value.count)
                continue
            case .absent(let slot):
                miss = (hash, slot)
            }
            break
        }
        pageIndices.didAppend(count * MemoryLayout<UInt32>.stride)
        pageRowCount += count
        dictionaryEncodedValues += count
        dictionaryEncodedPlainBytes += plainBytes
        return (count, miss)
    }

    /// Walks `rows` as alternating runs of nulls, which go to `appendNullRows`, and of
    /// values, whose length goes to `encodeValues`. The rows' definition levels reach the page
    /// in bulk through `pendingLevels`, and are all in `pageLevels` when this returns.
    @inline(__always)
    func forEachRun(
        of buffer: ParquetColumnBuffer, _ rows: Range<Int>, _ encodeValues: (Int) throws -> Void
    ) throws {
        let levels = buffer.definitionLevels
        pendingLevels = levels.baseAddress.map { $0 + rows.lowerBound }
        defer {
            copyPendingLevels()
            pendingLevels = nil
        }
        guard buffer.nullCount > 0 else { return try encodeValues(rows.count) }

        var row = rows.lowerBound
        while row < rows.upperBound {
            let end = levels.endOfRun(from: row, before: rows.upperBound)
            if levels[row] == 0 {
                try appendNullRows(end - row)
            } else {
                try encodeValues(end - row)
            }
            row = end
        }
    }

    /// Adds `count` null rows, closing pages exactly where adding them one at a time and
    /// checking `isPageFull` after each would have.
    func appendNullRows(_ count: Int) throws {
        var remaining = count
        while remaining > 0 {
            let room = nullRowsUntilPageFull()
            let added = min(remaining, room)
            (pageRowCount, pageNullCount) = (pageRowCount + added, pageNullCount + added)
            statistics.addNulls(added)
            remaining -= added
            if added == room { try flushPage() }
        }
    }

    /// How many null rows make the open page full (at least 1, since a page that is full is
    /// closed at once): a null adds a row and, in an OPTIONAL column, a level to the estimate.
    private func nullRowsUntilPageFull() -> Int {
        let byRows = pageRowLimit - pageRowCount
        guard spec.isOptional else { return max(1, byRows) }
        // `pageBytesEstimate` reaches the target once (pageRowCount + k) / 8 >= room.
        let room = pageTargetBytes - (pageValues.count + pageIndexCount * indexBitWidth / 8)
        let byBytes = room <= 0 ? 1 : room > Int.max / 8 ? Int.max : 8 * room - pageRowCount
        return max(1, min(byRows, byBytes))
    }

    /// Appends a value's id while the dictionary lasts, adding the value to the dictionary
    /// when it is new; returns the id, or nil when the value ended the dictionary and went
    /// PLAIN (see `addToDictionary`). The caller then calls `didAppendValue`.
    @inline(__always)
    func appendToDictionary(_ value: UnsafeRawBufferPointer) throws -> Int? {
        try checkLength(of: value)
        let hash = ByteHasher.hash(value)
        switch dictionary.lookup(value, hash: hash) {
        case .found(let id):
            appendDictionaryID(id, plainBytes: 4 + value.count)
            return id
        case .absent(let slot):
            return try addToDictionary(value, hash: hash, slot: slot)
        }
    }

    @inline(__always)
    func checkLength(of value: UnsafeRawBufferPointer) throws {
        guard value.count <= Int(Int32.max) else { throw valueTooLong(value.count) }
    }

    private func valueTooLong(_ count: Int) -> ParquetError {
        ParquetError(
            .limitExceeded, "A value of \(count) bytes exceeds the format's 2 GiB limit.",
            path: filePath, column: spec.name)
    }

    /// Appends a value the dictionary lacks (`lookup` said where it goes) and returns its id.
    /// A dictionary past its limit would make a page readers must hold whole, so when the
    /// value does not fit the open page is closed, the dictionary ends (the values so far keep
    /// their ids) and the value and everything after it go PLAIN: then this returns nil.
    func addToDictionary(_ value: UnsafeRawBufferPointer, hash: UInt64, slot: Int) throws -> Int? {
        statistics.observe(bytes: value)
        let grownSize = dictionary.plainEncodedSize + 4 + value.count
        guard dictionary.count == 0 || grownSize <= dictionaryLimitBytes else {
            try flushPage()
            isDictionaryActive = false
            appendPlain(value)
            return nil
        }

        let id = dictionary.insert(value, hash: hash, slot: slot)
        updateIndexBitWidth()
        appendDictionaryID(id, plainBytes: 4 + value.count)
        return id
    }

    @inline(__always)
    func appendPlain(_ value: UnsafeRawBufferPointer) {
        pageValues.appendLengthPrefixed(value)
    }

    @inline(__always)
    func appendDictionaryID(_ id: Int, plainBytes: Int) {
        pageIndices.appendNative(UInt32(truncatingIfNeeded: id))
        dictionaryEncodedValues += 1
        dictionaryEncodedPlainBytes += plainBytes
    }

    /// Counts the row of the value just appended, then checks once whether the dictionary
    /// pays and whether the page is full.
    @inline(__always)
    func didAppendValue() throws {
        pageRowCount += 1
        if dictionaryEncodedValues >= Self.dictionaryCheckValues && !hasCheckedDictionary
            && isDictionaryActive
        {
            try abandonUnprofitableDictionary()
        }
        if isPageFull { try flushPage() }
    }

    /// Falls back to PLAIN when the dictionary plus ids so far outweigh the PLAIN values.
    func abandonUnprofitableDictionary() throws {
        hasCheckedDictionary = true
        let bitWidth = RLEHybridEncoder.bitWidth(forMaxValue: max(dictionaryCount - 1, 0))
        let idBytes = dictionaryEncodedValues * bitWidth / 8
        guard dictionaryPlainSize + idBytes >= dictionaryEncodedPlainBytes else { return }
        try flushPage()
        isDictionaryActive = false
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The first index after `start` and before `end` whose byte differs from the one at
    /// `start`, or `end`; compares 8 bytes at a time.
    @inline(__always)
    func endOfRun(from start: Int, before end: Int) -> Int {
        let byte = self[start]
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        let raw = UnsafeRawPointer(baseAddress!)
        var index = start + 1
        while index + 8 <= end
            && raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) == pattern
        {
            index += 8
        }
        while index < end && self[index] == byte { index += 1 }
        return index
    }
}
