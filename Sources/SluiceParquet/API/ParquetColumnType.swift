/// The column types the writer supports, each mapped to one Parquet physical type plus the
/// logical (and legacy converted) annotation readers use to interpret it.
public enum ParquetColumnType: Sendable, Hashable {
    /// BOOLEAN, bit-packed in PLAIN pages.
    case boolean
    /// INT32 without annotation.
    case int32
    /// INT64 without annotation.
    case int64
    /// IEEE 754 DOUBLE.
    case double
    /// BYTE_ARRAY annotated STRING (converted type UTF8); values must be UTF-8.
    case string
    /// BYTE_ARRAY annotated JSON (converted type JSON): stringified objects and arrays. Each
    /// value must be a valid JSON text (DuckDB, for one, rejects the file otherwise); the
    /// writer does not check.
    case json
    /// INT64 microseconds since the Unix epoch, TIMESTAMP(MICROS, isAdjustedToUTC=true).
    case timestampMicros
    /// INT32 days since the Unix epoch, DATE.
    case date
}

/// One column of the file's flat schema.
public struct ParquetColumnSpec: Sendable, Hashable {
    /// The field name written into the schema; must be non-empty and unique within a file.
    public var name: String
    public var type: ParquetColumnType
    /// OPTIONAL columns carry definition levels and accept nulls; REQUIRED ones reject them.
    public var isOptional: Bool

    public init(name: String, type: ParquetColumnType, isOptional: Bool = true) {
        self.name = name
        self.type = type
        self.isOptional = isOptional
    }
}
