import SluiceParquet
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

    /// Appends one column's blocks, packed narrow (`SpilledColumn`), and returns where they
    /// are; `runRows` is the row count of the column's run and `partitionStarts` the first row
    /// of each of its partitions. On a failure the file may hold a partial column that no
    /// returned layout points at.
    func write(
        _ column: ColumnValues, runRows: Int, partitionStarts: [Int]
    ) throws -> SpilledColumn {
        try openFile()
        let (layout, blocks) = SpilledColumn.encode(
            column, runRows: runRows, partitionStarts: partitionStarts, offset: byteCount)
        for block in blocks { try block.withUnsafeBytes { try write($0) } }
        try write(column.text.bytes)
        return layout
    }

    /// Reads the values of a spilled column from its checkpoint `checkpoint` to value index
    /// `end`: their rows, kinds and payloads, and the text bytes they point into (the column's
    /// `textBase` says where those start).
    func read(_ column: SpilledColumn, from checkpoint: Int, to end: Int) throws -> ColumnValues {
        let first = Int(column.checkpointValues[checkpoint])
        let count = end - first
        guard count > 0 else { return ColumnValues() }
        let (rowBytes, payloadBytes) = (count * column.rowWidth, count * column.payloadWidth)

        var kindMask: KindMask = 0
        let textStart = column.checkpointTexts[checkpoint]
        var textEnd = textStart
        // The packed rows and payloads share one scratch allocation (on the stack when small),
        // each followed by the 8 zero bytes `unpack` may load; kinds are stored unpacked, so
        // they are read straight into the column.
        let scratchBytes = rowBytes + payloadBytes + 16
        let values = try withUnsafeTemporaryAllocation(byteCount: scratchBytes, alignment: 8) {
            scratch in
            let rows = scratch.baseAddress!
            let payloads = rows + rowBytes + 8
            (rows + rowBytes).initializeMemory(as: UInt8.self, repeating: 0, count: 8)
            (payloads + payloadBytes).initializeMemory(as: UInt8.self, repeating: 0, count: 8)
            try read(
                into: UnsafeMutableRawBufferPointer(start: rows, count: rowBytes),
                offset: column.rowsOffset + Int64(first * column.rowWidth))
            try read(
                into: UnsafeMutableRawBufferPointer(start: payloads, count: payloadBytes),
                offset: column.payloadsOffset + Int64(first * column.payloadWidth))

            return try ColumnValues(count: count) { rowsOut, kindsOut, payloadsOut in
                if column.rowWidth == 0 {
                    for index in 0..<count { rowsOut[index] = UInt32(first + index) }
                } else {
                    Self.unpack(rows, count: count, width: column.rowWidth, base: 0, into: rowsOut)
                }
                if let uniform = column.uniformKind {
                    kindMask = Self.unpackKinds(nil, count: count, uniform: uniform, into: kindsOut)
                } else {
                    try read(
                        into: UnsafeMutableRawBufferPointer(start: kindsOut, count: count),
                        offset: column.kindsOffset + Int64(first))
                    kindMask = Self.kindMask(of: kindsOut, count: count)
                }
                Self.unpack(
                    payloads, count: count, width: column.payloadWidth, base: column.payloadBase,
                    into: payloadsOut)
                if kindMask & ValueKind.textMask != 0 {
                    textEnd = Self.resolveTextReferences(
                        kinds: kindsOut, payloads: payloadsOut, count: count,
                        textStart: textStart)
                }
            }
        }
        // The text goes straight into the column, with no block to copy it from.
        let textCount = textEnd - textStart
        try values.setText(count: textCount, base: textStart, kindMask: kindMask) { target in
            guard let target else { return }
            try read(
                into: UnsafeMutableRawBufferPointer(start: target, count: textCount),
                offset: column.textOffset + Int64(textStart))
        }
        return values
    }

    /// Every value's row and kind of a spilled column, for scans that read no payloads.
    func readRowsAndKinds(_ column: SpilledColumn) throws -> ([UInt32], [UInt8]) {
        let count = column.count
        let rows: [UInt32]
        if column.rowWidth == 0 {
            rows = (0..<count).map { UInt32($0) }
        } else {
            // Unpacked in one loop, as `read` does, rather than a call per row.
            let block = try readBlock(column.rowsOffset, 0, count * column.rowWidth)
            rows = [UInt32](unsafeUninitializedCapacity: count) { output, initialized in
                if let target = output.baseAddress {
                    block.withUnsafeBytes {
                        Self.unpack(
                            $0.baseAddress!, count: count, width: column.rowWidth, base: 0,
                            into: target)
                    }
                }
                initialized = count
            }
        }
        if let kind = column.uniformKind {
            return (rows, [UInt8](repeating: kind, count: count))
        }
        var kinds = try readBlock(column.kindsOffset, 0, count)
        kinds.removeLast(8)
        return (rows, kinds)
    }

    /// `length` bytes of a block from `start`, plus 8 zero bytes so packed fields can be
    /// loaded 8 bytes at a time.
    private func readBlock(_ block: Int64, _ start: Int, _ length: Int) throws -> [UInt8] {
        // Only the spare bytes are zeroed: the read fills the rest.
        try [UInt8](unsafeUninitializedCapacity: length + 8) { bytes, initialized in
            (bytes.baseAddress! + length).initialize(repeating: 0, count: 8)
            try read(
                into: UnsafeMutableRawBufferPointer(start: bytes.baseAddress!, count: length),
                offset: block + Int64(start))
            initialized = length + 8
        }
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
        let code = FileSystem.writeAll(fd, block)
        if code != 0 { throw Self.failure("write the row spill file", path, errno: code) }
        byteCount += Int64(block.count)
    }

    /// `$TMPDIR`, else `/tmp`: where spill directories go.
    static var temporaryBase: String {
        getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// A spill I/O failure with the fix for its cause (a full disk, a missing or unwritable
    /// TMPDIR, the open-file limit), or else a larger --row-memory.
    static func failure(_ action: String, _ path: String, errno code: Int32) -> JobError {
        JobError(
            .io,
            "Could not \(action) '\(path)': \(FileSystem.describe(errno: code)) (errno \(code)). The rows that outgrew --row-memory go to '\(temporaryBase)' (TMPDIR): \(WriteFailure.advice(errno: code)), point TMPDIR at another disk, or raise --row-memory."
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
