#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on an output directory, so two runs never write one output at once.
///
/// The lock is `OUT/_sluice.lock`, held with `flock(2)`: the kernel drops it when the holding
/// process dies, so a crashed run can never leave it stuck. The file holds the holder's pid
/// for people. A second run fails at once with a message naming the holder.
final class OutputLock {
    /// The lock file's name inside the output directory.
    static let fileName = "_sluice.lock"

    private let descriptor: Int32
    private let outputDirectory: String
    /// The directories `acquire` made for the output, the output directory first, then its
    /// parents that did not exist: a run refused before it wrote anything leaves none of them
    /// behind (`release`).
    private let madeDirectories: [String]

    private init(descriptor: Int32, outputDirectory: String, madeDirectories: [String]) {
        (self.descriptor, self.outputDirectory) = (descriptor, outputDirectory)
        self.madeDirectories = madeDirectories
    }

    static func acquire(_ outputDirectory: String) throws -> OutputLock {
        let madeDirectories = missingDirectories(outputDirectory)
        try FileSystem.createDirectories(outputDirectory)
        let path = outputDirectory + "/" + fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw JobError.io("open the lock file", path: path, errno: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var holder =
                (try? FileSystem.readFile(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            // The holder writes its pid just after it takes the lock; it may not be there yet.
            if holder.trimmingNewlines.isEmpty { holder = "not yet written" }
            close(fd)
            throw JobError(
                .locked,
                "Another sluice run (pid \(holder.trimmingNewlines)) is writing '\(outputDirectory)'; wait for it to finish, or check that no other job points at this output."
            )
        }
        let pid = Array("\(getpid())\n".utf8)
        ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return OutputLock(
            descriptor: fd, outputDirectory: outputDirectory, madeDirectories: madeDirectories)
    }

    /// `path` and each of its parents that does not exist, deepest first.
    private static func missingDirectories(_ path: String) -> [String] {
        var missing: [String] = []
        var current = path
        while !current.isEmpty, current != "/", !FileSystem.exists(current) {
            missing.append(current)
            guard let slash = current.lastIndex(of: "/") else { break }
            current = String(current[..<slash])
        }
        return missing
    }

    /// Releases the lock. When `acquire` made the output directory and it holds nothing but
    /// the lock file (the run was refused or failed before writing anything), the file, the
    /// directory and the parents `acquire` made are removed first, each only while empty, so
    /// that a run that did nothing leaves nothing.
    func release() {
        if !madeDirectories.isEmpty,
            FileSystem.listDirectory(outputDirectory) == [Self.fileName]
        {
            unlink(outputDirectory + "/" + Self.fileName)
            for directory in madeDirectories {
                guard rmdir(directory) == 0 else { break }
            }
        }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

extension String {
    var trimmingNewlines: String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
