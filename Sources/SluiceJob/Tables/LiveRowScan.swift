import SluiceWarehouse

/// What one read of a table's runs learns from its live rows: per worker and key, the kinds
/// of value seen and on how many rows, and the live rows per partition. Memory is per key
/// and per partition, not per row.
struct LiveRowScan {
    var kinds: [[ObservedKinds]]
    var rowCounts: [[Int]]
    var rowsByBucket: [Int64: Int] = [:]
    var liveRows = 0
}

extension TableStage {
    /// Reads every run of the table once, in any order (everything it sums is independent of
    /// order), counting only rows of dedupe winners (`isLive`).
    func scanLiveRows(_ runs: [[RowRun]]) throws -> LiveRowScan {
        var scan = LiveRowScan(
            kinds: workers.map { Array(repeating: [], count: $0.keys.paths.count) },
            rowCounts: workers.map { Array(repeating: 0, count: $0.keys.paths.count) })
        for (worker, workerRuns) in runs.enumerated() {
            for run in workerRuns {
                try scanRun(run, worker: worker, into: &scan)
            }
        }
        return scan
    }

    private func scanRun(_ run: RowRun, worker: Int, into scan: inout LiveRowScan) throws {
        var reader = RowRunReader(run)
        var live = 0
        while try reader.next() {
            guard isLive(reader.header) else { continue }
            live += 1
            for cell in reader.store.cells(ofRow: reader.row) {
                scan.kinds[worker][Int(cell.key)].formUnion(cell.kind.observedKind)
                scan.rowCounts[worker][Int(cell.key)] += 1
            }
        }
        scan.liveRows += live
        if live > 0 { scan.rowsByBucket[run.bucket, default: 0] += live }
    }

    /// The partitions holding live rows, in the order of their folder paths.
    func partitionOrder(_ scan: LiveRowScan) -> [Int64] {
        let paths = scan.rowsByBucket.keys.map { bucket in
            (
                bucket,
                configuration.partitioning.values(ofBucket: bucket).map { "\($0.0)=\($0.1)" }
                    .joined(separator: "/")
            )
        }
        return paths.sorted { $0.1 < $1.1 }.map(\.0)
    }
}
