import SluiceHash

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A log file's bytes as the decompressors read them, by position with `pread` through a
/// borrowed file descriptor (never closed here), and, when asked, the file's SHA-256 taken
/// from those same reads so the file is not read a second time just to be hashed.
///
/// The digest covers the file from its first byte: every read that reaches past the bytes
/// hashed so far adds its new part, so a stream that reads the file again from its start
/// (zlib taking over from ISA-L) hashes nothing twice. `finishDigest()` reads and hashes what
/// no stream read (the rest of a damaged or truncated file, a gap), so the digest is always
/// of the whole file as it was at the end of the read. Not thread-safe; one pass by one thread.
final class SourceFile {
    /// Bytes hashed per read when `finishDigest()` reads what the streams left: 1 MiB keeps
    /// the call count low for the rest of a large damaged file, like the streams' own blocks.
    static let digestReadBlockByteCount = 1 << 20

    let fd: Int32
    private var hasher: SHA256?
    /// The length of the file's prefix hashed so far.
    private var hashedBytes: Int64 = 0

    /// Reads `fd`; with `isDigesting`, also hashes what is read for `finishDigest()`.
    init(fd: Int32, isDigesting: Bool = false) {
        self.fd = fd
        hasher = isDigesting ? SHA256() : nil
    }

    /// Reads up to `count` bytes at `offset` into `buffer`, retrying when a signal interrupts
    /// the call; returns the bytes read, 0 at the end of the file, or -1 with `errno` set.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) -> Int {
        let result = Self.readRetrying(fd, buffer, count, at: offset)
        guard result > 0, hasher != nil else { return result }

        // Only a read that starts inside or at the end of the hashed prefix extends it; one
        // past it (never made by the streams) leaves the gap to `finishDigest()`.
        let end = offset + Int64(result)
        guard offset <= hashedBytes, end > hashedBytes else { return result }
        let skipped = Int(hashedBytes - offset)
        hasher!.update(UnsafeRawBufferPointer(start: buffer + skipped, count: result - skipped))
        hashedBytes = end
        return result
    }

    /// The lowercase hexadecimal SHA-256 of the whole file: what the reads hashed, then the
    /// rest read here to the end of the file. Returns nil when this reader does not digest or
    /// a read fails. Call once, after the last `read`; the reader hashes nothing after it.
    func finishDigest() -> String? {
        guard var hasher else { return nil }
        self.hasher = nil
        let block = UnsafeMutableRawPointer.allocate(
            byteCount: Self.digestReadBlockByteCount, alignment: 16)
        defer { block.deallocate() }

        while true {
            let count = Self.readRetrying(fd, block, Self.digestReadBlockByteCount, at: hashedBytes)
            if count < 0 { return nil }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(start: block, count: count))
            hashedBytes += Int64(count)
        }
        return SHA256.hexString(hasher.finalize())
    }

    /// `pread` of `count` bytes at `offset`, retried when a signal interrupts it.
    static func readRetrying(
        _ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, at offset: Int64
    ) -> Int {
        while true {
            let result = pread(fd, buffer, count, off_t(offset))
            if result >= 0 || errno != EINTR { return result }
        }
    }
}
