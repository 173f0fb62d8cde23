/// What a decompressor hands over next.
enum StreamChunk {
    /// Decompressed bytes, valid until the next call to `next()`.
    case bytes(UnsafeRawBufferPointer)
    /// The stream ended cleanly.
    case end
    /// The stream cannot be read further; the message says why.
    case damage(String)
    /// The unit just handed over whole (a gzip member, a zstd frame) failed its check, as the
    /// message says: its bytes, from decompressed offset `from` (the `uncheckedFrom` it had),
    /// may not be what was written. The stream goes on with the next unit, and
    /// `uncheckedFrom` is already at its start. `from` is given because the unit before may
    /// have ended in a call that gave no bytes, and an empty unit gives none either.
    case failedUnit(String, from: Int64)
}

/// A file's decompressed bytes, block by block. After `.end` or `.damage` it must not be
/// asked again; after `.failedUnit` it goes on. Owns its buffers and handles; not thread-safe.
protocol DecompressedStream: AnyObject {
    /// The next block, the end, or the damage that stops the stream.
    func next() -> StreamChunk

    /// Bytes read from the file so far.
    var compressedBytes: Int64 { get }

    /// The compression's libarchive filter name (`gzip`, `zstd`, `none`, ...).
    var compression: String { get }

    /// The decompressed offset where the bytes no integrity check has covered yet begin: the
    /// start of the gzip member, zstd frame or bzip2 stream being decoded (0 for a format
    /// whose checked units the stream cannot see). The bytes before it passed their check.
    /// Valid after every `next()`; it only moves at the end of a unit, which a call may reach
    /// handing over no bytes (a checksum read alone), and a block handed over never runs past
    /// the end of a unit into the next.
    var uncheckedFrom: Int64 { get }

    /// After `.damage`: whether bytes were changed (a corrupt block or a failed check), so
    /// that the bytes handed over since `uncheckedFrom` may not be what was written; false
    /// for a file cut short, bytes after the last unit, or a failed read, which leave the
    /// bytes handed over as they were written.
    var isCorrupt: Bool { get }

    /// After `.damage`: whether the damage is bytes after the last unit that cannot start
    /// another (not the format's, or a stray newline). The data before them ended whole, so
    /// its last line, even without a newline, is complete, as at a clean end.
    var endsWithTrailingBytes: Bool { get }
}
