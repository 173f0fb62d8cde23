import SluiceJSON

/// The values of one run that every row carries.
public struct RunValues: Sendable, Equatable {
    /// The run's load time, microseconds since the epoch (the `loaded_at` column).
    public var loadedAtMicros: Int64

    /// The run's identifier (the `sluice_run_id` column).
    public var runId: String

    public init(loadedAtMicros: Int64, runId: String) {
        self.loadedAtMicros = loadedAtMicros
        self.runId = runId
    }
}

/// Turns events into rows of one table's finished schema: one cell per column, in column
/// order, and a discard for every value that does not fit its column.
///
/// Immutable after `init`, so one assembler may serve several threads.
public struct TableRowAssembler: Sendable {
    public let schema: TableSchema
    private let lookup: ColumnLookup
    private let standard: [(index: Int, column: StandardColumn)]

    public init(schema: TableSchema) {
        self.schema = schema
        let lookup = ColumnLookup(schema)
        self.lookup = lookup
        self.standard = StandardColumns.columns(for: schema.kind).compactMap { column in
            lookup.columnIndex(named: column.name).map { ($0, column) }
        }
    }

    /// The row of `event`, whose flattened fields are `fields` (from
    /// `EventFlattener.flattenEvent`). `violations` is the JSON array of the event's plan
    /// violations, or `nil` when it has none. Cells of columns the event does not
    /// carry are null; a field without a column is reported as a `noColumn` discard.
    public func assemble(
        event: JSONObject, fields: [FlatField], violations: JSONValue?, run: RunValues,
        parseTimestamp: (String) -> Int64?
    ) -> (cells: [CellValue], discards: [Discard]) {
        var cells = [CellValue](repeating: .null, count: schema.columns.count)
        var discards: [Discard] = []
        for (index, column) in standard {
            if column.source == .runLoadedAt {
                cells[index] = .timestamp(run.loadedAtMicros)
                continue
            }
            let value = standardValue(column, event: event, violations: violations, run: run)
            store(value, path: column.sourcePath, at: index, in: &cells, &discards, parseTimestamp)
        }

        for field in fields {
            let path = field.dottedPath
            guard let index = lookup.columnIndex(forSourcePath: path) else {
                discards.append(
                    Discard(
                        column: "", sourcePath: path, originalJSON: field.value.jsonText,
                        reason: .noColumn))
                continue
            }
            store(field.value, path: path, at: index, in: &cells, &discards, parseTimestamp)
        }
        return (cells, discards)
    }

    private func store(
        _ value: JSONValue, path: String, at index: Int, in cells: inout [CellValue],
        _ discards: inout [Discard], _ parseTimestamp: (String) -> Int64?
    ) {
        let column = schema.columns[index]
        switch CellConversion.convert(value, to: column.type, parseTimestamp: parseTimestamp) {
        case .success(let cell): cells[index] = cell
        case .failure(let reason):
            discards.append(
                Discard(
                    column: column.name, sourcePath: path, originalJSON: value.jsonText,
                    reason: reason))
        }
    }

    /// The JSON value a standard column takes from the event or the run (the load time,
    /// which is no JSON value, is stored by `assemble` itself).
    private func standardValue(
        _ column: StandardColumn, event: JSONObject, violations: JSONValue?, run: RunValues
    ) -> JSONValue {
        switch column.source {
        case .member(let member): return event[member] ?? .null
        case .trackEventTableName:
            guard let name = event["event"]?.stringValue else { return .null }
            return .string(TableNaming.tableName(forTrackEvent: name))
        case .runLoadedAt: return .null
        case .runId: return .string(run.runId)
        case .violations: return violations ?? .null
        }
    }
}
