/// The counts a run keeps; every input line lands in exactly one of blank, loaded, duplicate
/// or quarantined, and `unaccountedLines` says how far that promise is off (zero or the run
/// fails before committing).
public struct RunCounters: Sendable {
    public var files = 0
    public var partialFiles = 0
    public var unreadableDirectories = 0
    /// Entries of the input other than directories that the scan could not read or name
    /// (`SkippedFile.Reason.mayHoldUnreadEvents`); like unreadable directories, they make the
    /// run partial.
    public var unreadableEntries = 0
    public var lines = 0
    public var blankLines = 0
    public var malformedLines = 0
    public var eventsParsed = 0
    public var duplicates = 0
    public var priorDuplicates = 0
    public var conflictingDuplicates = 0
    public var blockedEvents = 0
    public var eventsWithViolations = 0
    /// Events the superseded run of this batch loaded that this rerun does not, while later
    /// nights exist that may have counted them as prior duplicates.
    public var droppedByRerun = 0
    /// Days of the night's dedupe window whose keys expired from the index: events loaded
    /// on those days could not be found as prior duplicates.
    public var expiredWindowDays = 0
    /// Days on which the runs this rerun replaces wrote keys that expired from the index: the
    /// rerun cannot count what of theirs it drops, so later nights may need a rerun.
    public var rerunKeysExpired = 0
    /// Sorted runs the dedupe spilled to disk because its entries outgrew its memory bound.
    public var dedupeSpilledRuns = 0
    /// How many times a worker spilled its stored rows to disk, summed over workers (0 when
    /// every row fit in `rowMemoryBytes`).
    public var rowSpills = 0
    /// Bytes the workers wrote to their spill files, summed over workers.
    public var rowSpillBytes: Int64 = 0
    public var quarantinedLines = 0
    public var eventsLoaded = 0
    public var omittedProperties = 0
    public var discardedValues = 0
    public var oversizedEvents = 0
    public var compressedBytes: Int64 = 0
    public var decompressedBytes: Int64 = 0
    public var rejectionsByReason: [String: Int] = [:]
    /// Lines quarantined as `failed_integrity_check`: events and rejected lines alike, all
    /// decoded from a part of a file that failed its integrity check.
    public var untrustedLines = 0
    public var violationsByType: [String: Int] = [:]
    public var substitutions: [String: Int] = [:]
    public var rowsByTable: [String: Int] = [:]

    public init() {}

    /// The counts that make a run partial when any is above zero, by their names in the
    /// manifest's `counts`: a run is complete exactly when all are zero (`RunReport` asks
    /// it of the counters, `RunHistory` of a manifest read back).
    public var partialCounts: [(name: String, value: Int)] {
        [
            ("quarantined_lines", quarantinedLines), ("partial_files", partialFiles),
            ("unreadable_directories", unreadableDirectories),
            ("unreadable_entries", unreadableEntries), ("dropped_by_rerun", droppedByRerun),
            ("expired_window_days", expiredWindowDays), ("rerun_keys_expired", rerunKeysExpired),
        ]
    }

    /// The names in `partialCounts` that say nothing of the run's own lines: a rerun's
    /// dropped events (the later nights it made stale say so) and the days its dedupe could
    /// not check. A day read back with only these above zero loaded every line.
    public static let countsBeyondLines: Set<String> = [
        "dropped_by_rerun", "expired_window_days", "rerun_keys_expired",
    ]

    /// Whether a line was not loaded: one of `partialCounts` beyond `countsBeyondLines` is
    /// above zero.
    public var hasUnloadedLines: Bool {
        partialCounts.contains { !Self.countsBeyondLines.contains($0.name) && $0.value > 0 }
    }

    /// Lines not yet accounted for; zero when the books balance.
    public var unaccountedLines: Int {
        lines - blankLines - eventsLoaded - duplicates - priorDuplicates - quarantinedLines
    }
}
