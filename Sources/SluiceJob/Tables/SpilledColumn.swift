/// Where and how one column of a sealed run lies in its worker's spill file, packed narrow:
/// most spilled values are small ids, lengths and times that need far fewer than the 13
/// bytes a value takes in memory.
///
/// The blocks, in order: rows (each `rowWidth` bytes; none when the column has a value on
/// every row of its run), kinds (a byte each; none when every value has one kind), payloads
/// (each `payloadWidth` bytes, as the distance from `payloadBase`; none when all are equal),
/// then the text bytes in value order. A text value's payload is stored as its length: its
/// offset follows from the lengths before it, so reads start at a checkpoint, which records
/// where its value's text starts. Every `ColumnRun.checkpointStride`-th value is one, and so
/// is the column's first value in each partition of its run: a partition's values are read
/// without touching its neighbours', and a partition the column is absent from costs no read.
///
/// A class, so that a run's column entry holds a reference rather than the whole layout.
final class SpilledColumn: Sendable {
    let offset: Int64
    let count: Int
    let rowWidth: Int
    let uniformKind: UInt8?
    let payloadBase: Int64
    let payloadWidth: Int
    let textCount: Int
    /// The checkpoints in value order: each one's value index, row and text offset.
    let checkpointValues: [Int32]
    let checkpointRows: [UInt32]
    let checkpointTexts: [Int]

    var rowsOffset: Int64 { offset }
    var kindsOffset: Int64 { rowsOffset + Int64(count * rowWidth) }
    var payloadsOffset: Int64 { kindsOffset + (uniformKind == nil ? Int64(count) : 0) }
    var textOffset: Int64 { payloadsOffset + Int64(count * payloadWidth) }

    init(
        offset: Int64, count: Int, rowWidth: Int, uniformKind: UInt8?, payloadBase: Int64,
        payloadWidth: Int, textCount: Int, checkpointValues: [Int32], checkpointRows: [UInt32],
        checkpointTexts: [Int]
    ) {
        self.offset = offset
        self.count = count
        self.rowWidth = rowWidth
        self.uniformKind = uniformKind
        self.payloadBase = payloadBase
        self.payloadWidth = payloadWidth
        self.textCount = textCount
        self.checkpointValues = checkpointValues
        self.checkpointRows = checkpointRows
        self.checkpointTexts = checkpointTexts
    }

    /// The checkpoint to read from, and the value index to read to, to get every value with a
    /// row in `rows`; nil when the column has none there. `partitionStart` is the first row of
    /// the partition holding `rows.lowerBound`.
    func window(rows: Range<Int>, partitionStart: Int) -> (checkpoint: Int, end: Int)? {
        // The column's first value at or after the partition's start is a checkpoint.
        let first = firstCheckpoint(atOrAfterRow: partitionStart)
        guard first < checkpointRows.count, Int(checkpointRows[first]) < rows.upperBound
        else { return nil }

        // Start at the last checkpoint below `rows` (values of one row may straddle a
        // checkpoint, so not at one on its first row), or at that first value.
        let start = max(first, firstCheckpoint(atOrAfterRow: rows.lowerBound) - 1)
        let after = firstCheckpoint(atOrAfterRow: rows.upperBound)
        let end = after < checkpointValues.count ? Int(checkpointValues[after]) : count
        return (start, end)
    }

    /// The index of the first checkpoint whose row is `row` or later, or the checkpoint count.
    private func firstCheckpoint(atOrAfterRow row: Int) -> Int {
        var (low, high) = (0, checkpointRows.count)
        while low < high {
            let middle = (low + high) / 2
            if Int(checkpointRows[middle]) < row { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The layout of `values`, whose run has `runRows` rows and partitions starting at the
    /// rows `partitionStarts` (ascending), once written at `offset`, and its packed blocks to
    /// write there before the text (which is written as it is).
    static func encode(
        _ values: ColumnValues, runRows: Int, partitionStarts: [Int], offset: Int64
    ) -> (SpilledColumn, [[UInt8]]) {
        let count = values.count
        let isDense = count == runRows && !values.hasRepeatedRows
        let (rows, kinds) = (values.rows.buffer, values.kinds.buffer)
        let payloads = values.payloads.buffer
        let single = values.kindMask.nonzeroBitCount == 1
        let hasText = values.kindMask & ValueKind.textMask != 0

        // The checkpoints are known before the values are visited, so the values between two
        // of them go through a loop that checks nothing else; a column without text stores
        // its payloads as they are, and that loop only finds their range.
        let starts = checkpointIndexes(values, partitionStarts: partitionStarts)
        var (checkpointValues, checkpointRows, checkpointTexts) = ([Int32](), [UInt32](), [Int]())
        checkpointValues.reserveCapacity(starts.count)
        checkpointRows.reserveCapacity(starts.count)
        checkpointTexts.reserveCapacity(starts.count)
        var (low, high) = (Int64.max, Int64.min)
        var textOffset = 0
        let (textMask, numberPrefixMask) = (ValueKind.textMask, ValueKind.numberPrefixMask)
        let stored = [Int64](unsafeUninitializedCapacity: hasText ? count : 0) {
            stored, initialized in
            for (position, start) in starts.enumerated() {
                let end = position + 1 < starts.count ? starts[position + 1] : count
                checkpointValues.append(Int32(start))
                checkpointRows.append(rows[start])
                checkpointTexts.append(textOffset)
                guard hasText else {
                    for index in start..<end {
                        (low, high) = (min(low, payloads[index]), max(high, payloads[index]))
                    }
                    continue
                }
                for index in start..<end {
                    let bit: KindMask = 1 << KindMask(kinds[index])
                    var payload = payloads[index]
                    if bit & textMask != 0 {
                        let length = TextRef.length(payload)
                        textOffset += length + (bit & numberPrefixMask != 0 ? 8 : 0)
                        payload = Int64(length)
                    }
                    stored.initializeElement(at: index, to: payload)
                    (low, high) = (min(low, payload), max(high, payload))
                }
            }
            initialized = hasText ? count : 0
        }
        let base = count > 0 ? low : 0
        let payloadWidth = count > 0 ? byteWidth(UInt64(bitPattern: high &- low)) : 0
        let rowWidth = isDense ? 0 : byteWidth(UInt64(runRows))

        var blocks: [[UInt8]] = []
        if !isDense { blocks.append(pack(count, rowWidth) { UInt64(rows[$0]) }) }
        if !single { blocks.append(Array(kinds)) }
        if hasText {
            blocks.append(
                stored.withUnsafeBufferPointer { stored in
                    pack(count, payloadWidth) { UInt64(bitPattern: stored[$0] &- base) }
                })
        } else {
            blocks.append(pack(count, payloadWidth) { UInt64(bitPattern: payloads[$0] &- base) })
        }
        let layout = SpilledColumn(
            offset: offset, count: count, rowWidth: rowWidth,
            uniformKind: single ? kinds.first : nil,
            payloadBase: base, payloadWidth: payloadWidth, textCount: values.text.count,
            checkpointValues: checkpointValues, checkpointRows: checkpointRows,
            checkpointTexts: checkpointTexts)
        return (layout, blocks)
    }

    /// The value indexes that start a checkpoint, ascending: every `checkpointStride`-th
    /// value, and the first value at or after each partition start (rows ascend, so a binary
    /// search finds it).
    static func checkpointIndexes(_ values: ColumnValues, partitionStarts: [Int]) -> [Int] {
        let count = values.count
        var indexes: [Int] = []
        indexes.reserveCapacity(count / ColumnRun.checkpointStride + partitionStarts.count + 1)
        var (regular, search) = (0, 0..<count)
        for start in partitionStarts {
            let first = values.firstIndex(atOrAfterRow: UInt32(clamping: start), in: search)
            guard first < count else { break }
            while regular < first {
                indexes.append(regular)
                regular += ColumnRun.checkpointStride
            }
            if indexes.last != first { indexes.append(first) }
            if regular == first { regular += ColumnRun.checkpointStride }
            search = first..<count
        }
        for index in stride(from: regular, to: count, by: ColumnRun.checkpointStride) {
            indexes.append(index)
        }
        return indexes
    }

    /// The bytes needed for values up to `maximum`: 0 to 8.
    static func byteWidth(_ maximum: UInt64) -> Int {
        (64 - maximum.leadingZeroBitCount + 7) / 8
    }

    /// `count` values, `value(index)` for each index, little-endian, `width` bytes each. Each
    /// value is stored as 8 bytes at its place, the next overwriting the spare ones, and the 8
    /// spare bytes at the end left out of the array's count (they are never zeroed or copied).
    @inline(__always)
    private static func pack(_ count: Int, _ width: Int, _ value: (Int) -> UInt64) -> [UInt8] {
        guard width > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count * width + 8) { out, initialized in
            let start = UnsafeMutableRawPointer(out.baseAddress!)
            for index in 0..<count {
                (start + index * width).storeBytes(of: value(index).littleEndian, as: UInt64.self)
            }
            initialized = count * width
        }
    }

    /// Value `index`'s field of `width` bytes from a packed block, which holds 8 spare bytes
    /// at its end so every load reads 8.
    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer, _ index: Int, _ width: Int) -> UInt64 {
        guard width > 0 else { return 0 }
        let raw = UInt64(littleEndian: (block + index * width).loadUnaligned(as: UInt64.self))
        return width == 8 ? raw : raw & (1 << UInt64(width * 8) - 1)
    }
}
