#if canImport(Glibc)
    import Glibc
#endif

/// Writes a file so that its final path never shows a half-written file.
///
/// Bytes go to a temporary name beside the final path (`.<name>.tmp-<pid>`); `commit()` fsyncs
/// the file, renames it into place and fsyncs the directory. Until `commit()` succeeds the
/// final path is untouched; `abort()` (or a failed commit) removes the temporary file. Not
/// safe for concurrent use.
public final class AtomicFile {
    /// The path the file will have once committed.
    public let finalPath: String

    /// The temporary path bytes are written to until the commit.
    public let temporaryPath: String

    private var descriptor: Int32
    private var isFinished = false

    /// Creates the temporary file, creating missing parent directories.
    public init(finalPath: String) throws {
        self.finalPath = finalPath
        let directory = FileSystem.directoryName(of: finalPath)
        let name = FileSystem.baseName(of: finalPath)
        self.temporaryPath = "\(directory)/.\(name).tmp-\(getpid())"
        try FileSystem.createDirectories(directory)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 {
            throw JobError.io("create", path: temporaryPath, errno: errno)
        }
    }

    deinit {
        if !isFinished { abort() }
    }

    /// Appends bytes to the temporary file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        let code = FileSystem.writeAll(descriptor, bytes)
        if code != 0 { throw JobError.io("write", path: temporaryPath, errno: code) }
    }

    /// Appends bytes to the temporary file.
    public func write(_ bytes: [UInt8]) throws {
        do {
            try bytes.withUnsafeBytes { raw throws in try write(raw) }
        }
    }

    /// Fsyncs, renames into place and fsyncs the directory; the file is then final.
    public func commit() throws {
        precondition(!isFinished, "AtomicFile \(finalPath) committed twice")
        if fsync(descriptor) != 0 {
            let code = errno
            abort()
            throw JobError.io("fsync", path: temporaryPath, errno: code)
        }
        close(descriptor)
        isFinished = true
        if rename(temporaryPath, finalPath) != 0 {
            let code = errno
            unlink(temporaryPath)
            throw JobError.io("rename into place", path: finalPath, errno: code)
        }
        FileSystem.syncDirectory(FileSystem.directoryName(of: finalPath))
    }

    /// Removes the temporary file; the final path is left as it was.
    public func abort() {
        guard !isFinished else { return }
        isFinished = true
        close(descriptor)
        unlink(temporaryPath)
    }

    /// Writes `bytes` to `path` atomically in one call.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let file = try AtomicFile(finalPath: path)
        try file.write(bytes)
        try file.commit()
    }
}
