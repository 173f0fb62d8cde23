import Dispatch
import SluiceWarehouse

/// What one read of a table's runs learns from its live rows: per worker, the keys seen
/// with the kinds of value and on how many rows, and the live rows per partition. Memory is
/// per key the table's rows hold and per partition, not per row, nor per key of the
/// worker's whole key table (every table's scan is kept until its table is written).
///
/// Everything in it is a sum over rows, so scans of disjoint runs add up (`add`) to the scan
/// of all of them, in any order.
struct LiveRowScan: Sendable {
    /// What live rows held at one key.
    struct Seen: Sendable, Equatable {
        var kinds: ObservedKinds
        var rows: Int

        static func == (a: Seen, b: Seen) -> Bool {
            a.kinds.rawValue == b.kinds.rawValue && a.rows == b.rows
        }
    }

    /// Per worker, the keys seen on live rows.
    var seen: [[UInt32: Seen]]
    var rowsByBucket: [Int64: Int] = [:]
    var liveRows = 0

    /// An empty scan for `workers` workers.
    init(workers: Int) {
        seen = Array(repeating: [:], count: workers)
    }

    /// Adds the scan of other runs of the same workers.
    mutating func add(_ other: LiveRowScan) {
        for worker in seen.indices {
            seen[worker].merge(other.seen[worker]) {
                Seen(kinds: $0.kinds.union($1.kinds), rows: $0.rows + $1.rows)
            }
        }
        rowsByBucket.merge(other.rowsByBucket, uniquingKeysWith: +)
        liveRows += other.liveRows
    }

    func adding(_ other: LiveRowScan) -> LiveRowScan {
        var sum = self
        sum.add(other)
        return sum
    }
}

extension TableStage {
    /// Reads every run of one worker-keyed set of runs once, in any order (everything it sums
    /// is independent of order), counting only rows of dedupe winners (`isLive`): per column
    /// of a run its rows and kinds, straight from memory or in one read from the spill.
    func scanLiveRows(_ runs: [[ColumnRun]]) throws -> LiveRowScan {
        var scan = LiveRowScan(workers: workers.count)
        for (worker, workerRuns) in runs.enumerated() where !workerRuns.isEmpty {
            var seen: [UInt32: LiveRowScan.Seen] = [:]
            for run in workerRuns {
                try scanRun(run, seen: &seen, into: &scan)
            }
            scan.seen[worker] = seen.filter { $0.value.rows > 0 }
        }
        return scan
    }

    private func scanRun(
        _ run: ColumnRun, seen: inout [UInt32: LiveRowScan.Seen], into scan: inout LiveRowScan
    ) throws {
        let live = run.headers.map(isLive)
        for (bucket, rows) in run.buckets {
            let count = live[rows].reduce(0) { $0 + ($1 ? 1 : 0) }
            scan.liveRows += count
            if count > 0 { scan.rowsByBucket[bucket, default: 0] += count }
        }

        // The kind table is read through a pointer: this loop runs once per stored value.
        let observed = ValueKind.observedKinds
        for column in run.columns {
            let (rows, kinds) = try run.rowsAndKinds(of: column)
            var kindsSeen: ObservedKinds = []
            var count = 0
            observed.withUnsafeBufferPointer { observed in
                live.withUnsafeBufferPointer { live in
                    for index in rows.indices where live[Int(rows[index])] {
                        kindsSeen.formUnion(observed[Int(kinds[index])])
                        count += 1
                    }
                }
            }
            guard count > 0 else { continue }
            let before = seen[column.key] ?? LiveRowScan.Seen(kinds: [], rows: 0)
            seen[column.key] = LiveRowScan.Seen(
                kinds: before.kinds.union(kindsSeen), rows: before.rows + count)
        }
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

extension TableStage {
    /// The scan of every table's runs, indexed like `tables`. Each table's own runs are read
    /// once, on the table threads in `order`; a `tracks` table then adds the scans of the
    /// track event tables, whose rows it also holds, instead of reading those rows again.
    func scanTables(_ tables: [String], order: [Int]) -> [Result<LiveRowScan, any Error>] {
        let slots = ResultSlots<Result<LiveRowScan, any Error>>(count: tables.count)
        let next = AtomicCounter()
        let stage = self
        DispatchQueue.concurrentPerform(iterations: threadCount(tables)) { _ in
            while let taken = next.take(below: order.count) {
                let table = tables[order[taken]]
                let runs = stage.workers.map { $0.runs[table] ?? [] }
                slots.store(Result { try stage.scanLiveRows(runs) }, at: order[taken])
            }
        }

        var scans = tables.isEmpty ? [] : slots.values()
        let indexOf = Dictionary(uniqueKeysWithValues: zip(tables, tables.indices))
        for (index, table) in tables.enumerated() where kind(of: table) == .tracks {
            for eventTable in trackEventTables() {
                scans[index] = scans[index].flatMap { sum in
                    scans[indexOf[eventTable]!].map { sum.adding($0) }
                }
            }
        }
        return scans
    }

    /// The kind the first worker that stored rows of `table` gave it.
    func kind(of table: String) -> TableKind {
        workers.lazy.compactMap { $0.kinds[table] }.first!
    }
}
