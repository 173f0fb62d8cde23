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
        try forEachRun(of: buffer, rows) { count in
            for _ in 0..<count {
                let start = value == 0 ? 0 : ends[value - 1]
                try appendByteArray(
                    UnsafeRawBufferPointer(start: bytes + start, count: ends[value] - start))
                value += 1
            }
        }
        return value
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

    private func appendByteArray(_ value: UnsafeRawBufferPointer) throws {
        try checkLength(of: value)
        if isDictionaryActive {
            let hash = ByteHasher.hash(value)
            switch dictionary.lookup(value, hash: hash) {
            case .found(let id): appendDictionaryID(id, plainBytes: 4 + value.count)
            case .absent(let slot): _ = try addToDictionary(value, hash: hash, slot: slot)
            }
        } else {
            appendPlain(value)
            statistics.observe(bytes: value)
        }
        try didAppendValue()
    }

    func checkLength(of value: UnsafeRawBufferPointer) throws {
        guard value.count <= Int(Int32.max) else {
            throw ParquetError(
                .limitExceeded, "A value of \(value.count) bytes exceeds the format's 2 GiB limit.",
                path: filePath, column: spec.name)
        }
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
        pageValues.appendLittleEndian(UInt32(value.count))
        pageValues.append(value)
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
