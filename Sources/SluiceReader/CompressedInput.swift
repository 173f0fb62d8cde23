#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's compressed bytes, read front to back in blocks through a `SourceFile`, for the
/// streams that feed a C decoder themselves.
///
/// Owns one buffer of `capacity` bytes; each `refill()` overwrites it, so a decoder must have
/// consumed (or copied) the previous block before asking for the next. Not thread-safe.
final class CompressedInput {
    let buffer: UnsafeMutableRawPointer
    let capacity: Int
    private let source: SourceFile

    /// Bytes read from the file so far.
    private(set) var bytesRead: Int64 = 0

    /// Whether a read has returned end of file.
    private(set) var isEnded = false

    /// Set when a read failed; the sentence says why. Nothing more is read after it.
    private(set) var failure: String?

    init(source: SourceFile, capacity: Int) {
        self.source = source
        self.capacity = capacity
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    }

    deinit { buffer.deallocate() }

    /// Reads the next block into `buffer` and returns its length: 0 at the end of the file,
    /// and also 0 (with `failure` set) when the read fails.
    func refill() -> Int {
        guard failure == nil, !isEnded else { return 0 }
        let count = source.read(into: buffer, count: capacity, at: bytesRead)
        if count < 0 {
            failure = "reading the file failed: \(ReadError.describe(errno: errno))"
            return 0
        }

        isEnded = count == 0
        bytesRead += Int64(count)
        return count
    }

    /// Moves the next `refill()` to `offset`, past what was read: for a decoder that skips a
    /// part of the file it knows the end of. The buffer's bytes stay as they were.
    func skip(to offset: Int64) {
        precondition(offset >= bytesRead, "skipping back from \(bytesRead) to \(offset)")
        bytesRead = offset
    }
}
