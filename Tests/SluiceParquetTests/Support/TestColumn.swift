import SluiceParquet

/// A value of a test column; nil in `TestColumn.values` is a null.
enum TestValue: Sendable, Hashable {
    case bool(Bool)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case string(String)

    /// How `parquet-readback.py` prints the value.
    var canonical: String {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .int32(let value): String(value)
        case .int64(let value): String(value)
        case .double(let value): String(value.bitPattern)
        case .string(let value): value
        }
    }
}

/// One column of a round-trip case: its spec and every row's value.
struct TestColumn: Sendable {
    var spec: ParquetColumnSpec
    var values: [TestValue?]

    init(_ name: String, _ type: ParquetColumnType, optional: Bool = true, _ values: [TestValue?]) {
        spec = ParquetColumnSpec(name: name, type: type, isOptional: optional)
        self.values = values
    }

    func buffer(rows: Range<Int>) -> ParquetColumnBuffer {
        var buffer = ParquetColumnBuffer(type: spec.type)
        for value in values[rows] {
            switch value {
            case nil: buffer.appendNull()
            case .bool(let v): buffer.append(v)
            case .int32(let v): buffer.append(v)
            case .int64(let v): buffer.append(v)
            case .double(let v): buffer.append(v)
            case .string(let v): buffer.append(string: v)
            }
        }
        return buffer
    }

    /// The statistics a footer must hold for `rows`: null count and canonical min/max in the
    /// column order (NaN excluded, zero bounds as -0.0 / +0.0).
    func expectedStatistics(rows: Range<Int>) -> (nulls: Int, min: String?, max: String?) {
        let present = values[rows].compactMap { $0 }
        let nulls = rows.count - present.count
        switch spec.type {
        case .double:
            let numbers = present.compactMap {
                if case .double(let d) = $0, !d.isNaN { d } else { nil }
            }
            guard let low = numbers.min(), let high = numbers.max() else {
                return (nulls, nil, nil)
            }
            let bounds = (
                TestValue.double(low == 0 ? -0.0 : low), TestValue.double(high == 0 ? 0.0 : high)
            )
            return (nulls, bounds.0.canonical, bounds.1.canonical)
        case .string, .json:
            let texts = present.compactMap {
                if case .string(let s) = $0 { Array(s.utf8) } else { nil }
            }
            let low = texts.min { $0.lexicographicallyPrecedes($1) }
            let high = texts.max { $0.lexicographicallyPrecedes($1) }
            return (
                nulls, low.map { String(decoding: $0, as: UTF8.self) },
                high.map { String(decoding: $0, as: UTF8.self) }
            )
        default:
            let ordered = present.sorted { Self.integer($0) < Self.integer($1) }
            return (nulls, ordered.first?.canonical, ordered.last?.canonical)
        }
    }

    private static func integer(_ value: TestValue) -> Int64 {
        switch value {
        case .bool(let v): v ? 1 : 0
        case .int32(let v): Int64(v)
        case .int64(let v): v
        default: preconditionFailure("not an integer: \(value)")
        }
    }
}

extension ParquetColumnType {
    /// How pyarrow names the Arrow type it reads this column as.
    var pyarrowType: String {
        switch self {
        case .boolean: "bool"
        case .int32: "int32"
        case .int64: "int64"
        case .double: "double"
        case .string: "string"
        case .json: "extension<arrow.json>"
        case .timestampMicros: "timestamp[us, tz=UTC]"
        case .date: "date32[day]"
        }
    }

    /// How DuckDB's DESCRIBE names the column's type.
    var duckdbType: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .int32: "INTEGER"
        case .int64: "BIGINT"
        case .double: "DOUBLE"
        case .string: "VARCHAR"
        case .json: "JSON"
        case .timestampMicros: "TIMESTAMP WITH TIME ZONE"
        case .date: "DATE"
        }
    }

    /// How polars names the column's dtype; it reads JSON as raw bytes.
    var polarsType: String {
        switch self {
        case .boolean: "Boolean"
        case .int32: "Int32"
        case .int64: "Int64"
        case .double: "Float64"
        case .string: "String"
        case .json: "Binary"
        case .timestampMicros: "Datetime(time_unit='us', time_zone='UTC')"
        case .date: "Date"
        }
    }

    /// The legacy converted type pyarrow reports.
    var convertedType: String {
        switch self {
        case .boolean, .int32, .int64, .double: "NONE"
        case .string: "UTF8"
        case .json: "JSON"
        case .timestampMicros: "TIMESTAMP_MICROS"
        case .date: "DATE"
        }
    }
}
