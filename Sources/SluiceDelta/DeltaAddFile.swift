// Delta Transaction Log Protocol, "Add File and Remove File" (the `add` action's fields) and
// "Per-file Statistics" (numRecords, minValues, maxValues, nullCount).
import SluiceJSON

/// One data file of a table: what an `add` action records about it.
///
/// `path` is relative to the table root and not URI-encoded (the log holds it encoded; this
/// type holds the file system name). `minValues`, `maxValues` and `nullCount` are keyed by
/// column name; a column without an entry has no statistic, which readers treat as "may
/// hold anything". Values are the JSON the protocol uses: numbers for long and double,
/// strings for string and timestamp (ISO-8601 with milliseconds and `Z`).
public struct DeltaAddFile: Sendable {
    public var path: String
    /// One value per partition column, in the table's partition column order.
    public var partitionValues: [(String, String)]
    /// The file's size in bytes.
    public var size: Int64
    /// When the file was written, in milliseconds since the epoch.
    public var modificationTime: Int64
    /// Rows in the file; 0 when `hasStatistics` is false.
    public var numRecords: Int
    /// The per-column statistics, at most one entry per column name; `minValues`,
    /// `maxValues` and `nullCount` are views of it.
    var columnStatistics: [DeltaColumnStatistic] = []
    /// False for an `add` read from a log that carried no `stats`: nothing is known of its
    /// rows, and none is written back for it.
    public var hasStatistics: Bool
    /// The path exactly as the log holds it, for files read from the log: removes and
    /// checkpoints repeat it verbatim, whatever encoding its writer chose.
    var logPath: String?

    /// The path to write into the log.
    var encodedPath: String { logPath ?? DeltaPath.encode(path) }

    public init(
        path: String, partitionValues: [(String, String)], size: Int64, modificationTime: Int64,
        numRecords: Int, minValues: [String: JSONValue] = [:],
        maxValues: [String: JSONValue] = [:], nullCount: [String: Int] = [:]
    ) {
        self.path = path
        self.partitionValues = partitionValues
        self.size = size
        self.modificationTime = modificationTime
        self.numRecords = numRecords
        self.hasStatistics = true
        self.logPath = nil
        self.minValues = minValues
        self.maxValues = maxValues
        self.nullCount = nullCount
    }

    public var minValues: [String: JSONValue] {
        get { statisticsMap { $0.min?.jsonValue } }
        set { replaceStatistics(\.min, with: newValue.lazy.map { ($0, .json($1)) }) }
    }

    public var maxValues: [String: JSONValue] {
        get { statisticsMap { $0.max?.jsonValue } }
        set { replaceStatistics(\.max, with: newValue.lazy.map { ($0, .json($1)) }) }
    }

    public var nullCount: [String: Int] {
        get { statisticsMap(\.nullCount) }
        set { replaceStatistics(\.nullCount, with: newValue.lazy.map { ($0, $1) }) }
    }

    /// The value of partition column `column`, or `nil` when the file has none.
    public func partitionValue(_ column: String) -> String? {
        partitionValues.first { $0.0 == column }?.1
    }
}

extension DeltaAddFile {
    private func statisticsMap<Value>(_ part: (DeltaColumnStatistic) -> Value?) -> [String: Value] {
        var map: [String: Value] = [:]
        for statistic in columnStatistics {
            if let value = part(statistic) { map[statistic.name] = value }
        }
        return map
    }

    /// Sets one part of every column's statistics: `values` for the columns it names,
    /// nothing for the others. Quadratic in the column count; for callers and tests that
    /// state statistics by hand, not for the commit path.
    private mutating func replaceStatistics<Value>(
        _ part: WritableKeyPath<DeltaColumnStatistic, Value?>,
        with values: some Sequence<(String, Value)>
    ) {
        for index in columnStatistics.indices { columnStatistics[index][keyPath: part] = nil }
        for (name, value) in values {
            columnStatistics[statisticIndex(of: name)][keyPath: part] = value
        }
    }

    /// The position of `name` in `columnStatistics`, appending an empty entry when absent.
    mutating func statisticIndex(of name: String) -> Int {
        if let index = columnStatistics.firstIndex(where: { $0.name == name }) { return index }
        columnStatistics.append(DeltaColumnStatistic(name: name))
        return columnStatistics.count - 1
    }
}

/// A file removed from the table that is still a tombstone: readers of older versions may
/// use it until its retention has passed, so checkpoints carry it.
struct DeltaRemovedFile: Sendable {
    var path: String
    /// The path as the log holds it.
    var encodedPath: String
    var deletionTimestamp: Int64
    var partitionValues: [(String, String)]
    var size: Int64?
}
