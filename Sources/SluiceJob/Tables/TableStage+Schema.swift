import SluiceJSON
import SluicePlan
import SluiceWarehouse

extension TableStage {
    /// The most columns a table gets. Beyond it, fields seen for the first time go into one
    /// JSON column, `sluice_overflow` (`{"properties.k9001": 7, ...}`), so a payload keyed by
    /// ids (a map of product id to quantity) cannot create tens of thousands of columns: each
    /// costs the Parquet writer about 20 KB, and engines slow down long before Redshift's
    /// 1,600-column limit. The fields seen on the most rows get the columns.
    static let maxColumnsPerTable = 1_000

    /// The overflow column's name and source path.
    static let overflowColumnName = "sluice_overflow"
    static let overflowSourcePath = "$sluice.overflow"

    /// Tonight's schema of `table`: the stored one evolved by the plan's declarations and by
    /// the kinds of value the live rows hold at each source path (`scan`), plus the source
    /// paths that got no column under `maxColumnsPerTable` (their values go to
    /// `sluice_overflow`).
    func settleSchema(
        _ table: String, kind: TableKind, plan: TrackingPlan, scan: LiveRowScan,
        result: inout TableStageResult
    ) throws -> (schema: TableSchema, overflow: Set<String>) {
        let prior = try readSchema(table)
        let builder = TableSchemaBuilder(
            table: table, kind: kind, prior: prior, allowWidening: configuration.allowsTypeWidening)
        let declared = declaredFields(table, kind: kind, plan: plan)
        builder.declare(declared)

        var merged: [String: (kinds: ObservedKinds, rows: Int)] = [:]
        for (w, worker) in workers.enumerated() {
            for (key, seen) in scan.seen[w] where !seen.kinds.isEmpty {
                let path = worker.keys.paths[Int(key)]
                // `tracks` reads the rows of the event tables but has no property columns.
                if kind == .tracks, SourcePath.segments(ofDotted: path).first == "properties" {
                    continue
                }
                merged[path, default: ([], 0)].kinds.formUnion(seen.kinds)
                merged[path, default: ([], 0)].rows += seen.rows
            }
        }

        let overflow = overflowPaths(merged, prior: prior, kind: kind, declared: declared)
        for (path, seen) in merged where !overflow.contains(path) {
            builder.observe(sourcePath: SourcePath.segments(ofDotted: path), kinds: seen.kinds)
        }
        var (schema, changes) = builder.finish(runId: runId)
        result.schemaChanges += changes.map { "\(table): \($0.manifestText)" }
        if !overflow.isEmpty, schema.columnIndex(named: Self.overflowColumnName) == nil {
            var columns = schema.columns
            columns.append(
                WarehouseColumn(
                    name: Self.overflowColumnName, type: .json,
                    sourcePaths: [Self.overflowSourcePath],
                    origin: .standard, addedInRun: runId))
            schema = TableSchema(table: schema.table, kind: schema.kind, columns: columns)
            result.schemaChanges.append(
                "\(table): \(overflow.count) fields over the \(Self.maxColumnsPerTable)-column limit go to '\(Self.overflowColumnName)'"
            )
        }
        return (schema, overflow)
    }

    /// The new source paths that get no column because the table is at its column limit:
    /// prior columns and declared fields always have one; among the rest, those seen on the
    /// most rows (then in path order) take the free places.
    private func overflowPaths(
        _ merged: [String: (kinds: ObservedKinds, rows: Int)], prior: TableSchema?, kind: TableKind,
        declared: [DeclaredFieldType]
    ) -> Set<String> {
        let lookup = prior.map(ColumnLookup.init)
        let declaredPaths = Set(declared.map { SourcePath.dotted($0.sourcePath) })
        let standardPaths = Set(StandardColumns.columns(for: kind).map(\.sourcePath))
        let existing = prior?.columns.count ?? StandardColumns.columns(for: kind).count
        let fresh = merged.filter { path, _ in
            !standardPaths.contains(path) && !declaredPaths.contains(path)
                && lookup?.columnIndex(forSourcePath: path) == nil
        }
        let budget = max(0, Self.maxColumnsPerTable - existing - declaredPaths.count)
        guard fresh.count > budget else { return [] }
        let ranked = fresh.sorted { ($1.value.rows, $0.key) < ($0.value.rows, $1.key) }
        return Set(ranked.dropFirst(budget).map(\.key))
    }

    /// The stored schema of `table`, or `nil` for a new table.
    func readSchema(_ table: String) throws -> TableSchema? {
        let path = configuration.outputDirectory + "/" + table + "/" + Self.schemaFileName
        guard FileSystem.exists(path) else { return nil }
        let text = String(decoding: try FileSystem.readFile(path), as: UTF8.self)
        do {
            return try TableSchema.decode(jsonText: text)
        } catch {
            throw JobError(
                .output,
                "The table schema '\(path)' cannot be read (\(error)); restore it from the last manifest's 'tables' entry or remove the table folder."
            )
        }
    }

    /// The plan's declared property and trait types for the events seen in this table.
    func declaredFields(_ table: String, kind: TableKind, plan: TrackingPlan) -> [DeclaredFieldType]
    {
        var signatures: Set<EventSignature> = []
        for worker in workers { signatures.formUnion(worker.eventsByTable[table] ?? []) }
        var fields: [DeclaredFieldType] = []
        // By bytes: `String` order takes canonically equivalent names as equal, which would
        // leave their order, and so the declared columns' order, to the set's hashing.
        for signature in signatures.sorted(by: {
            $0.callType != $1.callType
                ? $0.callType < $1.callType
                : ($0.eventName ?? "").utf8.lexicographicallyPrecedes(($1.eventName ?? "").utf8)
        }) {
            guard kind != .tracks, let callType = CallType(rawValue: signature.callType) else {
                continue
            }
            for field in plan.declaredFields(callType: callType, eventName: signature.eventName) {
                fields.append(
                    DeclaredFieldType(
                        sourcePath: field.path, typeNames: field.types, format: field.format))
            }
        }
        return fields
    }
}
