extension ColumnRun {
    /// Sorts `batch`'s rows by (partition, `receivedAt`, file, line) and stores its columns in
    /// that order: in memory, or appended to `spill` and freed one at a time. The batch is
    /// emptied, each of its columns freed as soon as its sorted copy exists, so sealing needs
    /// little more memory than the batch itself. On a failure the spill may hold columns no
    /// run points at, and the batch is empty.
    static func seal(
        _ batch: inout ColumnBatch, partitioning: RunConfiguration.Partitioning,
        spill: ColumnSpill?
    ) throws -> ColumnRun {
        let (order, buckets) = sortedOrder(batch.headers, partitioning: partitioning)
        var rank = [UInt32](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() { rank[Int(row)] = UInt32(position) }
        let headers = order.map { batch.headers[Int($0)] }
        let keys = batch.keys
        var batchColumns = batch.takeColumns()

        let partitionStarts = buckets.map(\.rows.lowerBound)
        var slots = [Int32](repeating: -1, count: order.count)
        var columns: [Column] = []
        for index in batchColumns.indices {
            let values = batchColumns[index]
            batchColumns[index] = ColumnValues.empty
            let sorted = rank.withUnsafeBufferPointer { rank in
                slots.withUnsafeMutableBufferPointer { slots in
                    Self.sorted(values, rank: rank, slots: slots)
                }
            }
            let place: Place
            if let spill {
                place = .disk(
                    try spill.write(
                        sorted, runRows: order.count, partitionStarts: partitionStarts))
            } else {
                place = .memory(sorted)
            }
            columns.append(
                Column(
                    key: keys[index], count: sorted.count, kindMask: sorted.kindMask,
                    textBytes: sorted.text.count, place: place))
        }
        return ColumnRun(headers: headers, buckets: buckets, columns: columns, spill: spill)
    }

    /// The batch's rows in sorted order, and each partition's range of that order.
    private static func sortedOrder(
        _ headers: [RowHeader], partitioning: RunConfiguration.Partitioning
    ) -> ([UInt32], [(bucket: Int64, rows: Range<Int>)]) {
        var keys = headers.enumerated().map { row, h in
            SortKey(
                bucket: partitioning.bucket(ofMicros: h.partitionMicros), receivedAt: h.receivedAt,
                file: h.file, line: h.line, row: UInt32(row))
        }
        keys.sort {
            ($0.bucket, $0.receivedAt, $0.file, $0.line) < (
                $1.bucket, $1.receivedAt, $1.file, $1.line
            )
        }

        var buckets: [(bucket: Int64, rows: Range<Int>)] = []
        for (position, key) in keys.enumerated() {
            if buckets.last?.bucket == key.bucket {
                buckets[buckets.count - 1].rows =
                    buckets[buckets.count - 1].rows.lowerBound..<position + 1
            } else {
                buckets.append((key.bucket, position..<position + 1))
            }
        }
        return (keys.map(\.row), buckets)
    }

    /// `values` with every row renumbered by `rank` and values and text laid out in the new
    /// row order. `slots` (one per row, all -1) is scratch and is left all -1 again.
    private static func sorted(
        _ values: ColumnValues, rank: UnsafeBufferPointer<UInt32>,
        slots: UnsafeMutableBufferPointer<Int32>
    ) -> ColumnValues {
        let count = values.count
        let order = valueOrder(values, rank: rank, slots: slots)
        let sorted = ColumnValues(
            count: count, textCount: values.text.count, textBase: 0, kindMask: values.kindMask
        ) { rows, kinds, payloads, text in
            // The source arrays read once: the loop's stores could otherwise alias them.
            let (fromRows, fromKinds) = (values.rows.buffer, values.kinds.buffer)
            let fromPayloads = values.payloads.buffer
            guard values.kindMask & ValueKind.textMask != 0 else {
                order.forEach(rows: fromRows, rank: rank, slots: slots) { position, index, row in
                    rows![position] = row
                    kinds![position] = fromKinds[index]
                    payloads![position] = fromPayloads[index]
                }
                return
            }
            // Kinds are tested as mask bits and the text read through locals, so a value costs
            // no call and no reload of the source column's fields.
            let (textMask, numberPrefixMask) = (ValueKind.textMask, ValueKind.numberPrefixMask)
            let fromText = UnsafeRawPointer(values.text.base)
            let fromTextBase = values.textBase
            var textEnd = 0
            order.forEach(rows: fromRows, rank: rank, slots: slots) { position, index, row in
                let rawKind = fromKinds[index]
                let bit: KindMask = 1 << KindMask(rawKind)
                rows![position] = row
                kinds![position] = rawKind
                let payload = fromPayloads[index]
                guard bit & textMask != 0 else {
                    payloads![position] = payload
                    return
                }
                let start = TextRef.offset(payload) - fromTextBase
                let length = TextRef.length(payload)
                if bit & numberPrefixMask != 0 {
                    // The number's 8 bytes sit just before the text.
                    UnsafeMutableRawPointer(text! + textEnd).copyMemory(
                        from: fromText.unsafelyUnwrapped + start - 8, byteCount: 8)
                    textEnd += 8
                }
                payloads![position] = TextRef.make(offset: textEnd, length: length)
                if length > 0 {
                    UnsafeMutableRawPointer(text! + textEnd).copyMemory(
                        from: fromText.unsafelyUnwrapped + start, byteCount: length)
                }
                textEnd += length
            }
        }
        sorted.hasRepeatedRows = values.hasRepeatedRows
        return sorted
    }

    /// The order of a column's values by their new rows: by scattering them into `slots` when
    /// the column is dense enough that walking every row is cheap and no row holds two
    /// values, else by sorting.
    private static func valueOrder(
        _ values: ColumnValues, rank: UnsafeBufferPointer<UInt32>,
        slots: UnsafeMutableBufferPointer<Int32>
    ) -> ValueOrder {
        let count = values.count
        // Values of one row keep their order (the first is the row's value).
        guard count * 8 >= slots.count, !values.hasRepeatedRows else {
            return .sorted(
                (0..<count).sorted {
                    (rank[Int(values.rows[$0])], $0) < (rank[Int(values.rows[$1])], $1)
                })
        }
        for index in 0..<count { slots[Int(rank[Int(values.rows[index])])] = Int32(index) }
        return .scattered
    }

    /// How `valueOrder` ordered a column's values.
    private enum ValueOrder {
        /// Each new row's value index is in its slot (-1 for a row without one), so the
        /// order is read straight off the slots, with no list of indexes built between.
        case scattered
        /// The value indexes in their new order.
        case sorted([Int])

        /// Calls `body` with each value's position in the new order, its index and its new
        /// row, in that order; leaves `slots` all -1. `rows` are the values' old rows.
        @inline(__always)
        func forEach(
            rows: UnsafeBufferPointer<UInt32>, rank: UnsafeBufferPointer<UInt32>,
            slots: UnsafeMutableBufferPointer<Int32>,
            _ body: (_ position: Int, _ index: Int, _ row: UInt32) -> Void
        ) {
            switch self {
            case .scattered:
                var position = 0
                for row in 0..<slots.count where slots[row] >= 0 {
                    body(position, Int(slots[row]), UInt32(truncatingIfNeeded: row))
                    slots[row] = -1
                    position += 1
                }
            case .sorted(let order):
                for (position, index) in order.enumerated() {
                    body(position, index, rank[Int(rows[index])])
                }
            }
        }
    }

    private struct SortKey {
        var bucket: Int64
        var receivedAt: Int64
        var file: Int32
        var line: Int32
        var row: UInt32
    }
}
