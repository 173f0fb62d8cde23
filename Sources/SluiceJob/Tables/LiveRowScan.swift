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
    /// is independent of order), counting only rows of dedupe winners (`isLive`). Counts
    /// gather in arrays over each worker's whole key table, one worker at a time, and only
    /// the keys seen are kept.
    func scanLiveRows(_ runs: [[RowRun]]) throws -> LiveRowScan {
        var scan = LiveRowScan(workers: workers.count)
        for (worker, workerRuns) in runs.enumerated() where !workerRuns.isEmpty {
            let keyCount = workers[worker].keys.paths.count
            var kinds = [ObservedKinds](repeating: [], count: keyCount)
            var counts = [Int](repeating: 0, count: keyCount)
            for run in workerRuns {
                try scanRun(run, kinds: &kinds, counts: &counts, into: &scan)
            }

            for key in counts.indices where counts[key] > 0 {
                scan.seen[worker][UInt32(key)] = LiveRowScan.Seen(
                    kinds: kinds[key], rows: counts[key])
            }
        }
        return scan
    }

    private func scanRun(
        _ run: RowRun, kinds: inout [ObservedKinds], counts: inout [Int],
        into scan: inout LiveRowScan
    ) throws {
        var reader = RowRunReader(run)
        var live = 0
        // The kind table and the two per-key arrays are read through pointers: this loop runs
        // once per stored cell, and array accessors cost several times the work itself.
        let observed = RowStore.Kind.observedKinds
        try kinds.withUnsafeMutableBufferPointer { kinds in
            try counts.withUnsafeMutableBufferPointer { counts in
                while try reader.next() {
                    guard isLive(reader.header) else { continue }
                    live += 1
                    for cell in reader.store.cells(ofRow: reader.row) {
                        kinds[Int(cell.key)].formUnion(observed[Int(cell.kind.rawValue)])
                        counts[Int(cell.key)] += 1
                    }
                }
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

extension RowStore.Kind {
    /// `observedKind` of every kind, indexed by raw value.
    static let observedKinds: [ObservedKinds] = (0...UInt8.max).map {
        RowStore.Kind(rawValue: $0)?.observedKind ?? []
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
