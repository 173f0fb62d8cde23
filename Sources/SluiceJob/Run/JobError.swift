/// Why a run failed; nothing of a failed run is committed.
///
/// `code` is stable for scripts; `message` is a sentence saying what was attempted, on what,
/// why it failed and, when there is one, the fix.
public struct JobError: Error, Sendable, CustomStringConvertible {
    /// Stable reasons.
    public enum Code: String, Sendable {
        case io
        case input
        /// The input holds nothing to load: no log file, or none with a line that is not
        /// blank. Nothing was written; a backfill counts the day as empty.
        case emptyInput = "empty_input"
        case plan
        case output
        case accounting
        case quarantineRate = "quarantine_rate"
        case locked
        case usage
        case parquet
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A failed system call on a path.
    public static func io(_ action: String, path: String, errno code: Int32) -> JobError {
        JobError(
            .io,
            "Could not \(action) '\(path)': \(FileSystem.describe(errno: code)) (errno \(code)).")
    }

    public var description: String { message }
}
