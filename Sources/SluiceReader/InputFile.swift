/// A log file found under the input root, to be read by `LogFileReader`.
public struct InputFile: Sendable, Hashable {
    /// The path relative to the input root, with `/` separators; the file's name in origins.
    public let relativePath: String

    /// The path to open.
    public let absolutePath: String

    /// The size on disk (of the symlink's target for a symlink), compressed.
    public let byteCount: Int64

    public init(relativePath: String, absolutePath: String, byteCount: Int64) {
        self.relativePath = relativePath
        self.absolutePath = absolutePath
        self.byteCount = byteCount
    }
}

/// A file or directory under the input root that the scan did not take, and why.
public struct SkippedFile: Sendable, Hashable {
    /// The path relative to the input root; a skipped directory stands for all it holds.
    public let relativePath: String

    /// A stable code from `SkippedFile.Reason`'s raw values.
    public let reason: String

    public init(relativePath: String, reason: String) {
        self.relativePath = relativePath
        self.reason = reason
    }

    /// The reasons a scan skips an entry.
    public enum Reason: String, Sendable, CaseIterable {
        /// The name starts with `.`.
        case hidden = "hidden"
        /// The name starts with `_` (Spark and Hadoop markers such as `_SUCCESS`).
        case underscorePrefixed = "underscore_prefixed"
        /// The name ends in none of the taken extensions.
        case unsupportedExtension = "unsupported_extension"
        /// A socket, device, FIFO or other entry that is neither a file nor a directory.
        case notARegularFile = "not_a_regular_file"
        /// A symlink whose target does not exist.
        case brokenSymlink = "broken_symlink"
        /// A directory reached a second time through a symlink (a loop or a duplicate).
        case directoryAlreadyVisited = "directory_already_visited"
        /// A directory that could not be listed.
        case unreadableDirectory = "unreadable_directory"
        /// An entry whose kind could not be learned (`stat` failed other than on a dangling
        /// link: a path too long, an I/O error).
        case unreadableEntry = "unreadable_entry"
        /// An entry whose name is not valid UTF-8, which the run cannot name faithfully.
        case nameNotUTF8 = "name_not_utf8"

        /// Whether an entry skipped for this reason may hold events the run did not read: the
        /// run is then partial, never complete.
        public var mayHoldUnreadEvents: Bool {
            switch self {
            case .unreadableDirectory, .unreadableEntry, .nameNotUTF8: return true
            default: return false
            }
        }
    }
}
