#if canImport(Glibc)
    import Glibc
#endif

/// Named points in a run where a test can make the process die as a crash would.
///
/// Set `SLUICE_CRASH_AT` to a point's name and the run sends itself SIGKILL on reaching it;
/// the crash tests use this to check that every reader sees the old or the new state and the
/// next run cleans up. Unset (always, outside those tests) it costs one comparison a point.
public enum CrashPoint: String, CaseIterable, Sendable {
    /// A worker has spilled rows to its temporary spill file; nothing is written to the
    /// output yet, and the spill directory is left for the next run to sweep.
    case afterRowSpill = "after-row-spill"
    /// Every file has been read; nothing is written yet.
    case afterRead = "after-read"
    /// One data file is half written under its temporary name.
    case duringParquet = "during-parquet"
    /// Every data file is in place; no table log is committed.
    case afterDataFiles = "after-data-files"
    /// Some tables' logs are committed, others not.
    case betweenTableCommits = "between-table-commits"
    /// Everything but the manifest is written.
    case beforeManifest = "before-manifest"
    /// The manifest is committed; superseded files are not yet removed.
    case afterManifest = "after-manifest"

    private static let armed: String? = {
        guard let value = getenv("SLUICE_CRASH_AT") else { return nil }
        return String(cString: value)
    }()

    /// Dies here if this point is armed.
    func reach() {
        if Self.armed == rawValue { kill(getpid(), SIGKILL) }
    }
}
