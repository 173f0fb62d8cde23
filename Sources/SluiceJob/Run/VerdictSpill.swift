import SluiceParquet

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The verdict bytes of the files that `sluice validate` checked before the files ahead of
/// them were written out, and that did not fit in `ValidationRun.verdictMemoryBytes`: one
/// file for all of them, each file's bytes a list of ranges in it, so that a night of
/// thousands of files held back keeps one descriptor open, not one a file.
///
/// The bytes go to a temporary file under `$TMPDIR` (default `/tmp`) that is unlinked as soon
/// as it is made, so it goes away with the process however the process ends. Not thread-safe:
/// its owner serialises the calls (`OrderedVerdictOutput` holds it under its lock).
final class VerdictSpill {
    private let fd: Int32
    private(set) var byteCount: Int64 = 0

    /// A new, empty spill; throws `JobError` (`io`) when the temporary file cannot be made.
    init() throws {
        let path = Self.temporaryBase + "/sluice-verdicts-XXXXXX"
        var template = Array(path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Self.failure("create", path, errno: errno) }

        unlink(template)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends `bytes` after those already spilled.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        let code = FileSystem.writeAll(fd, bytes)
        if code != 0 { throw Self.failure("write", Self.temporaryBase, errno: code) }
        byteCount += Int64(bytes.count)
    }

    /// Drops every spilled byte, giving the disk space back; offsets start from 0 again.
    func removeAll() throws {
        guard byteCount > 0 else { return }
        // Writes go where the descriptor's offset is, so it goes back to the start too.
        guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else {
            throw Self.failure("empty", Self.temporaryBase, errno: errno)
        }
        byteCount = 0
    }

    /// Calls `body` with the spilled bytes of `range` in order, a block at a time (at most
    /// `blockBytes`, no more than the range); each block is valid only during its call.
    func forEachBlock(
        in range: Range<Int64>, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let size = Int(min(Int64(Self.blockBytes), Int64(range.count)))
        var block = [UInt8](repeating: 0, count: size)
        var offset = range.lowerBound
        while offset < range.upperBound {
            let wanted = Int(min(Int64(block.count), range.upperBound - offset))
            let got = block.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress, wanted, off_t(offset))
            }
            if got < 0 && errno == EINTR { continue }
            // A spill is never shorter than its count; an early end is a failing device.
            guard got > 0 else {
                throw Self.failure("read", Self.temporaryBase, errno: got < 0 ? errno : EIO)
            }

            try block.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<got])) }
            offset += Int64(got)
        }
    }

    /// How much is read back at a time: large enough that the reads cost little beside
    /// writing the same bytes out.
    static let blockBytes = 1 << 20

    /// `$TMPDIR`, else `/tmp`: where spills go.
    static var temporaryBase: String {
        getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    private static func failure(_ action: String, _ path: String, errno code: Int32) -> JobError {
        JobError(
            .io,
            "Could not \(action) a temporary file of verdicts in '\(path)': \(FileSystem.describe(errno: code)) (errno \(code)). The verdicts of files checked ahead of their turn go to '\(temporaryBase)' (TMPDIR) once they outgrow memory: \(WriteFailure.advice(errno: code)), point TMPDIR at another disk, or check with --threads 1, which keeps nothing back."
        )
    }
}
