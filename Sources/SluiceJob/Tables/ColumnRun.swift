/// The rows of one table from one worker's batch, sorted by (partition, `receivedAt`, file,
/// line), stored column by column in memory or in the worker's `ColumnSpill`.
///
/// A worker seals its batches into runs each time it spills and once more at the end of
/// ingest (then kept in memory), so the table stage reads every value the same way wherever
/// it is. Runs hold every stored row, live or not: the dedupe winners are known only after
/// ingest, so readers filter. Headers stay in memory (about 32 bytes a row); values of a
/// spilled run are read back a column and a row range at a time. Immutable once sealed, so
/// any number of table threads may read a run at once.
final class ColumnRun: @unchecked Sendable {
    /// One key's values in this run.
    struct Column: Sendable {
        let key: UInt32
        let count: Int
        let kindMask: KindMask
        /// Bytes of text the values hold (interned strings hold none).
        let textBytes: Int
        let place: Place
    }

    enum Place: Sendable {
        case memory(ColumnValues)
        /// In the spill file; its checkpoints let a row range of one partition read its
        /// values and at most `checkpointStride` more.
        case disk(SpilledColumn)
    }

    /// Values between two entries of a spilled column's checkpoint index.
    static let checkpointStride = 1024

    /// The rows' headers, in sorted order.
    let headers: [RowHeader]
    /// Each partition's rows, as a range of `headers`, in ascending bucket order (the sort
    /// order of the rows), so a bucket is found by halving.
    let buckets: [(bucket: Int64, rows: Range<Int>)]
    let columns: [Column]
    let spill: ColumnSpill?
    /// Each column's key, in key order, with its index in `columns`: searched by halving,
    /// since a night keyed by ids gives a run hundreds of thousands of columns and a hash
    /// table of them would cost more than the columns.
    private let keyOrder: [(key: UInt32, index: Int32)]

    init(
        headers: [RowHeader], buckets: [(bucket: Int64, rows: Range<Int>)], columns: [Column],
        spill: ColumnSpill?
    ) {
        self.headers = headers
        self.buckets = buckets
        self.columns = columns
        self.spill = spill
        keyOrder = columns.enumerated().map { ($1.key, Int32($0)) }.sorted { $0.key < $1.key }
    }

    var rowCount: Int { headers.count }

    /// The column of `key`, if any row of the run holds it.
    func column(forKey key: UInt32) -> Column? {
        var (low, high) = (0, keyOrder.count)
        while low < high {
            let middle = (low + high) / 2
            if keyOrder[middle].key < key { low = middle + 1 } else { high = middle }
        }
        guard low < keyOrder.count, keyOrder[low].key == key else { return nil }
        return columns[Int(keyOrder[low].index)]
    }

    /// The rows of partition `bucket`, empty when the run holds none. Searched by halving:
    /// with hourly partitions a run holds hundreds of buckets and every partition asks.
    func rows(ofBucket bucket: Int64) -> Range<Int> {
        var (low, high) = (0, buckets.count)
        while low < high {
            let middle = (low + high) / 2
            if buckets[middle].bucket < bucket { low = middle + 1 } else { high = middle }
        }
        guard low < buckets.count, buckets[low].bucket == bucket else { return 0..<0 }
        return buckets[low].rows
    }

    /// The values of `column` whose rows lie in `rows`: a column and the range of its value
    /// indexes. A spilled column is read from disk into a new `ColumnValues` for the range.
    func values(of column: Column, rows: Range<Int>) throws -> (ColumnValues, Range<Int>) {
        let low = UInt32(rows.lowerBound)
        let high = UInt32(rows.upperBound)
        switch column.place {
        case .memory(let values):
            let all = 0..<values.count
            let start = values.firstIndex(atOrAfterRow: low, in: all)
            let end = values.firstIndex(atOrAfterRow: high, in: start..<values.count)
            return (values, start..<end)
        case .disk(let spilled):
            guard let bucket = bucketIndex(ofRow: rows.lowerBound),
                let window = spilled.window(
                    rows: rows, partitionStart: buckets[bucket].rows.lowerBound)
            else { return (ColumnValues(), 0..<0) }
            let values = try spill!.read(spilled, from: window.checkpoint, to: window.end)
            let all = 0..<values.count
            let start = values.firstIndex(atOrAfterRow: low, in: all)
            let end = values.firstIndex(atOrAfterRow: high, in: start..<values.count)
            return (values, start..<end)
        }
    }

    /// The index in `buckets` of the partition holding `row`, if the run has that row.
    private func bucketIndex(ofRow row: Int) -> Int? {
        var (low, high) = (0, buckets.count)
        while low < high {
            let middle = (low + high) / 2
            if buckets[middle].rows.upperBound <= row { low = middle + 1 } else { high = middle }
        }
        return low < buckets.count && buckets[low].rows.contains(row) ? low : nil
    }

    /// Every value's row and kind, for scans that read no payloads.
    func rowsAndKinds(of column: Column) throws -> ([UInt32], [UInt8]) {
        switch column.place {
        case .memory(let values):
            return (Array(values.rows.buffer), Array(values.kinds.buffer))
        case .disk(let spilled):
            return try spill!.readRowsAndKinds(spilled)
        }
    }
}
