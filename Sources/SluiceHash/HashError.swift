#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one error type of the hash stage: a file could not be opened or read.
public struct HashError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable machine-readable codes; their spelling never changes.
    public enum Code: String, Sendable {
        case openFailed = "hash.open_failed"
        case readFailed = "hash.read_failed"
    }

    public let code: Code
    /// The file the hasher was reading.
    public let path: String
    /// The C `errno` value the system call left.
    public let errno: Int32
    /// Bytes hashed before the failure (0 for `openFailed`).
    public let offset: UInt64

    public var message: String {
        let reason = String(cString: strerror(errno))
        switch code {
        case .openFailed:
            return
                "Could not open '\(path)' to hash it: \(reason). Check that the file exists and is readable."
        case .readFailed:
            return
                "Could not read '\(path)' at byte \(offset) while hashing it: \(reason). The file may be on failing storage or truncated while being read."
        }
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
