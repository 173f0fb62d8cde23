#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state of one `InputDirectory.scan`: what was found so far and which directories
/// were entered. Not shared between threads.
struct DirectoryWalker {
    /// A directory's device and inode, to recognise it when reached again through a link.
    struct Identity: Hashable {
        let device: UInt64
        let inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    let root: String
    var files: [InputFile] = []
    var skipped: [SkippedFile] = []
    var visited: Set<Identity> = []

    init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    mutating func walkRoot() throws(ReadError) {
        guard let names = Self.listNames(root) else {
            let code = errno
            throw ReadError(
                .directoryUnreadable, path: root,
                message:
                    "Cannot list the input directory '\(root)': \(ReadError.describe(errno: code)). Check its permissions.",
                errno: code)
        }
        for name in names { visit(name, relativeDirectory: "") }
    }

    mutating func walk(relativeDirectory: String) {
        guard let names = Self.listNames(root + "/" + relativeDirectory) else {
            skip(relativeDirectory, .unreadableDirectory)
            return
        }
        for name in names { visit(name, relativeDirectory: relativeDirectory) }
    }

    mutating func visit(_ entry: Name, relativeDirectory: String) {
        let name = entry.text
        let relative = relativeDirectory.isEmpty ? name : relativeDirectory + "/" + name
        let absolute = root + "/" + relative
        if name.hasPrefix(".") { return skip(relative, .hidden) }
        if name.hasPrefix("_") { return skip(relative, .underscorePrefixed) }
        // The path of such a name, rebuilt from its repaired text, would be another path.
        guard entry.isValidUTF8 else { return skip(relative, .nameNotUTF8) }

        // stat follows symlinks, so a link to a file is taken as that file.
        var info = stat()
        guard stat(absolute, &info) == 0 else {
            return skip(relative, Self.isDanglingLink(absolute) ? .brokenSymlink : .unreadableEntry)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            guard visited.insert(Identity(info)).inserted else {
                return skip(relative, .directoryAlreadyVisited)
            }
            walk(relativeDirectory: relative)
        case S_IFREG:
            guard InputDirectory.logExtensions.contains(where: { name.hasSuffix($0) }) else {
                return skip(relative, .unsupportedExtension)
            }
            files.append(
                InputFile(
                    relativePath: relative, absolutePath: absolute,
                    byteCount: Int64(info.st_size)))
        default:
            skip(relative, .notARegularFile)
        }
    }

    mutating func skip(_ relative: String, _ reason: SkippedFile.Reason) {
        skipped.append(SkippedFile(relativePath: relative, reason: reason.rawValue))
    }

    /// Whether the `stat` of `path` that just failed did because `path` is a symlink whose
    /// target is missing or is a loop of links, which holds nothing to read; reads `errno`.
    static func isDanglingLink(_ path: String) -> Bool {
        let code = errno
        var info = stat()
        guard code == ENOENT || code == ELOOP, lstat(path, &info) == 0 else { return false }
        return info.st_mode & S_IFMT == S_IFLNK
    }

    /// A directory entry's name: its text, and whether its bytes were valid UTF-8 (when not,
    /// `text` holds replacement characters and names the entry only approximately).
    struct Name {
        let text: String
        let isValidUTF8: Bool
    }

    /// The entry names of a directory except `.` and `..`, or `nil` with `errno` set.
    static func listNames(_ path: String) -> [Name]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }

        var names: [Name] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { bytes in
                    String(validatingCString: bytes).map { Name(text: $0, isValidUTF8: true) }
                        ?? Name(text: String(cString: bytes), isValidUTF8: false)
                }
            }
            if name.text != "." && name.text != ".." { names.append(name) }
        }
        return names
    }
}
