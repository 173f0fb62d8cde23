/// The live rows of one table's partition across every run that holds some, merged into the
/// order of the table file: (`receivedAt`, file, line), which is unique per event, so the same
/// rows give the same order however they were split into runs.
///
/// Each run's rows of the partition are already sorted, so a row group (a slice of the order)
/// visits each run's rows in ascending order: `rowRanges` gives, per run, the rows a slice
/// spans, and a column is read for exactly those. Memory is 8 bytes a live row.
struct PartitionOrder {
    /// The runs merged, with the worker whose keys and strings each uses.
    let runs: [(worker: Int, run: ColumnRun)]
    /// The run of each output row, as an index into `runs`.
    private(set) var runOfRow: [UInt32] = []
    /// The row within its run of each output row.
    private(set) var rowInRun: [UInt32] = []

    /// Merges the live rows of `bucket` from `runs` (runs without rows in it are dropped).
    init(
        bucket: Int64, runs candidates: [(worker: Int, run: ColumnRun)],
        isLive: (RowHeader) -> Bool
    ) {
        let visited = candidates.map { (source: $0, rows: $0.run.rows(ofBucket: bucket)) }
            .filter { !$0.rows.isEmpty }
        runs = visited.map(\.source)
        var keys: [MergeKey] = []
        for (index, (source, rows)) in visited.enumerated() {
            let headers = source.run.headers
            for row in rows where isLive(headers[row]) {
                let header = headers[row]
                keys.append(
                    MergeKey(
                        receivedAt: header.receivedAt, file: header.file, line: header.line,
                        run: UInt32(index), row: UInt32(row)))
            }
        }
        keys.sort { ($0.receivedAt, $0.file, $0.line) < ($1.receivedAt, $1.file, $1.line) }
        runOfRow = keys.map(\.run)
        rowInRun = keys.map(\.row)
    }

    var count: Int { runOfRow.count }

    /// The earliest and latest `receivedAt` of the merged rows, leaving out rows without one
    /// (stored as `Int64.max`); nil when no row has one. The order is by `receivedAt`, so
    /// these are the first row and the last row that has one.
    func receivedAtBounds() -> (min: Int64, max: Int64)? {
        guard count > 0 else { return nil }
        let first = header(0).receivedAt
        guard first != .max else { return nil }
        var last = count - 1
        while header(last).receivedAt == .max { last -= 1 }
        return (first, header(last).receivedAt)
    }

    /// Per run, the rows `slice` of the order spans (empty for a run it does not visit).
    func rowRanges(_ slice: Range<Int>) -> [Range<Int>] {
        var low = [Int](repeating: .max, count: runs.count)
        var high = [Int](repeating: 0, count: runs.count)
        for position in slice {
            let run = Int(runOfRow[position])
            let row = Int(rowInRun[position])
            low[run] = min(low[run], row)
            high[run] = max(high[run], row + 1)
        }
        return zip(low, high).map { $0 < $1 ? $0..<$1 : 0..<0 }
    }

    private struct MergeKey {
        var receivedAt: Int64
        var file: Int32
        var line: Int32
        var run: UInt32
        var row: UInt32
    }
}
