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
        /// In the spill file; its `rowCheckpoints[i]` is the row of value
        /// `i * checkpointStride`, so a row range finds its values reading only a few rows
        /// around it.
        case disk(SpilledColumn)
    }

    /// Values between two entries of a spilled column's checkpoint index.
    static let checkpointStride = 1024

    /// The rows' headers, in sorted order.
    let headers: [RowHeader]
    /// Each partition's rows, as a range of `headers`, in partition order.
    let buckets: [(bucket: Int64, rows: Range<Int>)]
    let columns: [Column]
    let spill: ColumnSpill?
    private let indexOfKey: [UInt32: Int]

    init(
        headers: [RowHeader], buckets: [(bucket: Int64, rows: Range<Int>)], columns: [Column],
        spill: ColumnSpill?
    ) {
        self.headers = headers
        self.buckets = buckets
        self.columns = columns
        self.spill = spill
        indexOfKey = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1.key, $0) })
    }

    var rowCount: Int { headers.count }

    /// The column of `key`, if any row of the run holds it.
    func column(forKey key: UInt32) -> Column? {
        indexOfKey[key].map { columns[$0] }
    }

    /// The rows of partition `bucket`, empty when the run holds none.
    func rows(ofBucket bucket: Int64) -> Range<Int> {
        buckets.first { $0.bucket == bucket }?.rows ?? 0..<0
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
            let approximate = Self.approximateRange(
                spilled.rowCheckpoints, count: column.count, low, high)
            guard !approximate.isEmpty else { return (ColumnValues(), 0..<0) }
            let window = try spill!.read(spilled, values: approximate)
            let all = 0..<window.count
            let start = window.firstIndex(atOrAfterRow: low, in: all)
            let end = window.firstIndex(atOrAfterRow: high, in: start..<window.count)
            return (window, start..<end)
        }
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

    /// Value indexes that include every value with a row in `low..<high`, from the index.
    private static func approximateRange(
        _ checkpoints: [UInt32], count: Int, _ low: UInt32, _ high: UInt32
    ) -> Range<Int> {
        // The last checkpoint below `low` starts the range; the first at or past `high` ends it.
        var first = 0
        var (lo, hi) = (0, checkpoints.count)
        while lo < hi {
            let middle = (lo + hi) / 2
            if checkpoints[middle] < low { lo = middle + 1 } else { hi = middle }
        }
        first = max(0, lo - 1) * checkpointStride
        (lo, hi) = (0, checkpoints.count)
        while lo < hi {
            let middle = (lo + hi) / 2
            if checkpoints[middle] < high { lo = middle + 1 } else { hi = middle }
        }
        let last = lo < checkpoints.count ? lo * checkpointStride : count
        return first..<max(first, min(last, count))
    }
}
