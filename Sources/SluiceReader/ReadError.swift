#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the reading stage could not start on a directory or a file.
///
/// Damage inside a file (a truncated or corrupt stream) is not a `ReadError`: it is reported
/// in `FileReadSummary.damage` so the job can keep every line read before it and go on.
public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public enum Code: String, Sendable, Equatable {
        /// The input root does not exist or cannot be examined.
        case rootNotFound = "root_not_found"
        /// The input root exists but is not a directory.
        case rootNotDirectory = "root_not_directory"
        /// A directory could not be listed.
        case directoryUnreadable = "directory_unreadable"
        /// A file could not be opened for reading.
        case fileUnopenable = "file_unopenable"
        /// A file is no longer the one an earlier pass read (`FileIdentity`).
        case fileChanged = "file_changed"
    }

    /// The reason.
    public let code: Code

    /// The path the operation was attempted on.
    public let path: String

    /// A sentence for people: what was attempted, on what, why it failed, and the fix.
    public let message: String

    /// The `errno` of the failing system call, when there was one.
    public let errno: Int32?

    public init(_ code: Code, path: String, message: String, errno: Int32? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.errno = errno
    }

    public var description: String { "\(message) (\(code.rawValue))" }

    /// Text for an `errno` value, e.g. "No such file or directory".
    static func describe(errno value: Int32) -> String {
        String(cString: strerror(value))
    }
}
