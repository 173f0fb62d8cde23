// Delta Transaction Log Protocol, "Delta Log Entries" (one commit file per version, written
// with mutual exclusion) and "Checkpoints" (written only after their commit exists).
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Delta Lake table folder, read and appended to through its transaction log.
///
/// Data files are written by the caller beforehand (under the table root, e.g. with
/// `ParquetFileWriter`); they become part of the table only when `commit` returns, in one
/// atomic step, so a crash before that leaves them invisible (and removable). Several
/// processes may commit to one table: exactly one wins each version and the others get
/// `concurrentCommit`. One instance must be used from one thread at a time.
///
/// Idempotent retries: each commit records `txn` appId `sluice:<batch>` with the caller's
/// run counter, so before redoing a batch, compare `snapshot()?.transactions` for that appId
/// with the counter; when it is already there, the earlier attempt committed.
public final class DeltaTable {
    /// Commits between two Parquet checkpoints: the reference implementation's default, so
    /// readers replay at most nine JSON commits after the last checkpoint.
    public static let defaultCheckpointInterval = 10

    /// The `engineInfo` written into every `commitInfo`.
    public static let defaultEngineInfo = "sluice/0.1.0"

    /// How long a removed file stays a tombstone in checkpoints, in milliseconds: the
    /// protocol's default `delta.deletedFileRetentionDuration` of one week.
    public static let defaultTombstoneRetention: Int64 = 7 * 24 * 3600 * 1000

    /// The table folder; `_delta_log` is directly inside it.
    public let root: String
    public var checkpointInterval: Int
    public var engineInfo: String
    /// Milliseconds a removed file stays a tombstone in checkpoints.
    public var tombstoneRetention: Int64
    /// Why the last checkpoint attempt failed, or `nil` when it succeeded or none was due.
    /// A failed checkpoint never undoes its commit: readers replay the JSON commits instead.
    public internal(set) var lastCheckpointFailure: DeltaError?

    let store: DeltaLogStore
    /// The last snapshot read, extended by newer commits on the next read.
    private var cached: DeltaSnapshot?

    public init(
        root: String, checkpointInterval: Int = DeltaTable.defaultCheckpointInterval,
        engineInfo: String = DeltaTable.defaultEngineInfo,
        tombstoneRetention: Int64 = DeltaTable.defaultTombstoneRetention
    ) {
        precondition(
            checkpointInterval > 0, "checkpointInterval must be positive, got \(checkpointInterval)"
        )
        self.root = root
        self.checkpointInterval = checkpointInterval
        self.engineInfo = engineInfo
        self.tombstoneRetention = tombstoneRetention
        store = DeltaLogStore(table: root)
    }

    /// The table's latest state, or `nil` when it has no commit yet.
    ///
    /// Replays the JSON commits from version 0 (later calls only the ones added since).
    /// Parquet checkpoints are not read, so a log whose early commits were cleaned up
    /// throws `missingCommits`.
    ///
    /// TODO: start from the last checkpoint once Sluice can read Parquet; until then the first
    /// snapshot of an instance costs one read of every commit (a few KB each), and tables
    /// whose logs other tools clean up cannot be written to.
    public func snapshot() throws -> DeltaSnapshot? {
        guard store.exists else { return nil }
        let versions = try store.commitVersions()
        guard let latest = versions.last else { return nil }
        try checkContiguous(versions)

        var snapshot = cached.flatMap { $0.version <= latest ? $0 : nil } ?? DeltaSnapshot()
        while snapshot.version < latest {
            let version = snapshot.version + 1
            guard let bytes = try store.read(DeltaLogStore.commitName(version), version: version)
            else {
                throw missingCommit(version)
            }
            try snapshot.apply(commit: bytes, version: version, table: root)
        }
        try checkComplete(snapshot)
        cached = snapshot
        return snapshot
    }

    private func checkContiguous(_ versions: [Int64]) throws {
        if versions[0] != 0 {
            throw DeltaError(
                .missingCommits,
                "The log starts at version \(versions[0]); the commits before it were cleaned up, and this writer replays JSON commits only (it cannot read Parquet checkpoints). Keep every commit of tables Sluice writes (do not let other tools clean up their logs).",
                table: root, version: versions[0])
        }
        for (index, version) in versions.enumerated() where version != Int64(index) {
            throw missingCommit(Int64(index))
        }
    }

    private func missingCommit(_ version: Int64) -> DeltaError {
        DeltaError(
            .missingCommits,
            "Commit file '\(DeltaLogStore.commitName(version))' is missing from the log although later ones exist; the log is damaged, restore the file from a backup.",
            table: root, version: version)
    }

    private func checkComplete(_ snapshot: DeltaSnapshot) throws {
        guard snapshot.hasProtocol, snapshot.hasMetadata else {
            throw DeltaError(
                .corruptLog,
                "The log has no \(snapshot.hasProtocol ? "metaData" : "protocol") action; a table's first commit must contain both.",
                table: root, version: snapshot.version)
        }
    }

    /// Milliseconds since the epoch, now.
    static func currentMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
