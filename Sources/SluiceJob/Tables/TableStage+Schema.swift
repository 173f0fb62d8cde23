import SluiceJSON
import SluicePlan
import SluiceWarehouse

extension TableStage {
    /// Tonight's schema of `table`: the stored one evolved by the plan's declarations and by
    /// the kinds of value the live rows hold at each source path.
    func settleSchema(
        _ table: String, kind: TableKind, plan: TrackingPlan, live: [RowRef],
        stores: [[RowStore?]], result: inout TableStageResult
    ) throws -> TableSchema {
        let builder = TableSchemaBuilder(
            table: table, kind: kind, prior: try readSchema(table),
            allowWidening: configuration.allowsTypeWidening)
        builder.declare(declaredFields(table, kind: kind, plan: plan))

        var kinds: [[ObservedKinds]] = workers.map {
            Array(repeating: [], count: $0.keys.paths.count)
        }
        for ref in live {
            let store = stores[Int(ref.worker)][Int(ref.source)]!
            for cell in store.cells(ofRow: Int(ref.row)) {
                kinds[Int(ref.worker)][Int(cell.key)].formUnion(cell.kind.observedKind)
            }
        }
        var merged: [String: ObservedKinds] = [:]
        for (w, worker) in workers.enumerated() {
            for (key, seen) in kinds[w].enumerated() where !seen.isEmpty {
                merged[worker.keys.paths[key], default: []].formUnion(seen)
            }
        }
        for (path, seen) in merged {
            // `tracks` reads the rows of the event tables but has no property columns.
            if kind == .tracks, SourcePath.segments(ofDotted: path).first == "properties" {
                continue
            }
            builder.observe(sourcePath: SourcePath.segments(ofDotted: path), kinds: seen)
        }

        let (schema, changes) = builder.finish(runId: runId)
        result.schemaChanges += changes.map { "\(table): \($0)" }
        return schema
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
        for signature in signatures.sorted(by: {
            ($0.callType, $0.eventName ?? "") < ($1.callType, $1.eventName ?? "")
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

extension RowStore.Kind {
    /// The warehouse stage's name for this kind of value.
    var observedKind: ObservedKinds {
        switch self {
        case .null: return .null
        case .bool: return .boolean
        case .integer: return .integer
        case .fraction: return .fraction
        case .string: return .string
        case .structured: return .structured
        case .timestamp: return []
        }
    }
}
