import SluiceJSON
import SluiceParquet
import SluiceReader
import SluiceWarehouse

/// Builds the column buffers of one table's rows from loaded events and their flat fields.
///
/// Standard columns come from the normalised event (so `id` is the dedupe key and the
/// timestamps are the parsed ones); every other column from the flat field whose source path
/// the schema maps to it. A value that does not fit its column becomes null and a discard.
struct RowAssembler {
    let schema: TableSchema
    let kind: TableKind
    let table: String
    let runId: String
    let loadedAtMicros: Int64
    let lookup: ColumnLookup
    let standard: [(column: Int, source: StandardColumn.Source)]

    init(schema: TableSchema, kind: TableKind, table: String, runId: String, loadedAtMicros: Int64) {
        self.schema = schema
        self.kind = kind
        self.table = table
        self.runId = runId
        self.loadedAtMicros = loadedAtMicros
        self.lookup = ColumnLookup(schema)
        let standardByName = Dictionary(
            StandardColumns.columns(for: kind).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.standard = schema.columns.enumerated().compactMap { index, column in
            guard column.origin == .standard, let spec = standardByName[column.name] else { return nil }
            return (index, spec.source)
        }
    }

    var columnSpecs: [ParquetColumnSpec] {
        schema.columns.map { ParquetColumnSpec(name: $0.name, type: $0.type.parquetType, isOptional: true) }
    }

    func makeBuffers() -> [ParquetColumnBuffer] {
        schema.columns.map { ParquetColumnBuffer(type: $0.type.parquetType) }
    }

    /// Appends one row.
    func append(
        _ item: LoadedEvent, fields: [FlatField], to buffers: inout [ParquetColumnBuffer],
        discards: inout [DiscardRecord]
    ) {
        var cells = [CellValue](repeating: .null, count: schema.columns.count)
        for (column, source) in standard {
            cells[column] = standardValue(source, item)
        }
        for field in fields {
            let path = SourcePath.dotted(field.sourcePath)
            guard let column = lookup.columnIndex(forSourcePath: path) else { continue }
            switch CellConversion.convert(field.value, to: schema.columns[column].type, parseTimestamp: parseTimestamp) {
            case .success(let cell):
                cells[column] = cell
            case .failure(let reason):
                discards.append(
                    DiscardRecord(
                        kind: "type_mismatch", table: table, column: schema.columns[column].name, field: path,
                        value: field.value, reason: "\(reason)", messageId: item.event.messageId,
                        origin: item.event.origin))
            }
        }
        for (index, cell) in cells.enumerated() {
            cell.append(to: &buffers[index])
        }
    }

    private func standardValue(_ source: StandardColumn.Source, _ item: LoadedEvent) -> CellValue {
        let event = item.event
        switch source {
        case .member(let name):
            switch name {
            case "messageId": return .string(event.messageId)
            case "type": return .string(event.callType.rawValue)
            case "timestamp": return event.timestamp.map(CellValue.timestamp) ?? .null
            case "originalTimestamp": return event.originalTimestamp.map(CellValue.timestamp) ?? .null
            case "sentAt": return event.sentAt.map(CellValue.timestamp) ?? .null
            case "receivedAt": return event.receivedAt.map(CellValue.timestamp) ?? .null
            default: return Self.text(of: event.payload[name])
            }
        case .trackEventTableName:
            return event.eventName.map { .string(TableNaming.tableName(forTrackEvent: $0)) } ?? .null
        case .runLoadedAt:
            return .timestamp(loadedAtMicros)
        case .runId:
            return .string(runId)
        case .violations:
            return item.violations.isEmpty ? .null : .json(JSONValue.array(item.violations).jsonText)
        }
    }

    /// A scalar member as text (`userId: 42` becomes `"42"`); objects and arrays as JSON.
    static func text(of value: JSONValue?) -> CellValue {
        switch value {
        case nil, .null?: return .null
        case .string(let s)?: return .string(s)
        case .number(let n)?: return .string(n.text)
        case .bool(let b)?: return .string(b ? "true" : "false")
        case let other?: return .string(other.jsonText)
        }
    }

    private func parseTimestamp(_ text: String) -> Int64? {
        if case .value(let micros, _) = SegmentTimestamp.parse(.string(text)) { return micros }
        return nil
    }
}

extension CellValue {
    /// Appends this cell to a buffer of the matching type; a cell of another type appends null.
    func append(to buffer: inout ParquetColumnBuffer) {
        switch self {
        case .null: buffer.appendNull()
        case .bool(let b): buffer.append(b)
        case .int64(let i): buffer.append(i)
        case .double(let d): buffer.append(d)
        case .string(let s), .json(let s): buffer.append(string: s)
        case .timestamp(let t): buffer.append(t)
        }
    }
}

extension WarehouseType {
    /// The Parquet column type that stores this warehouse type.
    var parquetType: ParquetColumnType {
        switch self {
        case .boolean: return .boolean
        case .int64: return .int64
        case .double: return .double
        case .string: return .string
        case .json: return .json
        case .timestamp: return .timestampMicros
        }
    }
}
