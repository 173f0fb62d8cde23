import SluiceJSON

@testable import SluiceJob

/// One stored value made comparable across batches and runs: interned and plain strings
/// alike, text by content rather than by offset.
struct StoredValue: Equatable, CustomStringConvertible {
    var path: String
    /// `string` for interned and plain strings alike.
    var kind: String
    /// The payload of values without text, the number before a number's text.
    var number: Int64?
    var text: String

    var description: String { "\(path) \(kind) \(number.map(String.init) ?? "-") \(text)" }

    init(_ values: ColumnValues, _ index: Int, key: UInt32, path: String, interner: StringInterner)
    {
        self.path = path
        let kind = values.kind(index)
        switch kind {
        case .internedString:
            self.kind = "string"
            text = String(
                decoding: interner.entry(UInt32(values.payloads[index]), key: key), as: UTF8.self)
        case .string, .structured:
            self.kind = "\(kind)"
            text = String(decoding: values.textBytes(index), as: UTF8.self)
        case .integerText, .fraction:
            self.kind = "\(kind)"
            number = values.numberPrefix(index)
            text = String(decoding: values.textBytes(index), as: UTF8.self)
        case .integer:
            self.kind = "integer"
            number = values.payloads[index]
            text = String(values.payloads[index])
        case .null, .bool, .timestamp:
            self.kind = "\(kind)"
            number = values.payloads[index]
            text = ""
        }
    }

    /// The value as the JSON text it was in the event (timestamps as their microseconds).
    var json: String {
        switch kind {
        case "null": return "null"
        case "bool": return number != 0 ? "true" : "false"
        case "string": return JSONValueText.quoted(text)
        case "timestamp": return "\(number!)"
        default: return text
        }
    }
}

enum JSONValueText {
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        JSONValue.appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

extension ColumnBatch {
    /// The batch's values as columns, in `keys` order, rows in the order they were begun.
    func columnsInAppendOrder() -> [ColumnValues] {
        let order = (0..<UInt32(rowCount)).map { $0 }
        return order.withUnsafeBufferPointer { columns(inRowOrder: $0) }
    }

    /// `columnsInAppendOrder()`, and empties the batch.
    mutating func takeColumns() -> [ColumnValues] {
        let taken = columnsInAppendOrder()
        removeAll()
        return taken
    }

    /// The values of `row`, in the order their keys were first stored (for a one-row batch,
    /// the order they were appended).
    func values(ofRow row: Int, keys: KeyTable) -> [StoredValue] {
        var out: [StoredValue] = []
        for (position, column) in columnsInAppendOrder().enumerated() {
            let index = column.firstIndex(atOrAfterRow: UInt32(row), in: 0..<column.count)
            guard index < column.count, column.rows[index] == UInt32(row) else { continue }
            let key = self.keys[position]
            out.append(
                StoredValue(
                    column, index, key: key, path: keys.paths[Int(key)], interner: interner))
        }
        return out
    }
}

extension ColumnRun {
    /// Every value of `row`, by key order, read through `values(of:rows:)` as the table
    /// stage reads them.
    func values(ofRow row: Int, paths: [String], interner: StringInterner) throws -> [StoredValue] {
        var out: [StoredValue] = []
        for column in columns.sorted(by: { $0.key < $1.key }) {
            let (values, range) = try self.values(of: column, rows: row..<row + 1)
            for index in range {
                out.append(
                    StoredValue(
                        values, index, key: column.key, path: paths[Int(column.key)],
                        interner: interner))
            }
        }
        return out
    }
}
