#if canImport(Glibc)
    import Glibc
#endif

/// One worker's spilled rows: sorted runs appended to one temporary file.
///
/// The file lives in a private directory `$TMPDIR/sluice-rows-<pid>-XXXXXX` (default `/tmp`),
/// created by the first spill, so a night that fits in memory touches no disk. `remove`
/// deletes it; the run calls it whether it succeeds or fails. A run that dies (SIGKILL, power
/// loss) leaves it behind, and the next run removes it with `sweepAbandoned`, since the pid
/// in its name no longer runs. Only the owning worker writes, during ingest; afterwards the
/// file is only read with `pread`, which any number of table threads may do at once.
final class RowSpill: @unchecked Sendable {
    /// The name every spill directory starts with, followed by the owning process id.
    static let directoryPrefix = "sluice-rows-"

    /// Row records gathered before one `write`: large enough that system calls cost
    /// nothing next to encoding, small next to the row memory budget.
    static let writeBufferBytes = 1 << 20

    private(set) var directory: String?
    private(set) var path = ""
    private var fd: Int32 = -1
    /// The spill directory, open and locked for as long as the spill lives.
    private var directoryFd: Int32 = -1
    /// Bytes written to the file so far.
    private(set) var byteCount: Int64 = 0

    init() {}

    deinit {
        if fd >= 0 { close(fd) }
        if directoryFd >= 0 { close(directoryFd) }
    }

    /// Writes `store`'s rows as sorted runs, one per partition, and returns them. On a
    /// failure the file may hold a partial run that no returned run points at.
    func write(_ store: RowStore, partitioning: RunConfiguration.Partitioning) throws
        -> [RowRun]
    {
        try openFile()
        var runs: [RowRun] = []
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.writeBufferBytes + 4096)

        for (bucket, rows) in RowRun.sortedRows(of: store, partitioning: partitioning) {
            let start = byteCount + Int64(buffer.count)
            for row in rows {
                RowRecord.append(row: Int(row), of: store, to: &buffer)
                if buffer.count >= Self.writeBufferBytes { try flush(&buffer) }
            }
            let length = byteCount + Int64(buffer.count) - start
            runs.append(
                RowRun(
                    bucket: bucket, rowCount: rows.count,
                    place: .disk(spill: self, offset: start, length: length)))
        }
        try flush(&buffer)
        return runs
    }

    /// Reads `count` bytes at `offset` into `target` from `index` on; fewer only at the end of
    /// the file, which a run never reaches, so a short read means the file was damaged.
    func read(into target: inout [UInt8], at index: Int, count: Int, offset: Int64) throws {
        var done = 0
        try target.withUnsafeMutableBytes { raw in
            while done < count {
                let got = pread(
                    fd, raw.baseAddress! + index + done, count - done,
                    __off_t(offset + Int64(done)))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw JobError.io("read the row spill file", path: path, errno: errno)
                }
                if got == 0 {
                    throw JobError(
                        .io,
                        "The row spill file '\(path)' ended at byte \(offset + Int64(done)) inside a run; something else changed or truncated it while the run was going. Run again, and keep other processes out of the temporary directory."
                    )
                }
                done += got
            }
        }
    }

    /// Closes and deletes the file and its directory; safe to call more than once.
    func remove() {
        if fd >= 0 { close(fd) }
        fd = -1
        if let directory {
            unlink(path)
            rmdir(directory)
        }
        if directoryFd >= 0 { close(directoryFd) }
        directoryFd = -1
        directory = nil
    }

    private func openFile() throws {
        guard directory == nil else { return }
        let base = Self.temporaryBase
        var template = Array((base + "/" + Self.directoryPrefix + "\(getpid())-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) })
        else {
            throw Self.failure("create a directory for spilled rows under", base, errno: errno)
        }
        directory = String(cString: made)
        path = directory! + "/rows.bin"

        // The lock on the directory, taken as soon as it exists and held while the spill
        // lives, tells a sweeper in another pid namespace sharing the temporary base that
        // the spill is alive, which the pid in its name cannot.
        directoryFd = open(directory!, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFd < 0 || flock(directoryFd, LOCK_EX | LOCK_NB) != 0 {
            throw Self.failure("lock the row spill directory", directory!, errno: errno)
        }

        fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw Self.failure("create the row spill file", path, errno: errno) }
    }

    private func flush(_ buffer: inout [UInt8]) throws {
        var offset = 0
        try buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Self.failure("write the row spill file", path, errno: errno)
                }
                offset += written
            }
        }
        byteCount += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// `$TMPDIR`, else `/tmp`: where spill directories go.
    static var temporaryBase: String {
        getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// A spill I/O failure with the fix: a full or unwritable disk is the usual cause.
    static func failure(_ action: String, _ path: String, errno code: Int32) -> JobError {
        JobError(
            .io,
            "Could not \(action) '\(path)': \(FileSystem.describe(errno: code)) (errno \(code)). The rows that outgrew --row-memory go to '\(temporaryBase)'; free space there, point TMPDIR at a larger disk, or raise --row-memory."
        )
    }

    /// Removes spill directories under the temporary base whose process no longer runs (a
    /// crashed run's), and returns their paths. Directories of live processes, this one's
    /// included, are left alone, so concurrent runs on other outputs are safe; so are locked
    /// directories, which a run in another pid namespace holds.
    static func sweepAbandoned() -> [String] {
        var removed: [String] = []
        for name in FileSystem.listDirectory(temporaryBase) where name.hasPrefix(directoryPrefix) {
            let rest = name.dropFirst(directoryPrefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0
            else { continue }
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = temporaryBase + "/" + name
            guard !isLocked(path) else { continue }
            LeftoverSweeper.removeTree(path)
            removed.append(path)
        }
        return removed
    }

    /// Whether a live process holds the lock on the spill directory at `path`; one that
    /// cannot be opened is not locked.
    static func isLocked(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK
    }
}
