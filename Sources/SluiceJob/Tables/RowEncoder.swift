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
    /// `runId` as UTF-8, appended to every row.
    let runIdBytes: [UInt8]
    let loadedAtMicros: Int64
    /// Per worker, where its keys start in `columnOfKey`.
    let keyBase: [Int]
    /// Key `k` of worker `w` at `keyBase[w] + k`: the column its cells go to, else
    /// `overflowKey` when its values go to the overflow column, else `unusedKey`. One flat
    /// array, since it is read once per stored cell.
    let columnOfKey: [Int32]
    /// Each column's type, contiguous for the same reason.
    let columnTypes: [WarehouseType]
    let loadedAtColumn: Int?
    let runIdColumn: Int?
    let keyPaths: [[String]]
    let overflowColumn: Int?
    /// The messageId and origin of a row, for discard records.
    let originOf: (RowStore.Header) -> (messageId: String, origin: EventOrigin)

    static let unusedKey: Int32 = -1
    static let overflowKey: Int32 = -2

    init(
        schema: TableSchema, table: String, runId: String, loadedAtMicros: Int64,
        keyPaths: [[String]], overflow: Set<String>,
        originOf: @escaping (RowStore.Header) -> (messageId: String, origin: EventOrigin)
    ) {
        let lookup = ColumnLookup(schema)
        self.keyPaths = keyPaths
        self.overflowColumn =
            overflow.isEmpty ? nil : lookup.columnIndex(named: TableStage.overflowColumnName)
        self.originOf = originOf
        self.schema = schema
        self.table = table
        self.runId = runId
        runIdBytes = Array(runId.utf8)
        self.loadedAtMicros = loadedAtMicros

        var standardByPath: [String: Int] = [:]
        for column in StandardColumns.columns(for: schema.kind) {
            if let index = lookup.columnIndex(named: column.name) {
                standardByPath[column.sourcePath] = index
            }
        }
        let hasOverflow = overflowColumn != nil
        keyBase = keyPaths.reduce(into: [0]) { $0.append($0.last! + $1.count) }.dropLast()
        columnOfKey = keyPaths.joined().map { path in
            if let column = standardByPath[path] ?? lookup.columnIndex(forSourcePath: path) {
                return Int32(column)
            }
            return hasOverflow && overflow.contains(path) ? Self.overflowKey : Self.unusedKey
        }
        columnTypes = schema.columns.map(\.type)
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

    /// Appends one row as row `batchRow` of the batch in `buffers`: a column gets the first
    /// value of the row's cells that go to it, or a null when it does not fit. A column without
    /// a value is left short; the next value appended to it, or `padWithNulls` at the end of
    /// the batch, fills it with nulls, so a row costs its cells, not the table's columns.
    func append(
        row: Int, of store: RowStore, worker: Int, batchRow: Int,
        to buffers: UnsafeMutableBufferPointer<ParquetColumnBuffer>,
        discards: inout [DiscardRecord]
    ) {
        var overflow: [UInt8] = []
        let base = keyBase[worker]
        columnOfKey.withUnsafeBufferPointer { columnOfKey in
            for cell in store.cells(ofRow: row) {
                let mapped = columnOfKey[base + Int(cell.key)]
                if mapped == Self.overflowKey {
                    appendOverflow(cell, store: store, worker: worker, to: &overflow)
                }
                let column = Int(mapped)
                guard mapped >= 0, Self.isOpen(&buffers[column], at: batchRow) else { continue }
                if !encode(cell, store: store, into: &buffers[column], type: columnTypes[column]) {
                    buffers[column].appendNull()
                    discards.append(
                        discard(cell, store: store, worker: worker, column: column, row: row))
                }
            }
        }

        if let overflowColumn, !overflow.isEmpty,
            Self.isOpen(&buffers[overflowColumn], at: batchRow)
        {
            overflow.append(UInt8(ascii: "}"))
            overflow.withUnsafeBytes { buffers[overflowColumn].append(utf8: $0) }
        }
        if let loadedAtColumn, Self.isOpen(&buffers[loadedAtColumn], at: batchRow) {
            buffers[loadedAtColumn].append(loadedAtMicros)
        }
        if let runIdColumn, Self.isOpen(&buffers[runIdColumn], at: batchRow) {
            runIdBytes.withUnsafeBytes { buffers[runIdColumn].append(utf8: $0) }
        }
    }

    /// Whether `buffer` has no value yet for row `batchRow`; if so, pads it with nulls up to
    /// that row so the next append lands there.
    @inline(__always)
    private static func isOpen(_ buffer: inout ParquetColumnBuffer, at batchRow: Int) -> Bool {
        let count = buffer.count
        guard count <= batchRow else { return false }
        if count < batchRow { buffer.appendNulls(batchRow - count) }
        return true
    }

    /// Fills every buffer with nulls up to `rows` rows, ending a batch `append` left short.
    static func padWithNulls(_ buffers: inout [ParquetColumnBuffer], rows: Int) {
        for index in buffers.indices where buffers[index].count < rows {
            buffers[index].appendNulls(rows - buffers[index].count)
        }
    }

    private func appendOverflow(
        _ cell: RowStore.Cell, store: RowStore, worker: Int, to overflow: inout [UInt8]
    ) {
        overflow.append(overflow.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
        JSONValue.appendQuoted(keyPaths[worker][Int(cell.key)], to: &overflow)
        overflow.append(UInt8(ascii: ":"))
        overflow.append(contentsOf: jsonText(cell, store: store).utf8)
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
        case (.json, .integer), (.json, .fraction), (.json, .structured):
            store.withText(cell) { buffer.append(utf8: $0) }
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
