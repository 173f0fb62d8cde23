#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the log files under an input root.
public enum InputDirectory {
    /// The name endings of compressed logs. The compression is detected from the bytes, so
    /// an ending only suggests it (for sizing guesses made before reading).
    public static let compressedExtensions = [".gz", ".zst", ".bz2", ".xz"]

    /// The name endings taken as log files: the compressed ones and the plain ones. Matched
    /// case-sensitively, as the shell globs `*.gz` ... would.
    public static let logExtensions =
        compressedExtensions + [".ndjson", ".jsonl", ".json", ".log"]

    /// Walks `root` recursively and returns the log files in byte order of their relative
    /// paths, and every entry not taken with its reason.
    ///
    /// Names starting with `.` or `_` are skipped (a skipped directory is listed once, not its
    /// contents). Symlinks are followed; a directory reached again (by a loop or twice by two
    /// links) is skipped the second time. An unreadable subdirectory is skipped with a reason.
    ///
    /// - Throws: `ReadError` only when `root` is missing, not a directory, or unreadable.
    public static func scan(root: String) throws(ReadError) -> (
        files: [InputFile], skipped: [SkippedFile]
    ) {
        var info = stat()
        guard stat(root, &info) == 0 else {
            let code = errno
            throw ReadError(
                .rootNotFound, path: root,
                message:
                    "Cannot read the input directory '\(root)': \(ReadError.describe(errno: code)). Check the path.",
                errno: code)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw ReadError(
                .rootNotDirectory, path: root,
                message:
                    "The input '\(root)' is not a directory; pass the directory that holds the log files."
            )
        }

        var walker = DirectoryWalker(root: root)
        walker.visited.insert(DirectoryWalker.Identity(info))
        try walker.walkRoot()

        let byPath: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let files = walker.files.sorted { byPath($0.relativePath, $1.relativePath) }
        let skipped = walker.skipped.sorted { byPath($0.relativePath, $1.relativePath) }
        return (files, skipped)
    }
}
