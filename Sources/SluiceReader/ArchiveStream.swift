import CArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decompresses a file with libarchive's raw format, which detects the compression from the
/// bytes and also reads a file that is not compressed at all. Gzip, zstd, bzip2 and xz never
/// come here (`LogFileReader` routes them by magic bytes to their own streams); this reads
/// plain files and the rarer compressions libarchive knows (lz4, legacy lzma).
///
/// FIXME: libarchive hands over output in blocks (64 KiB for most filters) and drops the
/// block in progress when it meets damage, and a file so small that its damage is met while
/// libarchive sniffs the format fails before any block. So for a damaged lz4 or lzma file
/// the lines of up to one block before the damage are lost (the damage offset says where
/// reading stopped, not where the damage is). Plain files have no damage of this kind.
final class ArchiveStream: DecompressedStream {
    private let path: String
    private let blockSize: Int
    private var archive: OpaquePointer?
    private var isStarted = false

    private(set) var compression: String

    /// libarchive does not say where a format's checked units end, so a compressed file's
    /// whole stream counts as unchecked. Its damage is corruption unless libarchive calls it
    /// truncated input (a cut leaves the bytes before it as written); a plain file has no
    /// check and only fails to be read.
    let uncheckedFrom: Int64 = 0
    private(set) var isCorrupt = false
    private(set) var endsWithTrailingBytes = false

    init(path: String, blockSize: Int, sniffedCompression: String) {
        self.path = path
        self.blockSize = blockSize
        self.compression = sniffedCompression
    }

    deinit {
        if let archive { archive_read_free(archive) }
    }

    var compressedBytes: Int64 {
        guard let archive, isStarted else { return 0 }
        return max(0, archive_filter_bytes(archive, -1))
    }

    func next() -> StreamChunk {
        if !isStarted, let early = start() { return early }
        var buffer: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(archive, &buffer, &size, &offset)
            if status == ARCHIVE_EOF { return trailingBytesDamage() ?? .end }
            if status != ARCHIVE_OK { return damage(errorMessage()) }
            if size > 0, let buffer {
                return .bytes(UnsafeRawBufferPointer(start: buffer, count: size))
            }
        }
    }

    /// Opens the archive; returns the chunk to hand over instead of data when it cannot.
    private func start() -> StreamChunk? {
        isStarted = true
        archive = archive_read_new()
        guard let archive else { return .damage("libarchive could not allocate a reader") }
        for enable in [
            archive_read_support_filter_gzip, archive_read_support_filter_bzip2,
            archive_read_support_filter_xz, archive_read_support_filter_lzma,
            archive_read_support_filter_zstd, archive_read_support_filter_lz4,
        ] {
            _ = enable(archive)
        }
        archive_read_support_format_raw(archive)

        // The raw format bids only on a stream with at least one byte, so "unrecognized
        // format" means the decompressed stream is empty: zero lines, not damage.
        if archive_read_open_filename(archive, path, blockSize) != ARCHIVE_OK {
            return archive_errno(archive) == EILSEQ ? .end : .damage(errorMessage())
        }
        // A file that starts with a compressor's magic but that libarchive reads as plain
        // (a bzip2 header cut short) is damage, not text.
        let sniffed = compression
        compression = String(cString: archive_filter_name(archive, 0))
        if sniffed != "none" && compression == "none" {
            compression = sniffed
            return .damage("the file starts like \(sniffed) but cannot be decoded as \(sniffed)")
        }

        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { return .end }
        return status == ARCHIVE_OK || status == ARCHIVE_WARN ? nil : .damage(errorMessage())
    }

    /// At the end of the decoded data, damage when the file goes on past it: libarchive stops
    /// at the first bytes after a frame that do not start another (a gzip member or a plain
    /// line appended to an lz4 file) without an error, and those lines would be lost
    /// unseen. The lines before are intact, so this is not corruption.
    private func trailingBytesDamage() -> StreamChunk? {
        guard let archive, compression != "none" else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return nil }
        let size = Int64(status.st_size)
        // libarchive reads four bytes past an lz4 frame to look for the next one, so what it
        // consumed overstates the data; the frames' own sizes say where it ends.
        let end =
            compression == "lz4"
            ? LZ4Frames.dataEnd(fd: fd, size: size) : archive_filter_bytes(archive, -1)
        guard let end, end >= 0, end < size else { return nil }
        endsWithTrailingBytes = true
        return .damage(
            "the file goes on after its \(compression) data ends at byte \(end) with "
                + "\(size - end) bytes that are not \(compression); the lines in them were not "
                + "read (split the file where the \(compression) data ends to load them)")
    }

    /// The damage `message` says, noting whether it is corruption.
    private func damage(_ message: String) -> StreamChunk {
        if isCutShort(message) {
            return .damage(
                "truncated \(compression) input: the file ends inside its \(compression) data "
                    + "(\(message)); load it again once its writer has finished")
        }
        isCorrupt = compression != "none" && !message.lowercased().contains("truncated")
        return .damage(message)
    }

    /// Whether libarchive's `message` means its decoder ran out of input at the file's end:
    /// liblzma's "no progress" once every byte is read is a cut, not corrupt data, and the
    /// lines before it are as written.
    private func isCutShort(_ message: String) -> Bool {
        guard let archive, message.contains("No progress is possible") else { return false }
        var status = stat()
        return stat(path, &status) == 0 && archive_filter_bytes(archive, -1) >= status.st_size
    }

    private func errorMessage() -> String {
        guard let archive, let text = archive_error_string(archive) else {
            return "libarchive reported an error without a message"
        }
        return String(cString: text)
    }
}
