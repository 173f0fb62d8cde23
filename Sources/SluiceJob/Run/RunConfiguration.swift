/// Everything one `sluice run` was asked to do; recorded whole in the run's manifest.
public struct RunConfiguration: Sendable {
    /// How partitions split time.
    public enum Partitioning: String, Sendable, CaseIterable {
        case day
        case hour
    }

    /// Which timestamp picks an event's partition.
    public enum PartitionTime: String, Sendable, CaseIterable {
        /// `receivedAt`, as Segment Data Lakes does: a night's run touches only its own
        /// partitions, and late events land in tonight's.
        case received
        /// The event's own `timestamp`, for analysts who want event-time partitions.
        case event
    }

    /// What to do when an event has no `receivedAt`.
    public enum ReceivedAtFallback: String, Sendable, CaseIterable {
        /// Use the event's own time (`timestamp`, else `originalTimestamp`, else `sentAt`).
        case eventTime = "event-time"
        /// Use the run's start time.
        case runTime = "run-time"
        /// Quarantine the event.
        case reject
    }

    /// The named default for `maxLineBytes`: 1 MiB, thirty times Segment's own 32 KB event
    /// limit, so only runaway lines (a log shipper gluing lines together) hit it.
    public static let defaultMaxLineBytes = 1 << 20

    /// The largest `maxLineBytes` accepted: 1 GiB. A worker's batches address their text with
    /// 32-bit offsets and spill past `BatchLog.maximumBytes`, so one event flattened on top
    /// of a full log must stay within 4 GiB; no real event comes near this.
    public static let maximumLineBytes = 1 << 30

    /// The named default for `dedupeMemoryBytes`: 512 MiB of dedupe entries (48 bytes an
    /// event, so about 11 million events) before the dedupe spills sorted runs to disk, half
    /// the 1 GiB the job aims to stay under.
    public static let defaultDedupeMemoryBytes = 512 << 20

    /// The named default for `rowMemoryBytes`: 256 MiB of stored rows (a few hundred bytes
    /// an event in the workers' value logs, so some 300,000 events) shared by all workers
    /// before each seals and spills its rows to disk. With the dedupe's 512 MiB and the table
    /// stage's merge and row group buffers this keeps a run under the 1 GiB the job aims for;
    /// more buys fewer spill files, not speed.
    public static let defaultRowMemoryBytes = 256 << 20

    /// The smallest `rowMemoryBytes` accepted: 64 KiB, a few dozen rows a spill; below it
    /// nearly every event would be a spill of its own.
    public static let minimumRowMemoryBytes = 64 << 10

    /// The named default for `dedupeWindowDays`: 7 received days, as Segment Data Lakes uses.
    public static let defaultDedupeWindowDays = 7

    public var inputDirectory: String
    public var planPath: String
    public var outputDirectory: String
    public var partitioning: Partitioning = .day
    public var partitionTime: PartitionTime = .received
    public var compression: String = "zstd"
    public var threads: Int
    public var isDryRun = false
    public var enforcementOverrides: [String] = []
    public var maxQuarantineRate: Double?
    public var maxLineBytes = RunConfiguration.defaultMaxLineBytes
    public var receivedAtFallback: ReceivedAtFallback = .eventTime
    public var batchName: String?
    public var runId: String?
    public var dedupeMemoryBytes = RunConfiguration.defaultDedupeMemoryBytes
    /// Memory for rows waiting for the table stage, split evenly across the ingest workers;
    /// a worker whose rows pass its share writes them to a spill file under `$TMPDIR`.
    public var rowMemoryBytes = RunConfiguration.defaultRowMemoryBytes
    public var dedupeWindowDays: Int? = RunConfiguration.defaultDedupeWindowDays
    public var allowsTypeWidening = false
    /// How workers without a file take lines of the files others read; tests share more.
    var lineSharing = HelpBoard.Sharing()

    public init(inputDirectory: String, planPath: String, outputDirectory: String, threads: Int) {
        self.inputDirectory = inputDirectory
        self.planPath = planPath
        self.outputDirectory = outputDirectory
        self.threads = threads
    }
}
