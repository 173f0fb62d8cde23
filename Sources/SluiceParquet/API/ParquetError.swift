/// The one error type of the Parquet writer: a stable code, a sentence for people, the path
/// and column it concerns, and the underlying errno or codec code when there is one.
public struct ParquetError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The column specs are unusable (empty, duplicate or empty names).
        case invalidSchema
        /// `write` got buffers that do not match the specs (count, type, row count, nulls).
        case invalidBatch
        /// A file operation (open, write, fsync, rename) failed; `errno` says why.
        case io
        /// A compression library reported an error; `codecStatus` holds its code.
        case compression
        /// The writer was already closed or aborted, or failed earlier.
        case writerClosed
        /// A value or page exceeds what the format can express (e.g. a 2 GiB string).
        case limitExceeded
    }

    public var code: Code
    public var message: String
    public var path: String
    public var column: String?
    public var errno: Int32?
    public var codecStatus: Int?

    public init(
        _ code: Code, _ message: String, path: String, column: String? = nil,
        errno: Int32? = nil, codecStatus: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.column = column
        self.errno = errno
        self.codecStatus = codecStatus
    }

    public var description: String {
        var text = "parquet \(code.rawValue): \(message) (file '\(path)'"
        if let column { text += ", column '\(column)'" }
        if let errno { text += ", errno \(errno)" }
        if let codecStatus { text += ", codec status \(codecStatus)" }
        return text + ")"
    }
}
