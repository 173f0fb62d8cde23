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
    var schemaChanges: [JSONValue] = []
}

/// Turns the loaded events into tables: routes each event to its tables, settles each table's
/// schema (tonight's fields evolving the stored schema), and writes one Parquet file per table
/// and partition, rows ordered by `received_at`.
///
/// Data files are renamed into place as they complete and noted in `written`, so a failing
/// run can remove them; the `_schema.json` files are written only after every data file.
struct TableStage {
    /// Objects nested deeper than this under `properties`, `traits` or `context` are kept as
    /// one JSON column instead of being flattened further: eight levels is deeper than any
    /// Segment spec object and keeps column names readable.
    static let maxFlattenDepth = 8

    /// The schema file kept in each table's folder.
    static let schemaFileName = "_schema.json"

    let configuration: RunConfiguration
    let runId: String
    let loadedAtMicros: Int64

    func write(_ loaded: [LoadedEvent], plan: TrackingPlan, written: inout WrittenFiles) throws
        -> TableStageResult
    {
        var result = TableStageResult()
        var pendingSchemas: [(String, TableSchema)] = []
        for route in TableRouter.route(loaded) {
            let table = try writeTable(route, loaded: loaded, plan: plan, result: &result, written: &written)
            pendingSchemas.append((route.table, table))
        }
        for (name, schema) in pendingSchemas {
            result.schemas.append((name, try JSONParser().parse(schema.jsonText())))
            guard !configuration.isDryRun else { continue }
            let path = configuration.outputDirectory + "/" + name + "/" + Self.schemaFileName
            try AtomicFile.write(Array(schema.jsonText().utf8), to: path)
        }
        return result
    }

    private func writeTable(
        _ route: TableRoute, loaded: [LoadedEvent], plan: TrackingPlan, result: inout TableStageResult,
        written: inout WrittenFiles
    ) throws -> TableSchema {
        let prior = try readSchema(route.table)
        let builder = TableSchemaBuilder(
            table: route.table, kind: route.kind, prior: prior, allowWidening: configuration.allowsTypeWidening)
        builder.declare(declaredFields(route, loaded: loaded, plan: plan))

        var flats: [[FlatField]] = []
        flats.reserveCapacity(route.events.count)
        for index in route.events {
            let fields = flatten(loaded[index].event, kind: route.kind)
            builder.observe(fields)
            flats.append(fields)
        }
        let (schema, changes) = builder.finish(runId: runId)
        result.schemaChanges += changes.map { .string("\(route.table): \($0)") }
        result.rowsByTable[route.table] = route.events.count

        let rows = RowAssembler(
            schema: schema, kind: route.kind, table: route.table, runId: runId, loadedAtMicros: loadedAtMicros)
        for partition in partitions(of: route, loaded: loaded) {
            let output = try writePartition(
                partition, route: route, flats: flats, loaded: loaded, rows: rows, result: &result)
            if let output {
                written.add(configuration.outputDirectory + "/" + output.relativePath)
                result.outputs.append(output)
            }
        }
        return schema
    }

    private func flatten(_ event: SegmentEvent, kind: TableKind) -> [FlatField] {
        var fields: [FlatField] = []
        if case .object(let context)? = event.payload["context"] {
            fields += EventFlattener.flatten(context, under: ["context"], maxDepth: Self.maxFlattenDepth)
        }
        if let key = kind.payloadKey, case .object(let section)? = event.payload[key] {
            fields += EventFlattener.flatten(section, under: [key], maxDepth: Self.maxFlattenDepth)
        }
        return fields
    }

    private func readSchema(_ table: String) throws -> TableSchema? {
        let path = configuration.outputDirectory + "/" + table + "/" + Self.schemaFileName
        guard FileSystem.exists(path) else { return nil }
        let text = String(decoding: try FileSystem.readFile(path), as: UTF8.self)
        do {
            return try TableSchema.decode(jsonText: text)
        } catch {
            throw JobError(.output, "The table schema '\(path)' cannot be read (\(error)); restore it from the last manifest's 'tables' entry or remove the table folder.")
        }
    }
}
