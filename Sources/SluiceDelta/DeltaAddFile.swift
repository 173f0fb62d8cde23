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
    public var minValues: [String: JSONValue]
    public var maxValues: [String: JSONValue]
    public var nullCount: [String: Int]
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
        self.minValues = minValues
        self.maxValues = maxValues
        self.nullCount = nullCount
        self.hasStatistics = true
        self.logPath = nil
    }

    /// The value of partition column `column`, or `nil` when the file has none.
    public func partitionValue(_ column: String) -> String? {
        partitionValues.first { $0.0 == column }?.1
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
