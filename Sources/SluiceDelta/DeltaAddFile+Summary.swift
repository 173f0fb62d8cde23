// Delta Transaction Log Protocol, "Per-file Statistics": minValues/maxValues are bounds
// (footnote: "String columns are cut off at a fixed prefix length. Timestamp columns are
// truncated down to milliseconds."). Here every bound stays a true bound: timestamps round
// outward to milliseconds, and a long string's maximum becomes a larger short string.
import SluiceJSON
import SluiceParquet

extension DeltaAddFile {
    /// Unicode scalars kept of a string statistic: enough to tell event names, ids and
    /// dates apart (which is what data skipping on strings uses), short enough that the log
    /// does not carry whole free-text values for every file.
    public static let defaultStringPrefixLength = 32

    /// Builds the `add` for a Parquet file `ParquetFileWriter.close()` just wrote.
    ///
    /// `columns` is the table schema; each column found by name in the summary gets a null
    /// count, and long, double, string and timestamp columns get bounds. Columns missing
    /// from the file (partition columns, columns the file predates) get no statistics.
    public init(
        summary: ParquetFileSummary, relativePath: String, partitionValues: [(String, String)],
        modificationTime: Int64, columns: [DeltaField],
        stringPrefixLength: Int = Self.defaultStringPrefixLength
    ) {
        self.init(
            path: relativePath, partitionValues: partitionValues, size: Int64(summary.byteCount),
            modificationTime: modificationTime, numRecords: summary.rowCount)

        let statistics = Dictionary(
            summary.columnStatistics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for column in columns {
            guard let statistic = statistics[column.name] else { continue }
            nullCount[column.name] = statistic.nullCount
            let bounds = StatisticBounds(type: column.type, prefixLength: stringPrefixLength)
            minValues[column.name] = statistic.min.flatMap(bounds.lower)
            maxValues[column.name] = statistic.max.flatMap(bounds.upper)
        }
    }
}

/// Turns Parquet footer statistics into Delta bounds for one column type.
struct StatisticBounds {
    var type: DeltaType
    var prefixLength: Int

    /// A value less than or equal to `value`, or `nil` when there is no useful one.
    func lower(_ value: ParquetStatisticValue) -> JSONValue? {
        switch (type, value) {
        case (.long, _), (.double, _): return number(value)
        case (.timestamp, .int64(let micros)):
            return .string(
                DeltaTimestamp.iso8601(milliseconds: micros.dividedRoundingDown(by: 1000)))
        case (.string, .bytes(let bytes)):
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            return .string(
                String(String.UnicodeScalarView(text.unicodeScalars.prefix(prefixLength))))
        default: return nil
        }
    }

    /// A value greater than or equal to `value`, or `nil` when there is no useful one.
    func upper(_ value: ParquetStatisticValue) -> JSONValue? {
        switch (type, value) {
        case (.long, _), (.double, _): return number(value)
        case (.timestamp, .int64(let micros)):
            return .string(DeltaTimestamp.iso8601(milliseconds: micros.dividedRoundingUp(by: 1000)))
        case (.string, .bytes(let bytes)):
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            return Self.shortUpperBound(of: Array(text.unicodeScalars), prefixLength).map(
                JSONValue.string)
        default: return nil
        }
    }

    private func number(_ value: ParquetStatisticValue) -> JSONValue? {
        switch value {
        case .int64(let v): return .number(JSONNumber(v))
        case .int32(let v): return .number(JSONNumber(Int64(v)))
        case .double(let v) where v.isFinite: return .number(JSONNumber(v))
        default: return nil
        }
    }

    /// The string itself when short enough; else its prefix with the last scalar that can be
    /// raised raised by one, which sorts after every string with that prefix (UTF-8 byte
    /// order equals scalar order). `nil` when every scalar of the prefix is U+10FFFF.
    static func shortUpperBound(of scalars: [Unicode.Scalar], _ prefixLength: Int) -> String? {
        if scalars.count <= prefixLength { return String(String.UnicodeScalarView(scalars)) }
        var prefix = Array(scalars.prefix(prefixLength))
        while let last = prefix.popLast() {
            guard let raised = next(after: last) else { continue }
            return String(String.UnicodeScalarView(prefix + [raised]))
        }
        return nil
    }

    /// The next Unicode scalar, skipping the surrogate range.
    private static func next(after scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value == 0xD7FF ? 0xE000 : scalar.value + 1
        return Unicode.Scalar(value)
    }
}

extension Int64 {
    func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }

    func dividedRoundingUp(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder > 0 ? quotient + 1 : quotient
    }
}
