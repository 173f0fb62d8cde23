/// What `ParquetFileWriter.close()` wrote.
public struct ParquetFileSummary: Sendable {
    /// The final path (the temporary file no longer exists).
    public var path: String
    public var rowCount: Int
    /// Size of the whole file, footer included.
    public var byteCount: Int
    public var rowGroupCount: Int
    /// One entry per column, in schema order, aggregated over all row groups.
    public var columnStatistics: [ParquetColumnStatistics]
}

/// A column's statistics over a whole file, as the footer states them; `min`/`max` are nil
/// when it has no non-null (and, for doubles, non-NaN) values.
public struct ParquetColumnStatistics: Sendable {
    public var name: String
    public var nullCount: Int
    public var min: ParquetStatisticValue?
    public var max: ParquetStatisticValue?
    /// False when a long string minimum was shortened to a prefix (still a lower bound).
    public var isMinExact = true
    /// False when a long string maximum was shortened and incremented (still an upper bound).
    public var isMaxExact = true

    public init(name: String, nullCount: Int) {
        self.name = name
        self.nullCount = nullCount
    }
}

/// A statistic in the physical type's terms: timestamps are `.int64` microseconds, dates
/// `.int32` days, strings and JSON `.bytes` of UTF-8.
public enum ParquetStatisticValue: Sendable, Hashable {
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case bytes([UInt8])
}
