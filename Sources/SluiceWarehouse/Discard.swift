/// Why a value could not be stored in its column's type; the raw values are stable codes.
public enum DiscardReason: String, Error, Sendable, Equatable, CaseIterable {
    /// The JSON kind does not belong in the column (a string in a DOUBLE column, an object
    /// in a STRING column).
    case typeMismatch = "type_mismatch"
    /// A number with a fraction in an INT64 column.
    case notAnInteger = "not_an_integer"
    /// An integer beyond the range of `Int64`, a number beyond the range of `Double`, or an
    /// integer a `Double` cannot hold exactly (some past 2^53) in a DOUBLE column.
    case outOfRange = "out_of_range"
    /// A string the timestamp parser does not accept, in a TIMESTAMP column.
    case notATimestamp = "not_a_timestamp"
    /// The table schema has no column for the value's source path: the schema was finished
    /// without observing this field (a mistake of the caller, reported rather than lost).
    case noColumn = "no_column"
}

/// A value left out of a row (its cell is null instead), for the job's discards record.
public struct Discard: Sendable, Equatable {
    /// The column the value was meant for.
    public var column: String

    /// The dotted source path of the value (see `SourcePath`).
    public var sourcePath: String

    /// The value as compact JSON text, so nothing is lost.
    public var originalJSON: String

    public var reason: DiscardReason

    public init(column: String, sourcePath: String, originalJSON: String, reason: DiscardReason) {
        self.column = column
        self.sourcePath = sourcePath
        self.originalJSON = originalJSON
        self.reason = reason
    }
}
