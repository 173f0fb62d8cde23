extension ColumnRun {
    /// Sorts `batch`'s rows by (partition, `receivedAt`, file, line) and stores its columns in
    /// that order: in memory, or appended to `spill`. Columns bound for the spill are laid out
    /// in the worker's reusable sealing memory and written one at a time, so spilling a batch
    /// needs its table's columns beyond the log, and no new allocation once that memory has
    /// grown. The batch is emptied; its values stay in the log until the worker empties it.
    /// On a failure the spill may hold columns no run points at, and the batch is empty.
    static func seal(
        _ batch: inout ColumnBatch, partitioning: RunConfiguration.Partitioning,
        spill: ColumnSpill?
    ) throws -> ColumnRun {
        let (order, buckets) = sortedOrder(batch.headers, partitioning: partitioning)
        let headers = order.map { batch.headers[Int($0)] }
        let keys = batch.keys
        // Columns about to be spilled only need memory until they are written, so they are
        // laid out in memory the worker keeps from one spill to the next.
        var sorted = order.withUnsafeBufferPointer {
            batch.columns(inRowOrder: $0, borrowing: spill != nil)
        }
        batch.removeAll()

        let partitionStarts = buckets.map(\.rows.lowerBound)
        var columns: [Column] = []
        for index in sorted.indices {
            let values = sorted[index]
            sorted[index] = ColumnValues.empty
            let place: Place
            if let spill {
                place = .disk(
                    try spill.write(
                        values, runRows: order.count, partitionStarts: partitionStarts))
            } else {
                place = .memory(values)
            }
            columns.append(
                Column(
                    key: keys[index], count: values.count, kindMask: values.kindMask,
                    textBytes: values.text.count, place: place))
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

    private struct SortKey {
        var bucket: Int64
        var receivedAt: Int64
        var file: Int32
        var line: Int32
        var row: UInt32
    }
}
