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
        for name in names { visit(name: name, relativeDirectory: "") }
    }

    mutating func walk(relativeDirectory: String) {
        guard let names = Self.listNames(root + "/" + relativeDirectory) else {
            skip(relativeDirectory, .unreadableDirectory)
            return
        }
        for name in names { visit(name: name, relativeDirectory: relativeDirectory) }
    }

    mutating func visit(name: String, relativeDirectory: String) {
        let relative = relativeDirectory.isEmpty ? name : relativeDirectory + "/" + name
        let absolute = root + "/" + relative
        if name.hasPrefix(".") { return skip(relative, .hidden) }
        if name.hasPrefix("_") { return skip(relative, .underscorePrefixed) }

        // stat follows symlinks, so a link to a file is taken as that file.
        var info = stat()
        guard stat(absolute, &info) == 0 else { return skip(relative, .brokenSymlink) }
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

    /// The entry names of a directory except `.` and `..`, or `nil` with `errno` set.
    static func listNames(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }

        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
