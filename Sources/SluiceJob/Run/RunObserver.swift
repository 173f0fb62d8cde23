import SluiceJSON

/// Receives a run's progress; the command line turns it into a progress line and log lines.
///
/// Calls come from the thread running the job, one at a time, except `fileRead`, which may
/// come from any worker thread concurrently: implementations must be thread-safe.
public protocol RunObserver: Sendable {
    /// Reading is about to start on `files` input files of `compressedBytes` in all.
    func readingStarted(files: Int, compressedBytes: Int64)

    /// A file has been read: its stored and decompressed size and the events found.
    func fileRead(path: String, compressedBytes: Int64, decompressedBytes: Int64, events: Int)

    /// A stage has finished, with its wall time and a few values worth logging (numbers as
    /// numbers, so that a JSON log line gives them as such).
    func stageFinished(_ stage: String, seconds: Double, details: [(String, JSONValue)])
}

/// An observer that ignores everything.
public struct SilentObserver: RunObserver {
    public init() {}
    public func readingStarted(files: Int, compressedBytes: Int64) {}
    public func fileRead(
        path: String, compressedBytes: Int64, decompressedBytes: Int64, events: Int
    ) {}
    public func stageFinished(
        _ stage: String, seconds: Double, details: [(String, JSONValue)]
    ) {}
}
