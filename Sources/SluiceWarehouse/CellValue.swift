/// One cell of a warehouse row, typed for its column.
public enum CellValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int64(Int64)
    case double(Double)
    case string(String)
    /// Compact JSON text (see `JSONValue.jsonText`).
    case json(String)
    /// Microseconds since 1970-01-01T00:00:00Z.
    case timestamp(Int64)
}
