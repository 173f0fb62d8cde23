import SluiceJSON

/// The state of a table at one version: what replaying its log up to that version gives.
///
/// A value type, detached from the files: it does not change when other writers commit.
public struct DeltaSnapshot: Sendable {
    /// The last commit replayed.
    public internal(set) var version: Int64
    /// The `metaData.id` of the table, kept by every metadata update.
    public internal(set) var tableId: String
    public internal(set) var schema: [DeltaField]
    public internal(set) var partitionColumns: [String]
    public internal(set) var minReaderVersion: Int
    public internal(set) var minWriterVersion: Int
    /// The latest `version` of every `txn` appId (Sluice uses `sluice:<batch>`).
    public internal(set) var transactions: [String: Int64]
    /// Every commit's `commitInfo` in version order (commits without one are absent).
    public internal(set) var commits: [DeltaCommitRecord]

    var configuration: [(String, String)] = []
    var createdTime: Int64?
    var transactionTimes: [String: Int64] = [:]
    /// Live files by path (decoded), with the order they arrived in.
    var liveFiles: [String: (ordinal: Int, file: DeltaAddFile)] = [:]
    /// Removed files by path (decoded).
    var tombstones: [String: DeltaRemovedFile] = [:]
    var nextOrdinal = 0
    var hasProtocol = false
    var hasMetadata = false

    init() {
        version = -1
        tableId = ""
        schema = []
        partitionColumns = []
        minReaderVersion = 0
        minWriterVersion = 0
        transactions = [:]
        commits = []
    }

    /// The live data files (adds not removed since), oldest first.
    public var files: [DeltaAddFile] {
        liveFiles.values.sorted { $0.ordinal < $1.ordinal }.map(\.file)
    }

    /// The files removed and not added again, by path (relative to the table root, not
    /// encoded), each with when its last `remove` took it out of the table, in milliseconds
    /// since the epoch (its `deletionTimestamp`). A reader at an older version may still
    /// open such a file, so that is the time a retention period counts from.
    public var removalTimes: [String: Int64] {
        tombstones.mapValues(\.deletionTimestamp)
    }

    /// Whether `path` (relative to the table root, not encoded) is a live data file.
    public func containsFile(_ path: String) -> Bool {
        liveFiles[path] != nil
    }

    /// Whether table property `key` is set to `true` (case-insensitively), e.g.
    /// `delta.appendOnly`.
    func isEnabled(_ key: String) -> Bool {
        configuration.last { $0.0 == key }?.1.lowercased() == "true"
    }
}

/// What a commit's `commitInfo` said about it; the Sluice fields are `nil` for commits
/// other writers made.
public struct DeltaCommitRecord: Sendable, Equatable {
    public var version: Int64
    /// Milliseconds since the epoch, as the writer recorded it.
    public var timestamp: Int64?
    public var operation: String?
    public var runId: String?
    public var batch: String?
}
