import Dispatch
import SluiceHash
import SluiceJSON
import SluiceParquet
import SluicePlan
import SluiceReader
import SluiceWarehouse

/// What the table stage committed.
struct TableStageResult: Sendable {
    var outputs: [TableFileOutput] = []
    var schemas: [(String, JSONValue)] = []
    var rowsByTable: [String: Int] = [:]
    var discards: [DiscardRecord] = []
    var schemaChanges: [String] = []
    /// Tonight's schema of every table the run touched.
    var settled: [String: TableSchema] = [:]
}

/// Turns the stored rows into tables: settles each table's schema (tonight's fields evolving
/// the stored schema), and writes one Parquet file per table and partition, rows ordered by
/// `received_at`, skipping rows of copies that lost the dedupe.
///
/// Rows arrive as the workers' sorted `ColumnRun`s, spilled or in memory. Each table's runs
/// are read twice: once for the rows and kinds of its values, to settle the schema
/// (`tracks` sums the track event tables' scans instead of reading their rows again), then
/// per partition and row group one column at a time, several tables at once on
/// `configuration.threads` threads. Memory is therefore the runs still in memory (at most
/// `RunConfiguration.rowMemoryBytes`), per table being written its partition's merge order
/// (8 bytes a row), its open row group and its shared dictionaries (a copy of the workers'
/// interned strings of each column whose values are all interned), one column's values and
/// buffer per thread, plus every table's scan (its keys and partitions, kept until the table
/// is written). How rows were split into runs does not change a file's rows or order.
///
/// Data files are renamed into place as they complete and noted in `written`, so a failing
/// run can remove them; the `_schema.json` files are written by `writeSchemas` at commit.
struct TableStage {
    /// The schema file kept in each table's folder.
    static let schemaFileName = "_schema.json"

    let configuration: RunConfiguration
    let runId: String
    let loadedAtMicros: Int64
    let workers: [WorkerRows]
    let isLive: @Sendable (RowHeader) -> Bool
    let originOf: @Sendable (RowHeader) -> (messageId: String, origin: EventOrigin)
    /// How many table threads are still writing, which sets each one's column threads.
    let tableThreads = TableThreads()

    /// One table's share of the result, built on a worker thread.
    private struct TablePart: Sendable {
        var result = TableStageResult()
        var schema: TableSchema?
        var writtenPaths: [String] = []
        var error: JobError?
    }

    /// Encodes and writes every table, several at once, largest first, each row group's
    /// columns on the threads its table has (`TableThreads`); results merge in table order,
    /// so output does not depend on scheduling. After a failure no further table is started;
    /// every file written so far is still noted in `written` before the error is thrown, so
    /// the run can take them back.
    func write(plan: TrackingPlan, written: inout WrittenFiles) throws -> TableStageResult {
        let tables = Set(workers.flatMap(\.kinds.keys)).sorted()
        let order = largestFirst(tables)
        let scans = scanTables(tables, order: order)
        let parts = writeTableParts(tables, scans: scans, order: order, plan: plan)

        var result = TableStageResult()
        var firstError: JobError?
        for (table, part) in zip(tables, parts) {
            guard let part else { continue }
            for path in part.writtenPaths { written.add(path) }
            firstError = firstError ?? part.error
            guard let schema = part.schema,
                !hasOnlyUnloadedRows(table, liveRows: part.result.rowsByTable[table] ?? 0)
            else { continue }
            result.outputs += part.result.outputs
            result.discards += part.result.discards
            result.schemaChanges += part.result.schemaChanges
            result.rowsByTable[table] = part.result.rowsByTable[table]
            result.settled[table] = schema
            result.schemas.append((table, (try? JSONParser().parse(schema.jsonText())) ?? .null))
        }
        if let firstError { throw firstError }
        return result
    }

    /// Whether `table` stored rows (at least one) and none of them loads: every one lost the
    /// dedupe (to a copy of another event name, a blocked copy, an earlier run's) or came from
    /// a damaged part of its file. Such a table, named by a typo or by the damage itself,
    /// would be created empty for good; an existing one has nothing to commit tonight.
    /// `liveRows` is what the table's scan counted.
    private func hasOnlyUnloadedRows(_ table: String, liveRows: Int) -> Bool {
        liveRows == 0
            && sourceRuns(of: table, kind: kind(of: table)).joined().contains { $0.rowCount > 0 }
    }

    /// The table threads to use for `tables`.
    func threadCount(_ tables: [String]) -> Int {
        max(1, min(configuration.threads, tables.count))
    }

    /// Each table's part, indexed like `tables`, written on the table threads in `order`;
    /// nil for a table not started because another had failed.
    private func writeTableParts(
        _ tables: [String], scans: [Result<LiveRowScan, any Error>], order: [Int],
        plan: TrackingPlan
    ) -> [TablePart?] {
        let slots = ResultSlots<TablePart?>(count: tables.count)
        let next = AtomicCounter()
        let threads = threadCount(tables)
        tableThreads.start(threads)
        let stage = self
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let taken = next.take(below: order.count) {
                let index = order[taken]
                guard !stage.tableThreads.hasFailed else {
                    slots.store(nil, at: index)
                    continue
                }
                let part = stage.writeTablePart(tables[index], scan: scans[index], plan: plan)
                if part.error != nil { stage.tableThreads.fail() }
                slots.store(part, at: index)
            }
            stage.tableThreads.leave()
        }
        return tables.isEmpty ? [] : slots.values()
    }

    private func writeTablePart(
        _ table: String, scan: Result<LiveRowScan, any Error>, plan: TrackingPlan
    ) -> TablePart {
        var part = TablePart()
        var written = WrittenFiles()
        let kind = kind(of: table)
        do {
            part.schema = try writeTable(
                table, kind: kind, scan: try scan.get(), plan: plan, result: &part.result,
                written: &written)
        } catch let error as JobError {
            part.error = error
        } catch {
            part.error = JobError(.output, "Could not write table '\(table)': \(error)")
        }
        part.writtenPaths = written.paths
        return part
    }

    /// Settles the table's schema from the scan of its runs, then writes each partition by
    /// merging its runs; memory is the merge order and a column of a row group per thread,
    /// not the table.
    private func writeTable(
        _ table: String, kind: TableKind, scan: LiveRowScan, plan: TrackingPlan,
        result: inout TableStageResult, written: inout WrittenFiles
    ) throws -> TableSchema {
        let runs = sourceRuns(of: table, kind: kind).enumerated().flatMap { worker, list in
            list.map { (worker: worker, run: $0) }
        }
        let (schema, overflow) = try settleSchema(
            table, kind: kind, plan: plan, scan: scan, result: &result)
        result.rowsByTable[table] = scan.liveRows
        let encoder = TableEncoder(
            schema: schema, table: table, runId: runId, loadedAtMicros: loadedAtMicros,
            workers: workers, runs: runs, overflow: overflow, originOf: originOf)

        for bucket in partitionOrder(scan) {
            guard
                let output = try writePartition(
                    table, bucket: bucket, runs: runs, encoder: encoder,
                    discards: &result.discards)
            else { continue }
            written.add(configuration.outputDirectory + "/" + output.relativePath)
            result.outputs.append(output)
        }
        return schema
    }

    /// The indexes of `tables` with the most stored rows first, so the longest scan (often
    /// `tracks`, which reads every track event's rows) starts at once instead of last, and
    /// the threads finish together. Rows stored include dedupe losers; close enough to order.
    private func largestFirst(_ tables: [String]) -> [Int] {
        let sizes = tables.map { table in
            sourceRuns(of: table, kind: kind(of: table)).joined().reduce(0) { $0 + $1.rowCount }
        }
        return tables.indices.sorted { (sizes[$0], $1) > (sizes[$1], $0) }
    }

    /// Per worker, the runs a table's rows live in: its own, and for `tracks` also every
    /// track event table's, since named track calls are stored once, in their event's table.
    func sourceRuns(of table: String, kind: TableKind) -> [[ColumnRun]] {
        let sources = [table] + (kind == .tracks ? trackEventTables() : [])
        return workers.map { worker in sources.flatMap { worker.runs[$0] ?? [] } }
    }

    /// The tables of named track calls, whose rows `tracks` also reads, in name order.
    func trackEventTables() -> [String] {
        let tables = workers.flatMap { worker in
            worker.kinds.filter { $0.value == .trackEvent }.map(\.key)
        }
        return Set(tables).sorted()
    }

    /// Writes tonight's `_schema.json` of every table; called at commit, after the books
    /// balance, so a failed run never changes a table's schema.
    static func writeSchemas(_ settled: [String: TableSchema], outputDirectory: String) throws {
        for (name, schema) in settled.sorted(by: { $0.key < $1.key }) {
            let path = outputDirectory + "/" + name + "/" + schemaFileName
            try AtomicFile.write(Array(schema.jsonText().utf8), to: path)
        }
    }
}
