#if canImport(Glibc)
    import Glibc
#endif

/// One worker's spilled rows: the columns of sealed `ColumnRun`s appended to one temporary
/// file, each column as four blocks (rows, kinds, payloads, text).
///
/// The file lives in a private directory `$TMPDIR/sluice-rows-<pid>-XXXXXX` (default `/tmp`),
/// created by the first spill, so a night that fits in memory touches no disk. `remove`
/// deletes it; the run calls it whether it succeeds or fails. A run that dies (SIGKILL, power
/// loss) leaves it behind, and the next run removes it with `sweepAbandoned`, since the pid
/// in its name no longer runs. Only the owning worker writes, during ingest; afterwards the
/// file is only read with `pread`, which any number of table threads may do at once.
final class ColumnSpill: @unchecked Sendable {
    /// The name every spill directory starts with, followed by the owning process id.
    static let directoryPrefix = "sluice-rows-"

    /// Where one spilled column's blocks are: its values' rows (`UInt32` each), kinds (one
    /// byte each) and payloads (`Int64` each), then its text.
    struct Extents: Sendable {
        var offset: Int64
        var count: Int
        var textCount: Int

        var rowsOffset: Int64 { offset }
        var kindsOffset: Int64 { offset + Int64(count) * 4 }
        var payloadsOffset: Int64 { kindsOffset + Int64(count) }
        var textOffset: Int64 { payloadsOffset + Int64(count) * 8 }
    }

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

    /// Appends one column's blocks and returns where they are. On a failure the file may hold
    /// a partial column that no returned extents point at.
    func write(_ column: ColumnValues) throws -> Extents {
        try openFile()
        let extents = Extents(offset: byteCount, count: column.count, textCount: column.text.count)
        for block in [
            column.rows.bytes, column.kinds.bytes, column.payloads.bytes, column.text.bytes,
        ] {
            try write(block)
        }
        return extents
    }

    /// Reads the values `range` of a spilled column: their rows, kinds and payloads, and the
    /// text bytes they point into (the column's `textBase` says where those start).
    func read(_ extents: Extents, values range: Range<Int>) throws -> ColumnValues {
        let count = range.count
        var rows = [UInt32](repeating: 0, count: count)
        var kinds = [UInt8](repeating: 0, count: count)
        var payloads = [Int64](repeating: 0, count: count)
        try rows.withUnsafeMutableBytes {
            try read(into: $0, offset: extents.rowsOffset + Int64(range.lowerBound) * 4)
        }
        try kinds.withUnsafeMutableBytes {
            try read(into: $0, offset: extents.kindsOffset + Int64(range.lowerBound))
        }
        try payloads.withUnsafeMutableBytes {
            try read(into: $0, offset: extents.payloadsOffset + Int64(range.lowerBound) * 8)
        }

        let text = Self.textSpan(kinds: kinds, payloads: payloads)
        let mask = kinds.reduce(KindMask(0)) { $0 | (1 << KindMask($1)) }
        return try ColumnValues(
            count: count, textCount: text.count, textBase: text.lowerBound, kindMask: mask
        ) { rowsOut, kindsOut, payloadsOut, textOut in
            rows.withUnsafeBufferPointer { rowsOut?.update(from: $0.baseAddress!, count: count) }
            kinds.withUnsafeBufferPointer { kindsOut?.update(from: $0.baseAddress!, count: count) }
            payloads.withUnsafeBufferPointer {
                payloadsOut?.update(from: $0.baseAddress!, count: count)
            }
            guard let textOut, !text.isEmpty else { return }
            try read(
                into: UnsafeMutableRawBufferPointer(start: textOut, count: text.count),
                offset: extents.textOffset + Int64(text.lowerBound))
        }
    }

    /// Every value's row and kind of a spilled column, read in one go (the two blocks are
    /// adjacent).
    func readRowsAndKinds(_ extents: Extents) throws -> ([UInt32], [UInt8]) {
        var both = [UInt8](repeating: 0, count: extents.count * 5)
        try both.withUnsafeMutableBytes { try read(into: $0, offset: extents.rowsOffset) }
        let rows = both.withUnsafeBytes { raw in
            (0..<extents.count).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self) }
        }
        return (rows, Array(both[(extents.count * 4)...]))
    }

    /// The byte span of a column's text that the values with these kinds and payloads use:
    /// text is laid out in value order, so it is one span, numbers' 8-byte prefixes included.
    static func textSpan(kinds: [UInt8], payloads: [Int64]) -> Range<Int> {
        var start: Int?
        var end = 0
        for index in kinds.indices {
            guard let kind = ValueKind(rawValue: kinds[index]), kind.hasText else { continue }
            let offset = TextRef.offset(payloads[index])
            if start == nil { start = offset - (kind.hasNumberPrefix ? 8 : 0) }
            end = offset + TextRef.length(payloads[index])
        }
        guard let start else { return 0..<0 }
        return start..<end
    }

    /// Fills `target` from `offset`; the file ends early only if something changed it.
    private func read(into target: UnsafeMutableRawBufferPointer, offset: Int64) throws {
        var done = 0
        while done < target.count {
            let got = pread(
                fd, target.baseAddress! + done, target.count - done, __off_t(offset + Int64(done)))
            if got < 0 {
                if errno == EINTR { continue }
                throw JobError.io("read the row spill file", path: path, errno: errno)
            }
            if got == 0 {
                throw JobError(
                    .io,
                    "The row spill file '\(path)' ended at byte \(offset + Int64(done)) inside a spilled column; something else changed or truncated it while the run was going. Run again, and keep other processes out of the temporary directory."
                )
            }
            done += got
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
        path = directory! + "/columns.bin"

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

    private func write(_ block: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < block.count {
            let written = Glibc.write(fd, block.baseAddress! + offset, block.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write the row spill file", path, errno: errno)
            }
            offset += written
        }
        byteCount += Int64(block.count)
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
