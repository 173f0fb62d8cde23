import SluiceHash
import SluiceJSON
import SluiceParquet
import SluicePlan
import SluiceReader
import SluiceWarehouse

/// What the table stage committed.
struct TableStageResult {
    var outputs: [TableFileOutput] = []
    var schemas: [(String, JSONValue)] = []
    var rowsByTable: [String: Int] = [:]
    var discards: [DiscardRecord] = []
    var schemaChanges: [String] = []
    /// Tonight's schema of every table the run touched.
    var settled: [String: TableSchema] = [:]
}

/// One live row: which worker's store holds it (by worker and source table), and its index.
struct RowRef {
    var worker: Int32
    /// Index into the table's source tables (`TableStage.sources(of:)`).
    var source: Int32
    var row: Int32
    var receivedAt: Int64
    var partitionMicros: Int64
    var file: Int32
    var line: Int32
}

/// Turns the stored rows into tables: settles each table's schema (tonight's fields evolving
/// the stored schema), and writes one Parquet file per table and partition, rows ordered by
/// `received_at`, skipping rows of copies that lost the dedupe.
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
    let isLive: (RowStore.Header) -> Bool
    let originOf: (RowStore.Header) -> (messageId: String, origin: EventOrigin)

    func write(plan: TrackingPlan, written: inout WrittenFiles) throws -> TableStageResult {
        var result = TableStageResult()
        var pending: [(String, TableSchema)] = []
        let tables = Set(workers.flatMap(\.kinds.keys)).sorted()
        for table in tables {
            let kind = workers.lazy.compactMap { $0.kinds[table] }.first!
            let schema = try writeTable(
                table, kind: kind, plan: plan, result: &result, written: &written)
            pending.append((table, schema))
        }
        for (name, schema) in pending {
            result.settled[name] = schema
            result.schemas.append((name, (try? JSONParser().parse(schema.jsonText())) ?? .null))
        }
        return result
    }

    private func writeTable(
        _ table: String, kind: TableKind, plan: TrackingPlan, result: inout TableStageResult,
        written: inout WrittenFiles
    ) throws -> TableSchema {
        let stores = sourceStores(of: table, kind: kind)
        let live = liveRows(in: stores)
        let schema = settleSchema(
            table, kind: kind, plan: plan, live: live, stores: stores, result: &result)
        result.rowsByTable[table] = live.count
        let encoder = RowEncoder(
            schema: schema, table: table, runId: runId, loadedAtMicros: loadedAtMicros,
            keyPaths: workers.map(\.keys.paths), originOf: originOf)

        for (partition, rows) in partitions(live) {
            var buffers = encoder.makeBuffers()
            var filled = [Bool](repeating: false, count: buffers.count)
            for ref in rows {
                let store = stores[Int(ref.worker)][Int(ref.source)]!
                encoder.append(
                    row: Int(ref.row), of: store, worker: Int(ref.worker), to: &buffers,
                    filled: &filled, discards: &result.discards)
            }
            guard !configuration.isDryRun else { continue }
            let output = try writeFile(
                table, partition: partition, rows: rows, encoder: encoder, buffers: buffers)
            written.add(configuration.outputDirectory + "/" + output.relativePath)
            result.outputs.append(output)
        }
        return schema
    }

    /// Per worker, the stores a table's rows live in: its own, and for `tracks` also every
    /// track event table's, since named track calls are stored once, in their event's table.
    func sourceStores(of table: String, kind: TableKind) -> [[RowStore?]] {
        var sources = [table]
        if kind == .tracks {
            let eventTables = workers.flatMap { worker in
                worker.kinds.filter { $0.value == .trackEvent }.map(\.key)
            }
            sources += Set(eventTables).sorted()
        }
        return workers.map { worker in sources.map { worker.stores[$0] } }
    }

    private func liveRows(in stores: [[RowStore?]]) -> [RowRef] {
        var live: [RowRef] = []
        for (w, workerStores) in stores.enumerated() {
            for (source, store) in workerStores.enumerated() {
                guard let store else { continue }
                for row in 0..<store.rowCount where isLive(store.headers[row]) {
                    let h = store.headers[row]
                    live.append(
                        RowRef(
                            worker: Int32(w), source: Int32(source), row: Int32(row),
                            receivedAt: h.receivedAt, partitionMicros: h.partitionMicros,
                            file: h.file, line: h.line))
                }
            }
        }
        return live
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
