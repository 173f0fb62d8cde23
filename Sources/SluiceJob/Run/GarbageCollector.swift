import SluiceDelta
import SluiceWarehouse

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice gc`: removes files no live run references, once the grace period has passed since
/// they stopped being live, so a reader that listed files just before a rerun (or reads the
/// table at an older version) can still open them. A committed run's data file stopped being
/// live when a table's log last removed it (its `deletionTimestamp`, written by the rerun
/// that replaced it) or when that rerun committed, whichever is later, however old the file
/// itself is; any other file when it was last changed. A run that never committed (killed
/// before its manifest) gets no such grace: a version listing its files is a run Sluice
/// never counted, and the next run removes them at once, so a glob never reads its rows.
///
/// Removed: data files (`*.parquet` under table folders) that no live manifest lists,
/// temporary files, and quarantine, discards and dedupe files of runs that are not live.
/// Holds the output lock while it works, so it never races a run.
public struct GarbageCollector {
    /// The named default grace period: a day, longer than any nightly job's readers keep a
    /// file listing open.
    public static let defaultGraceSeconds: Int64 = 86_400

    public var outputDirectory: String
    public var graceSeconds: Int64
    public var isDryRun: Bool

    public init(
        outputDirectory: String, graceSeconds: Int64 = GarbageCollector.defaultGraceSeconds,
        isDryRun: Bool = false
    ) {
        self.outputDirectory = outputDirectory
        self.graceSeconds = graceSeconds
        self.isDryRun = isDryRun
    }

    /// What one collection did.
    public struct Collected: Sendable {
        /// The paths (relative) removed, or that a dry run would remove.
        public var removed: [String] = []
        /// Unreferenced files still within the grace period, and the latest time (seconds
        /// since the epoch) at which one of them becomes old enough to remove.
        public var waiting = 0
        public var waitingUntil: Int64 = 0
    }

    /// Removes what is unreferenced and old enough, and counts what the grace period keeps.
    public func collect() throws -> Collected {
        let lock = try OutputLock.acquire(outputDirectory)
        defer { lock.release() }
        let history = try RunHistory.load(outputDirectory: outputDirectory)
        let live = Set(history.liveRuns.map(\.runId))

        // First bring every table log to exactly the live runs' files (a crashed run's files
        // leave the logs), then never delete a file a log still lists. A dry run changes no
        // log, so it takes what the logs list beyond the live runs' files as removed now.
        if !isDryRun {
            _ = try LeftoverSweeper.sweepSchemas(outputDirectory, history: history)
            try DeltaCommitter(
                outputDirectory: outputDirectory, partitioning: .day,
                runId: "gc-" + RunID.compactTimestamp(micros: RunID.nowMicros()), batch: "_gc",
                txnVersion: Int64(history.runs.count),
                committedRuns: Set(history.runs.map(\.runId))
            ).commit(
                schemas: [:], outputs: [], liveFiles: NightlyRun.liveFiles(history, excluding: []),
                storedSchema: storedSchema)
        }
        var referenced = Set(history.liveRuns.flatMap(\.outputs))
        let now = Int64(time(nil))
        let logs = try tableLogFiles()
        var released = Released(history)
        let isCommittedRunFile = { (path: String) in
            !LeftoverSweeper.isLeftover(FileSystem.baseName(of: path), history: history)
        }
        if isDryRun {
            for path in logs.listed where !referenced.contains(path) && isCommittedRunFile(path) {
                released.note(path, at: now)
            }
        } else {
            referenced.formUnion(logs.listed)
        }
        for (path, removedAt) in logs.removed
        where !referenced.contains(path) && isCommittedRunFile(path) {
            released.note(path, at: removedAt)
        }
        let cutoff = now - graceSeconds
        var collected = Collected()
        collect(
            outputDirectory, relative: "", live: live, referenced: referenced, cutoff: cutoff,
            released: released, into: &collected)
        return collected
    }

    /// When the files of each replaced run stopped being live: when the run that replaced it
    /// committed, as its manifest's last change says (seconds since the epoch).
    struct Released {
        private var byRun: [String: Int64] = [:]
        private var runOfOutput: [String: String] = [:]

        init(_ history: RunHistory) {
            for run in history.runs {
                var info = stat()
                guard !run.supersedes.isEmpty, lstat(run.manifestPath, &info) == 0 else {
                    continue
                }
                for replaced in run.supersedes {
                    byRun[replaced] = max(byRun[replaced] ?? 0, Int64(info.st_mtim.tv_sec))
                }
            }
            for run in history.runs where byRun[run.runId] != nil {
                for output in run.outputs { runOfOutput[output] = run.runId }
            }
        }

        /// Data files (relative paths) a table's log took out, by when.
        private var byOutput: [String: Int64] = [:]

        /// Notes that data file `path` (relative) stopped being live at `seconds`.
        mutating func note(_ path: String, at seconds: Int64) {
            byOutput[path] = max(byOutput[path] ?? 0, seconds)
        }

        /// The time run `runId` was replaced, if it was.
        func run(_ runId: String) -> Int64? { byRun[runId] }

        /// The latest time data file `path` (relative) stopped being live, if known: its run
        /// replaced, or a log taking it out.
        func output(_ path: String) -> Int64? {
            let times = [runOfOutput[path].flatMap { byRun[$0] }, byOutput[path]].compactMap { $0 }
            return times.max()
        }
    }

    private func collect(
        _ path: String, relative: String, live: Set<String>, referenced: Set<String>, cutoff: Int64,
        released: Released, into collected: inout Collected
    ) {
        for name in FileSystem.listDirectory(path) {
            let child = path + "/" + name
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            if relative.isEmpty && name == OutputLock.fileName { continue }
            if relative.isEmpty && name == NightlyRun.manifestFolder {
                // Only a manifest's unfinished write is garbage among the manifests.
                for file in LeftoverSweeper.temporaryFiles(in: child)
                where isOld(child + "/" + file, cutoff, noting: &collected) {
                    if !isDryRun { FileSystem.removeFile(child + "/" + file) }
                    collected.removed.append(childRelative + "/" + file)
                }
                continue
            }
            if FileSystem.isDirectory(child) {
                let runId = String(name.dropFirst(4))
                if name.hasPrefix("run="), !live.contains(runId),
                    isOld(child, cutoff, releasedAt: released.run(runId), noting: &collected)
                {
                    if !isDryRun { LeftoverSweeper.removeTree(child) }
                    collected.removed.append(childRelative)
                    continue
                }
                collect(
                    child, relative: childRelative, live: live, referenced: referenced,
                    cutoff: cutoff, released: released, into: &collected)
                continue
            }
            let releasedAt =
                name.hasSuffix(".keys")
                ? released.run(String(name.dropLast(5))) : released.output(childRelative)
            guard isGarbage(name, relative: childRelative, live: live, referenced: referenced),
                isOld(child, cutoff, releasedAt: releasedAt, noting: &collected)
            else { continue }
            if !isDryRun {
                FileSystem.removeFile(child)
                if name.hasSuffix(".parquet") { Self.removeEmptyPartitionFolders(above: child) }
            }
            collected.removed.append(childRelative)
        }
    }

    private func isGarbage(
        _ name: String, relative: String, live: Set<String>, referenced: Set<String>
    ) -> Bool {
        if LeftoverSweeper.isTemporary(name) { return true }
        if name.hasSuffix(".parquet") && !relative.contains("/_delta_log/") {
            return !referenced.contains(relative)
        }
        if name.hasSuffix(".keys") { return !live.contains(String(name.dropLast(5))) }
        return false
    }

    /// The data files (relative to the output) the table logs list, and those they removed
    /// and did not add again, with when (seconds since the epoch); one read of each log.
    private func tableLogFiles() throws -> (listed: Set<String>, removed: [String: Int64]) {
        var listed: Set<String> = []
        var removed: [String: Int64] = [:]
        for table in FileSystem.listDirectory(outputDirectory)
        where !table.hasPrefix("_") && !table.hasPrefix(".") {
            guard FileSystem.isDirectory(outputDirectory + "/" + table + "/_delta_log"),
                let snapshot = try DeltaTable(root: outputDirectory + "/" + table).snapshot()
            else { continue }
            for file in snapshot.files { listed.insert(table + "/" + file.path) }
            for (path, milliseconds) in snapshot.removalTimes {
                removed[table + "/" + path] = milliseconds / 1000
            }
        }
        return (listed, removed)
    }

    /// Removes the partition folders (`hr=`, then `day=`) that held data file `path`, if it
    /// was their last file; `rmdir` leaves a folder that still holds anything, and a table's
    /// own folder always holds its log.
    static func removeEmptyPartitionFolders(above path: String) {
        var folder = FileSystem.directoryName(of: path)
        while FileSystem.baseName(of: folder).contains("="), rmdir(folder) == 0 {
            folder = FileSystem.directoryName(of: folder)
        }
    }

    private func storedSchema(_ table: String) throws -> TableSchema? {
        let path = outputDirectory + "/" + table + "/" + TableStage.schemaFileName
        guard FileSystem.exists(path) else { return nil }
        return try TableSchema.decode(
            jsonText: String(decoding: try FileSystem.readFile(path), as: UTF8.self))
    }

    /// Whether `path`, garbage, stopped being live at or before `cutoff`: was last changed
    /// then, and was released (its run replaced, `releasedAt`) then too. One that was not is
    /// counted in `collected` as waiting for the grace period to pass.
    private func isOld(
        _ path: String, _ cutoff: Int64, releasedAt: Int64? = nil,
        noting collected: inout Collected
    ) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        let changed = max(Int64(info.st_mtim.tv_sec), releasedAt ?? 0)
        guard changed > cutoff else { return true }
        collected.waiting += 1
        collected.waitingUntil = max(collected.waitingUntil, changed + graceSeconds)
        return false
    }
}
