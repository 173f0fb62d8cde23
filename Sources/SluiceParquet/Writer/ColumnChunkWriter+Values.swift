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
}
