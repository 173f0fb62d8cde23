// Encodings.md "Plain (PLAIN = 0)": fixed-width values little-endian back to back, BOOLEAN
// bit-packed LSB first, BYTE_ARRAY as a 4-byte little-endian length then the bytes.

/// Fixed-width values the writer copies into pages byte for byte.
protocol PlainFixedWidth {
    /// The value's bit pattern widened to 64 bits, the integer dictionary's key.
    var dictionaryKey: UInt64 { get }
    static func observe(
        _ values: UnsafeBufferPointer<Self>, into stats: inout StatisticsAccumulator)
}

extension Bool: PlainFixedWidth {
    var dictionaryKey: UInt64 { self ? 1 : 0 }

    static func observe(
        _ values: UnsafeBufferPointer<Bool>, into stats: inout StatisticsAccumulator
    ) {
        stats.observe(values)
    }
}

extension Int32: PlainFixedWidth {
    var dictionaryKey: UInt64 { UInt64(bitPattern: Int64(self)) }

    static func observe(
        _ values: UnsafeBufferPointer<Int32>, into stats: inout StatisticsAccumulator
    ) {
        stats.observe(values)
    }
}

extension Int64: PlainFixedWidth {
    var dictionaryKey: UInt64 { UInt64(bitPattern: self) }

    static func observe(
        _ values: UnsafeBufferPointer<Int64>, into stats: inout StatisticsAccumulator
    ) {
        stats.observe(values)
    }
}

extension Double: PlainFixedWidth {
    var dictionaryKey: UInt64 { bitPattern }

    static func observe(
        _ values: UnsafeBufferPointer<Double>, into stats: inout StatisticsAccumulator
    ) {
        stats.observe(values)
    }
}

extension ColumnChunkWriter {
    /// Copies fixed-width values in slices sized to fill the open page, closing full pages.
    /// Booleans stay one byte each until the page is closed, where they are bit-packed.
    func appendFixed<T: PlainFixedWidth>(
        _ values: UnsafeBufferPointer<T>, _ buffer: ParquetColumnBuffer, _ rows: Range<Int>,
        _ firstValue: Int
    ) throws -> Int {
        var row = rows.lowerBound
        var value = firstValue
        while row < rows.upperBound {
            let slice =
                row..<min(rows.upperBound, row + fixedSliceRows(width: MemoryLayout<T>.size))
            let present = appendLevels(buffer, slice)
            appendFixedValues(values, value..<(value + present))
            (row, value) = (slice.upperBound, value + present)

            if isDictionaryActive { try checkIntegerDictionary() }
            if isPageFull { try flushPage() }
        }
        return value
    }

    /// Rows that fit the open page (and, while dictionary encoding, one dictionary check).
    private func fixedSliceRows(width: Int) -> Int {
        let bytesRoom = (pageTargetBytes - pageBytesEstimate) / width
        let room = max(1, min(bytesRoom, pageRowLimit - pageRowCount))
        return isDictionaryActive ? min(room, Self.dictionarySliceRows) : room
    }

    private func appendFixedValues<T: PlainFixedWidth>(
        _ values: UnsafeBufferPointer<T>, _ range: Range<Int>
    ) {
        let part = UnsafeBufferPointer(rebasing: values[range])
        T.observe(part, into: &statistics)
        guard isDictionaryActive, let integers else {
            pageValues.append(UnsafeRawBufferPointer(part))
            return
        }
        for value in part {
            pageIndices.appendNative(
                UInt32(truncatingIfNeeded: integers.id(of: value.dictionaryKey)))
        }
        updateIndexBitWidth()
        dictionaryEncodedValues += part.count
        dictionaryEncodedPlainBytes += part.count * MemoryLayout<T>.size
    }

    /// Ends dictionary encoding of an integer chunk whose dictionary passed its limit or does
    /// not pay; the values so far keep their ids.
    private func checkIntegerDictionary() throws {
        guard let integers else { return }
        if integers.plainEncodedSize > dictionaryLimitBytes {
            try flushPage()
            isDictionaryActive = false
        } else if dictionaryEncodedValues >= Self.dictionaryCheckValues && !hasCheckedDictionary {
            try abandonUnprofitableDictionary()
        }
    }

    /// Records the definition levels of `rows` in the open page; returns how many are present.
    func appendLevels(_ buffer: ParquetColumnBuffer, _ rows: Range<Int>) -> Int {
        pageRowCount += rows.count
        var present = rows.count
        if buffer.nullCount > 0 {
            present = buffer.definitionLevels[rows].reduce(0) { $0 + Int($1) }
        }
        let nulls = rows.count - present
        pageNullCount += nulls
        statistics.addNulls(nulls)

        guard spec.isOptional else { return present }
        pageLevels.append(
            UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer.definitionLevels[rows])))
        return present
    }

    /// Encodes byte-array values row by row: as dictionary ids while the dictionary stays
    /// under its limit, then PLAIN for the rest of the chunk.
    func appendByteArrays(
        _ buffer: ParquetColumnBuffer, _ rows: Range<Int>, _ firstValue: Int
    ) throws -> Int {
        var value = firstValue
        let (bytes, ends, levels) = (buffer.utf8, buffer.ends, buffer.definitionLevels)
        for row in rows {
            guard buffer.nullCount == 0 || levels[row] != 0 else {
                try appendNullRow()
                continue
            }
            let start = value == 0 ? 0 : ends[value - 1]
            try appendByteArray(UnsafeRawBufferPointer(rebasing: bytes[start..<ends[value]]))
            value += 1
        }
        return value
    }

    private func appendNullRow() throws {
        if spec.isOptional { pageLevels.append(byte: 0) }
        (pageRowCount, pageNullCount) = (pageRowCount + 1, pageNullCount + 1)
        statistics.addNulls(1)
        if isPageFull { try flushPage() }
    }

    private func appendByteArray(_ value: UnsafeRawBufferPointer) throws {
        guard value.count <= Int(Int32.max) else {
            throw ParquetError(
                .limitExceeded, "A value of \(value.count) bytes exceeds the format's 2 GiB limit.",
                path: filePath, column: spec.name)
        }
        if isDictionaryActive { try appendDictionaryID(value) } else { appendPlain(value) }

        if spec.isOptional { pageLevels.append(byte: 1) }
        pageRowCount += 1
        if dictionaryEncodedValues >= Self.dictionaryCheckValues && !hasCheckedDictionary
            && isDictionaryActive
        {
            try abandonUnprofitableDictionary()
        }
        if isPageFull { try flushPage() }
    }

    private func appendDictionaryID(_ value: UnsafeRawBufferPointer) throws {
        let hash = ByteHasher.hash(value)
        let slot: Int
        switch dictionary.lookup(value, hash: hash) {
        case .found(let id):
            appendDictionaryID(id, plainBytes: 4 + value.count)
            return
        case .absent(let free):
            slot = free
        }

        // A dictionary past its limit would make a page readers must hold whole; the values
        // seen so far keep their ids, everything after goes PLAIN.
        let grownSize = dictionary.plainEncodedSize + 4 + value.count
        guard dictionary.count == 0 || grownSize <= dictionaryLimitBytes else {
            try flushPage()
            isDictionaryActive = false
            appendPlain(value)
            return
        }

        statistics.observe(bytes: value)
        let id = dictionary.insert(value, hash: hash, slot: slot)
        updateIndexBitWidth()
        appendDictionaryID(id, plainBytes: 4 + value.count)
    }

    @inline(__always)
    private func appendPlain(_ value: UnsafeRawBufferPointer) {
        pageValues.appendLittleEndian(UInt32(value.count))
        pageValues.append(value)
        statistics.observe(bytes: value)
    }

    @inline(__always)
    private func appendDictionaryID(_ id: Int, plainBytes: Int) {
        pageIndices.appendNative(UInt32(truncatingIfNeeded: id))
        dictionaryEncodedValues += 1
        dictionaryEncodedPlainBytes += plainBytes
    }

    /// Falls back to PLAIN when the dictionary plus ids so far outweigh the PLAIN values.
    private func abandonUnprofitableDictionary() throws {
        hasCheckedDictionary = true
        let bitWidth = RLEHybridEncoder.bitWidth(forMaxValue: max(dictionaryCount - 1, 0))
        let idBytes = dictionaryEncodedValues * bitWidth / 8
        guard dictionaryPlainSize + idBytes >= dictionaryEncodedPlainBytes else { return }
        try flushPage()
        isDictionaryActive = false
    }
}
