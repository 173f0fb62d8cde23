/// The one error type of the Delta log writer: a stable code, a sentence for people, the
/// table root and the log version it concerns, and the errno or underlying error when any.
public struct DeltaError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Another writer created the commit file for this version first; re-read the
        /// snapshot and retry (the txn version tells whether the batch already landed).
        case concurrentCommit
        /// A file operation on the log (open, read, write, fsync, link, rename) failed.
        case io
        /// A log file is not valid JSON or lacks a required action field.
        case corruptLog
        /// The log has a gap, or starts after version 0 (older commits were cleaned up) and
        /// this reader cannot read Parquet checkpoints.
        case missingCommits
        /// The table needs a reader or writer feature this writer does not implement
        /// (protocol versions, column types, column mapping).
        case unsupportedTable
        /// The commit arguments are inconsistent: bad schema, unknown partition columns,
        /// partition values that do not match, a remove of a file that is not live, a type
        /// change of an existing column.
        case invalidCommit
        /// The Parquet checkpoint could not be written; the commit itself stands.
        case checkpoint
    }

    public var code: Code
    public var message: String
    /// The table folder.
    public var table: String
    /// The log version being read or written, when one is concerned.
    public var version: Int64?
    public var errno: Int32?
    /// The error that caused this one (a `JSONError`, `ParquetError`), described.
    public var underlying: String?

    public init(
        _ code: Code, _ message: String, table: String, version: Int64? = nil,
        errno: Int32? = nil, underlying: String? = nil
    ) {
        self.code = code
        self.message = message
        self.table = table
        self.version = version
        self.errno = errno
        self.underlying = underlying
    }

    public var description: String {
        var text = "delta \(code.rawValue): \(message) (table '\(table)'"
        if let version { text += ", version \(version)" }
        if let errno { text += ", errno \(errno)" }
        if let underlying { text += ", cause: \(underlying)" }
        return text + ")"
    }
}
