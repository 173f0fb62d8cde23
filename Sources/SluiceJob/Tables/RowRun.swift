/// Rows of one table and one partition, sorted by (`receivedAt`, file, line): either still in
/// a worker's memory or spilled to its `RowSpill`.
///
/// A worker turns its stores into runs each time it spills and once more at the end of
/// ingest (then kept in memory), so the table stage reads every row through the same
/// `RowRunReader`, wherever it is. Runs hold every stored row, live or not: the dedupe
/// winners are known only after ingest, so readers filter.
struct RowRun: Sendable {
    enum Place: Sendable {
        /// Rows `rows` of `store`, in sorted order.
        case memory(store: RowStore, rows: [Int32])
        /// `length` bytes of row records at `offset` in `spill`'s file.
        case disk(spill: RowSpill, offset: Int64, length: Int64)
    }

    /// The partition the rows fall in (`RunConfiguration.Partitioning.bucket`).
    var bucket: Int64
    var rowCount: Int
    var place: Place

    /// The store's rows as sorted runs, one per partition, in partition order; the rows are
    /// ordered by (partition, `receivedAt`, file, line), the order the table files want.
    static func sortedRows(of store: RowStore, partitioning: RunConfiguration.Partitioning)
        -> [(bucket: Int64, rows: [Int32])]
    {
        var keys = store.headers.enumerated().map { row, h in
            SortKey(
                bucket: partitioning.bucket(ofMicros: h.partitionMicros), receivedAt: h.receivedAt,
                file: h.file, line: h.line, row: Int32(row))
        }
        keys.sort {
            ($0.bucket, $0.receivedAt, $0.file, $0.line) < (
                $1.bucket, $1.receivedAt, $1.file, $1.line
            )
        }

        var runs: [(bucket: Int64, rows: [Int32])] = []
        for key in keys {
            if runs.last?.bucket != key.bucket { runs.append((key.bucket, [])) }
            runs[runs.count - 1].rows.append(key.row)
        }
        return runs
    }

    /// The store's rows as in-memory runs; the store is kept alive by the runs.
    static func memoryRuns(of store: RowStore, partitioning: RunConfiguration.Partitioning)
        -> [RowRun]
    {
        sortedRows(of: store, partitioning: partitioning).map { bucket, rows in
            RowRun(bucket: bucket, rowCount: rows.count, place: .memory(store: store, rows: rows))
        }
    }

    private struct SortKey {
        var bucket: Int64
        var receivedAt: Int64
        var file: Int32
        var line: Int32
        var row: Int32
    }
}

extension RunConfiguration.Partitioning {
    /// Microseconds in one partition.
    var unitMicros: Int64 { self == .day ? 86_400_000_000 : 3_600_000_000 }

    /// The partition of a time: whole days (or hours) since the epoch, rounded down, so
    /// buckets sort as their partitions' times do.
    func bucket(ofMicros micros: Int64) -> Int64 {
        let (quotient, remainder) = micros.quotientAndRemainder(dividingBy: unitMicros)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The Hive-style partition values of a bucket: `day`, plus `hr` by the hour.
    func values(ofBucket bucket: Int64) -> [(String, String)] {
        let civil = CivilTime(
            micros: bucket.multipliedReportingOverflow(by: unitMicros).partialValue)
        var values = [("day", civil.dateString)]
        if self == .hour { values.append(("hr", civil.hourString)) }
        return values
    }
}
