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

        // The file's columns are usually the schema's, in its order: a cursor finds each in
        // one comparison, and a scan covers partition and missing columns. The file's column
        // names are unique (the Parquet writer refuses repeats).
        let statistics = summary.columnStatistics
        columnStatistics.reserveCapacity(statistics.count)
        var cursor = 0
        for column in columns {
            var isRepeat = false
            if cursor >= statistics.count || statistics[cursor].name != column.name {
                guard let found = statistics.firstIndex(where: { $0.name == column.name }) else {
                    continue
                }
                cursor = found
                isRepeat = columnStatistics.contains { $0.name == column.name }
            }
            let statistic = statistics[cursor]
            cursor += 1

            let bounds = StatisticBounds(type: column.type, prefixLength: stringPrefixLength)
            let entry = DeltaColumnStatistic(
                name: column.name, nullCount: statistic.nullCount,
                min: statistic.min.map { .lower($0, bounds) },
                max: statistic.max.map { .upper($0, bounds) })
            // A column named twice keeps one entry, with what its last naming gave it.
            if isRepeat {
                columnStatistics[statisticIndex(of: column.name)] = entry
            } else {
                columnStatistics.append(entry)
            }
        }
    }
}

/// Turns Parquet footer statistics into Delta bounds for one column type, written straight
/// as JSON text.
struct StatisticBounds: Sendable {
    var type: DeltaType
    var prefixLength: Int

    /// A value less than or equal to `value`, or `nil` when there is no useful one.
    func lower(_ value: ParquetStatisticValue) -> JSONValue? {
        DeltaStatisticBound.lower(value, self).jsonValue
    }

    /// A value greater than or equal to `value`, or `nil` when there is no useful one.
    func upper(_ value: ParquetStatisticValue) -> JSONValue? {
        DeltaStatisticBound.upper(value, self).jsonValue
    }

    /// Appends the JSON text of a value less than or equal to `value` and returns true;
    /// returns false and appends nothing when there is no useful one.
    func appendLower(_ value: ParquetStatisticValue, to out: inout [UInt8]) -> Bool {
        switch (type, value) {
        case (.long, _), (.double, _): return Self.appendNumber(value, to: &out)
        case (.timestamp, .int64(let micros)):
            let milliseconds = max(micros.dividedRoundingDown(by: 1000), Self.earliestMilliseconds)
            Self.appendTimestamp(milliseconds: milliseconds, to: &out)
            return true
        case (.string, .bytes(let bytes)):
            guard let prefix = ScalarPrefix(utf8: bytes, length: prefixLength) else { return false }
            Self.appendQuoted(bytes[..<prefix.end], to: &out)
            return true
        default: return false
        }
    }

    /// Appends the JSON text of a value greater than or equal to `value` and returns true;
    /// returns false and appends nothing when there is no useful one.
    func appendUpper(_ value: ParquetStatisticValue, to out: inout [UInt8]) -> Bool {
        switch (type, value) {
        case (.long, _), (.double, _): return Self.appendNumber(value, to: &out)
        case (.timestamp, .int64(let micros)):
            let milliseconds = min(micros.dividedRoundingUp(by: 1000), Self.latestMilliseconds)
            Self.appendTimestamp(milliseconds: milliseconds, to: &out)
            return true
        case (.string, .bytes(let bytes)):
            guard let prefix = ScalarPrefix(utf8: bytes, length: prefixLength) else { return false }
            guard prefix.isShortened else {
                Self.appendQuoted(bytes[...], to: &out)
                return true
            }
            guard let raised = Self.raisedPrefix(of: bytes[..<prefix.end]) else { return false }
            Self.appendQuoted(raised[...], to: &out)
            return true
        default: return false
        }
    }

    private static func appendNumber(_ value: ParquetStatisticValue, to out: inout [UInt8]) -> Bool
    {
        switch value {
        case .int64(let v): JSONNumber.appendDecimal(v, to: &out)
        case .int32(let v): JSONNumber.appendDecimal(Int64(v), to: &out)
        case .double(let v) where v.isFinite: out.append(contentsOf: "\(v)".utf8)
        default: return false
        }
        return true
    }

    /// 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z. A bound rounded outward past
    /// them would name a year readers cannot hold (deltalake reads `10000-01-01` as no bound,
    /// and skips a file with a lower bound and none above under filters it matches), so the
    /// bound stops there: truncated to the millisecond, as the protocol describes timestamp
    /// bounds. Instants before year 1 or after 9999 are not loaded at all.
    static let earliestMilliseconds: Int64 = -62_135_596_800_000
    static let latestMilliseconds: Int64 = 253_402_300_799_999

    private static func appendTimestamp(milliseconds: Int64, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        DeltaTimestamp.appendISO8601(milliseconds: milliseconds, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    private static func appendQuoted(_ utf8: ArraySlice<UInt8>, to out: inout [UInt8]) {
        utf8.withUnsafeBufferPointer { JSONValue.appendQuoted(utf8: $0, to: &out) }
    }

    /// `prefix` (valid UTF-8) with its last scalar that can be raised raised by one and the
    /// scalars after it dropped: it sorts after every string starting with `prefix` (UTF-8
    /// byte order equals scalar order). `nil` when every scalar is U+10FFFF.
    static func raisedPrefix(of prefix: ArraySlice<UInt8>) -> [UInt8]? {
        var end = prefix.endIndex
        while end > prefix.startIndex {
            var start = end - 1
            while prefix[start] & 0xC0 == 0x80 { start -= 1 }
            var bytes = prefix[start..<end].makeIterator()
            var decoder = UTF8()
            guard case .scalarValue(let last) = decoder.decode(&bytes) else { return nil }
            end = start

            guard let raised = next(after: last) else { continue }
            var text = Array(prefix[..<start])
            UTF8.encode(raised) { text.append($0) }
            return text
        }
        return nil
    }

    /// The next Unicode scalar, skipping the surrogate range.
    private static func next(after scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value == 0xD7FF ? 0xE000 : scalar.value + 1
        return Unicode.Scalar(value)
    }
}

/// Where the first `length` Unicode scalars of a UTF-8 string end.
struct ScalarPrefix {
    /// The byte count of the first `length` scalars (of all of them when there are fewer).
    var end: Int
    /// Whether scalars follow the prefix.
    var isShortened: Bool

    /// `nil` when `utf8` is not valid UTF-8 anywhere in it (as `String(validating:)`
    /// judges), so no bound is made of bytes that are not text.
    init?(utf8: [UInt8], length: Int) {
        if utf8.allSatisfy({ $0 < 0x80 }) {
            end = Swift.min(utf8.count, length)
            isShortened = utf8.count > length
            return
        }
        var bytes = utf8.makeIterator()
        var decoder = UTF8()
        var scalars = 0
        end = 0
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar):
                if scalars < length { end += UTF8.width(scalar) }
                scalars += 1
            case .emptyInput:
                isShortened = scalars > length
                return
            case .error: return nil
            }
        }
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
