import SluiceJSON

/// The committed runs of an output directory, read from its manifests.
///
/// A run is committed exactly when its manifest exists. A run is superseded when a later
/// committed run of the same batch lists it in `supersedes`: its rows were replaced.
public struct RunHistory: Sendable {
    /// What the job needs to know of one committed run.
    public struct Run: Sendable {
        public var runId: String
        public var batch: String
        public var startedAt: String
        public var supersedes: [String]
        /// Input files as (relative path, SHA-256).
        public var inputs: [(path: String, sha256: String)]
        /// Output data files, relative to the output directory.
        public var outputs: [String]
        /// The same files with what a Delta `add` needs to list them again.
        public var outputFiles: [OutputFile]
        public var counts: JSONObject
        public var manifestPath: String
        /// The received days the run wrote dedupe keys for (`dedupe_index.files`), in order.
        public var keyDays: [String] = []
        /// The received days of the run's events, prior duplicates included
        /// (`dedupe_index.night_days`); empty in manifests written before it was recorded.
        public var nightDays: [String] = []

        /// Every received day the run is known to have looked from or written keys on.
        var days: [String] { keyDays + nightDays }

        /// Whether the run loaded every line, by its manifest's counts: the test of
        /// `RunReport.isComplete`, read back, without `RunCounters.countsBeyondLines` (the
        /// nights a dropping rerun made stale are `droppingRerun(after:windowDays:)`'s).
        public var isComplete: Bool {
            RunCounters().partialCounts.allSatisfy {
                RunCounters.countsBeyondLines.contains($0.name)
                    || (counts[$0.name]?.numberValue?.int64 ?? 0) == 0
            }
        }
    }

    /// One data file a committed run wrote, as its manifest records it.
    public struct OutputFile: Sendable {
        public var table: String
        public var path: String
        public var partition: [(String, String)]
        public var rows: Int
        public var bytes: Int64
    }

    public private(set) var runs: [Run] = []

    /// Reads every manifest in `OUT/_manifests`, oldest run first.
    ///
    /// - Throws: `JobError` with code `output` naming a manifest that cannot be read.
    public static func load(outputDirectory: String) throws -> RunHistory {
        var history = RunHistory()
        let folder = outputDirectory + "/" + NightlyRun.manifestFolder
        for name in FileSystem.listDirectory(folder)
        where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let path = folder + "/" + name
            let value: JSONValue
            do {
                value = try JSONParser().parse(try FileSystem.readFile(path))
            } catch {
                throw JobError(
                    .output,
                    "The manifest '\(path)' cannot be read (\(error)); restore it from a backup. Do not delete it: a run without a manifest counts as uncommitted, and the next run removes its files."
                )
            }
            let stem = String(name.dropLast(5))
            guard let runId = value["run_id"]?.stringValue, runId == stem,
                value["batch"]?.stringValue?.isEmpty == false,
                value["started_at"]?.stringValue?.isEmpty == false
            else {
                throw JobError(
                    .output,
                    "The manifest '\(path)' lacks its run id ('\(stem)', as its name says), batch or start time; restore it from a backup. Do not delete it: a run without a manifest counts as uncommitted, and the next run removes its files."
                )
            }
            history.runs.append(run(from: value, path: path))
        }
        history.runs.sort { ($0.startedAt, $0.runId) < ($1.startedAt, $1.runId) }
        return history
    }

    private static func run(from value: JSONValue, path: String) -> Run {
        let inputs = (value["inputs"]?.arrayValue ?? []).map {
            (path: $0["path"]?.stringValue ?? "", sha256: $0["sha256"]?.stringValue ?? "")
        }
        var run = Run(
            runId: value["run_id"]?.stringValue ?? "", batch: value["batch"]?.stringValue ?? "",
            startedAt: value["started_at"]?.stringValue ?? "",
            supersedes: (value["supersedes"]?.arrayValue ?? []).compactMap(\.stringValue),
            inputs: inputs,
            outputs: (value["outputs"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue },
            outputFiles: (value["outputs"]?.arrayValue ?? []).compactMap(outputFile),
            counts: value["counts"]?.objectValue ?? JSONObject(), manifestPath: path)
        let keyFiles = value["dedupe_index"]?["files"]?.arrayValue ?? []
        run.keyDays = Array(Set(keyFiles.compactMap { Self.keyDay(ofPath: $0.stringValue) }))
            .sorted()
        run.nightDays = (value["dedupe_index"]?["night_days"]?.arrayValue ?? []).compactMap {
            $0.stringValue.flatMap { Backfill.isDay($0) ? $0 : nil }
        }
        return run
    }

    /// The day of a key file's path, `_dedupe/day=YYYY-MM-DD/<run>.keys`.
    static func keyDay(ofPath path: String?) -> String? {
        guard let path, let start = path.range(of: "/day=") else { return nil }
        let day = String(path[start.upperBound...].prefix(10))
        return Backfill.isDay(day) ? day : nil
    }

    private static func outputFile(_ value: JSONValue) -> OutputFile? {
        guard let table = value["table"]?.stringValue, let path = value["path"]?.stringValue else {
            return nil
        }
        let partition = (value["partition"]?.objectValue ?? JSONObject()).map {
            ($0.0, $0.1.stringValue ?? "")
        }
        return OutputFile(
            table: table, path: path, partition: partition,
            rows: Int(value["rows"]?.numberValue?.int64 ?? 0),
            bytes: value["bytes"]?.numberValue?.int64 ?? 0)
    }

    /// Run ids that a later committed run replaced.
    public var supersededRunIds: Set<String> {
        Set(runs.flatMap(\.supersedes))
    }

    /// Committed runs whose rows are live (not superseded).
    public var liveRuns: [Run] {
        let superseded = supersededRunIds
        return runs.filter { !superseded.contains($0.runId) }
    }

    /// The live runs of one batch.
    public func liveRuns(ofBatch batch: String) -> [Run] {
        liveRuns.filter { $0.batch == batch }
    }

    /// The run of another batch whose rerun dropped events `run` may have skipped, if any:
    /// one that reported `dropped_by_rerun` (or could not count it, `mayHaveDropped`),
    /// started after `run`, and whose batch was first
    /// loaded before `run` started, while `run` counted prior duplicates. `run` may have
    /// counted some of the dropped events as prior duplicates of that batch's earlier run,
    /// so they are in no table until `run`'s batch is loaded again. Superseded reruns count
    /// too: a second rerun of the same files drops nothing against the first, yet the events
    /// are still missing.
    ///
    /// Only a rerun whose batch's days lie within `windowDays` of `run`'s days (those it
    /// loaded and those of its prior duplicates) counts: `run` looked for prior duplicates
    /// that far and no further; `nil` is unbounded. Runs whose manifests list no days count
    /// whatever their days.
    public func droppingRerun(after run: Run, windowDays: Int?) -> Run? {
        guard (run.counts["prior_duplicates"]?.numberValue?.int64 ?? 0) > 0 else { return nil }
        return runs.first { later in
            guard later.batch != run.batch, later.startedAt > run.startedAt,
                Self.mayHaveDropped(later)
            else { return false }
            let batchRuns = runs.filter { $0.batch == later.batch }
            guard let firstLoaded = batchRuns.map(\.startedAt).min(),
                firstLoaded < run.startedAt
            else { return false }
            return Self.areWithin(windowDays, run.days, batchRuns.flatMap(\.days))
        }
    }

    /// Whether some day of `a` lies within `window` days of some day of `b`; true when either
    /// lists none (nothing says they are apart) or the window is unbounded.
    static func areWithin(_ window: Int?, _ a: [String], _ b: [String]) -> Bool {
        guard let window, !a.isEmpty, !b.isEmpty else { return true }
        let numbers = b.compactMap(Backfill.dayNumber)
        return a.compactMap(Backfill.dayNumber).contains { day in
            numbers.contains { abs($0 - day) <= Int64(window) }
        }
    }

    /// Whether `run` is a rerun that dropped events its replaced run loaded, or may have: one
    /// whose replaced run's keys had expired cannot count what it dropped.
    static func mayHaveDropped(_ run: Run) -> Bool {
        let count = { (name: String) in run.counts[name]?.numberValue?.int64 ?? 0 }
        return count("dropped_by_rerun") > 0 || count("rerun_keys_expired") > 0
    }

    /// Whether `runId` has a manifest.
    public func isCommitted(_ runId: String) -> Bool {
        runs.contains { $0.runId == runId }
    }
}
