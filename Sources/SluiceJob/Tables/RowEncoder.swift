import SluiceJSON
import SluiceParquet
import SluiceReader
import SluiceWarehouse

/// Encodes stored rows into the column buffers of one table's settled schema.
///
/// Conversion follows the warehouse stage's rules (`CellConversion`): null fits every type;
/// `boolean` takes booleans; `int64` takes whole numbers within Int64; `double` takes finite
/// numbers; `string` takes strings, numbers (as written) and booleans; `json` takes anything
/// as compact JSON; `timestamp` takes parsed times and strings that parse. A value that does
/// not fit becomes null and a discard. Immutable; one encoder serves one table.
struct RowEncoder {
    let schema: TableSchema
    let table: String
    let runId: String
    let loadedAtMicros: Int64
    /// Per worker, per key: the column the key's cells go to, or -1.
    let columnOfKey: [[Int]]
    let loadedAtColumn: Int?
    let runIdColumn: Int?
    let keyPaths: [[String]]
    /// Per worker, per key: whether the key's values go to the overflow column.
    let isOverflowKey: [[Bool]]
    let overflowColumn: Int?
    /// The messageId and origin of a row, for discard records.
    let originOf: (RowStore.Header) -> (messageId: String, origin: EventOrigin)

    init(
        schema: TableSchema, table: String, runId: String, loadedAtMicros: Int64,
        keyPaths: [[String]], overflow: Set<String>,
        originOf: @escaping (RowStore.Header) -> (messageId: String, origin: EventOrigin)
    ) {
        self.keyPaths = keyPaths
        self.isOverflowKey = keyPaths.map { paths in paths.map { overflow.contains($0) } }
        self.overflowColumn =
            overflow.isEmpty
            ? nil : ColumnLookup(schema).columnIndex(named: TableStage.overflowColumnName)
        self.originOf = originOf
        self.schema = schema
        self.table = table
        self.runId = runId
        self.loadedAtMicros = loadedAtMicros
        let lookup = ColumnLookup(schema)
        var standardByPath: [String: Int] = [:]
        for column in StandardColumns.columns(for: schema.kind) {
            if let index = lookup.columnIndex(named: column.name) {
                standardByPath[column.sourcePath] = index
            }
        }
        columnOfKey = keyPaths.map { paths in
            paths.map { standardByPath[$0] ?? lookup.columnIndex(forSourcePath: $0) ?? -1 }
        }
        loadedAtColumn = lookup.columnIndex(named: "loaded_at")
        runIdColumn = lookup.columnIndex(named: "sluice_run_id")
    }

    var columnSpecs: [ParquetColumnSpec] {
        schema.columns.map {
            ParquetColumnSpec(name: $0.name, type: $0.type.parquetType, isOptional: true)
        }
    }

    func makeBuffers() -> [ParquetColumnBuffer] {
        schema.columns.map { ParquetColumnBuffer(type: $0.type.parquetType) }
    }

    /// Appends one row: every column gets exactly one value or null.
    func append(
        row: Int, of store: RowStore, worker: Int, to buffers: inout [ParquetColumnBuffer],
        filled: inout [Bool], discards: inout [DiscardRecord]
    ) {
        filled.withUnsafeMutableBufferPointer { $0.update(repeating: false) }
        var overflow: [UInt8] = []
        for cell in store.cells(ofRow: row) {
            let column = columnOfKey[worker][Int(cell.key)]
            if column < 0, overflowColumn != nil, isOverflowKey[worker][Int(cell.key)] {
                overflow.append(overflow.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
                JSONValue.appendQuoted(keyPaths[worker][Int(cell.key)], to: &overflow)
                overflow.append(UInt8(ascii: ":"))
                overflow.append(contentsOf: jsonText(cell, store: store).utf8)
                continue
            }
            guard column >= 0, !filled[column] else { continue }
            filled[column] = true
            if !encode(
                cell, store: store, into: &buffers[column], type: schema.columns[column].type)
            {
                buffers[column].appendNull()
                discards.append(
                    discard(cell, store: store, worker: worker, column: column, row: row))
            }
        }
        if let overflowColumn, !overflow.isEmpty, !filled[overflowColumn] {
            overflow.append(UInt8(ascii: "}"))
            overflow.withUnsafeBytes { buffers[overflowColumn].append(utf8: $0) }
            filled[overflowColumn] = true
        }
        if let loadedAtColumn, !filled[loadedAtColumn] {
            buffers[loadedAtColumn].append(loadedAtMicros)
            filled[loadedAtColumn] = true
        }
        if let runIdColumn, !filled[runIdColumn] {
            buffers[runIdColumn].append(string: runId)
            filled[runIdColumn] = true
        }
        for (column, isFilled) in filled.enumerated() where !isFilled {
            buffers[column].appendNull()
        }
    }

    /// Appends the cell converted to `type`; returns false (appending nothing) when it does not fit.
    private func encode(
        _ cell: RowStore.Cell, store: RowStore, into buffer: inout ParquetColumnBuffer,
        type: WarehouseType
    ) -> Bool {
        if cell.kind == .null {
            buffer.appendNull()
            return true
        }
        switch (type, cell.kind) {
        case (.boolean, .bool): buffer.append(cell.payload != 0)
        case (.int64, .integer): buffer.append(cell.payload)
        case (.int64, .fraction):
            let value = Double(bitPattern: UInt64(bitPattern: cell.payload))
            guard value.isFinite, value == value.rounded(), let exact = Int64(exactly: value) else {
                return false
            }
            buffer.append(exact)
        case (.double, .integer): buffer.append(Double(cell.payload))
        case (.double, .fraction):
            let value = Double(bitPattern: UInt64(bitPattern: cell.payload))
            guard value.isFinite else { return false }
            buffer.append(value)
        case (.string, .string), (.string, .integer), (.string, .fraction):
            store.withText(cell) { buffer.append(utf8: $0) }
        case (.string, .bool): buffer.append(string: cell.payload != 0 ? "true" : "false")
        case (.json, _): buffer.append(string: jsonText(cell, store: store))
        case (.timestamp, .timestamp): buffer.append(cell.payload)
        case (.timestamp, .string):
            guard case .value(let micros, _) = SegmentTimestamp.parse(.string(store.text(cell)))
            else { return false }
            buffer.append(micros)
        default:
            return false
        }
        return true
    }

    /// The cell's value as compact JSON text, as it was in the event.
    func jsonText(_ cell: RowStore.Cell, store: RowStore) -> String {
        switch cell.kind {
        case .null: return "null"
        case .bool: return cell.payload != 0 ? "true" : "false"
        case .integer, .fraction, .structured: return store.text(cell)
        case .string: return JSONValue.string(store.text(cell)).jsonText
        case .timestamp: return "\"\(CivilTime(micros: cell.payload).isoString)\""
        }
    }

    private func discard(_ cell: RowStore.Cell, store: RowStore, worker: Int, column: Int, row: Int)
        -> DiscardRecord
    {
        let (messageId, origin) = originOf(store.headers[row])
        let text = jsonText(cell, store: store)
        let value = (try? JSONParser().parse(text)) ?? .string(text)
        let type = schema.columns[column].type
        return DiscardRecord(
            kind: "type_mismatch", table: table, column: schema.columns[column].name,
            field: keyPaths[worker][Int(cell.key)], value: value,
            reason: "The value does not fit the column's type '\(type.rawValue)'.",
            messageId: messageId,
            origin: origin)
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
