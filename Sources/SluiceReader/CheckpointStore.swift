import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The saved inflate states of a run's gzip reads (`InflateCheckpoint`), in one temporary
/// file that is unlinked as soon as it is made, so that it goes away with the process however
/// the process ends.
///
/// Any thread may append and read at any time: an append reserves its bytes with one atomic
/// add and writes them with `pwrite`, and reads use `pread`.
///
/// Bounds: at most `byteLimit` bytes, and at most an eighth of the space free on its file
/// system when it is made (`freeSpaceShare`), since the run's row and dedupe spills share
/// that disk and must not fail for a speed-up. An append past the cap, or one whose write
/// fails (a full disk), is refused, and so is every later one; their checkpoints are not
/// taken, which only makes a later read back start further from the lines it wants.
public final class CheckpointStore: Sendable {
    /// The default cap: 4 GiB holds the states of about 80 GB of decompressed input at one
    /// state of 53 KiB a MiB (`ReaderOptions.defaultCheckpointInterval`), some 30 times the
    /// benchmark night.
    public static let defaultByteLimit: Int64 = 4 << 30

    /// The most of its file system's free space a store takes: an eighth leaves the spills
    /// seven eighths of what they would have had without it.
    static let freeSpaceShare: Int64 = 8

    /// The name every store's file starts with, followed by `mkstemp`'s random suffix.
    static let filePrefix = "sluice-checkpoints-"

    private let fd: Int32
    private let end = Atomic<Int64>(0)
    private let written = Atomic<Int64>(0)
    /// Set by the first refused append; every later one is refused at once.
    private let isFull = Atomic<Bool>(false)
    /// The cap: the asked one, or `freeSpaceShare`'s part of the free space if smaller (0,
    /// so no checkpoints, when the free space cannot be learned).
    let byteLimit: Int64

    /// A store in a new file under `directory`, or nil when the file cannot be made there;
    /// a run without a store reads conflicts' lines back from their files' starts.
    public init?(directory: String, byteLimit: Int64 = CheckpointStore.defaultByteLimit) {
        var template = Array((directory + "/" + Self.filePrefix + "XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }

        unlink(template)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        self.fd = fd
        var space = statvfs()
        let free = fstatvfs(fd, &space) == 0 ? Int64(space.f_bavail) * Int64(space.f_frsize) : 0
        self.byteLimit = min(byteLimit, free / Self.freeSpaceShare)
    }

    deinit { close(fd) }

    /// Bytes written so far, for the run's log.
    public var storedBytes: Int64 { written.load(ordering: .relaxed) }

    /// Writes `bytes` at the end of the store and returns their offset, or nil when they are
    /// past the cap or the write fails; after that the store takes nothing more.
    func append(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard !isFull.load(ordering: .relaxed), let base = bytes.baseAddress else { return nil }

        // Reserved bytes are never given back, so no two appends ever share an offset.
        let count = Int64(bytes.count)
        let start = end.wrappingAdd(count, ordering: .relaxed).oldValue
        guard start + count <= byteLimit, Self.writeAll(fd, base, bytes.count, at: start)
        else {
            isFull.store(true, ordering: .relaxed)
            return nil
        }
        written.wrappingAdd(count, ordering: .relaxed)
        return start
    }

    /// Reads `count` bytes at `offset` into `buffer`; false when they cannot all be read.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) -> Bool {
        var done = 0
        while done < count {
            let result = SourceFile.readRetrying(
                fd, buffer + done, count - done, at: offset + Int64(done))
            guard result > 0 else { return false }
            done += result
        }
        return true
    }

    /// Writes all `count` bytes at `offset`, retrying short writes and interruptions; false
    /// when a write fails.
    private static func writeAll(
        _ fd: Int32, _ base: UnsafeRawPointer, _ count: Int, at offset: Int64
    ) -> Bool {
        var done = 0
        while done < count {
            let result = pwrite(fd, base + done, count - done, off_t(offset) + off_t(done))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return false }
            done += result
        }
        return true
    }
}
