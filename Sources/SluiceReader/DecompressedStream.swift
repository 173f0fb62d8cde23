/// What a decompressor hands over next.
enum StreamChunk {
    /// Decompressed bytes, valid until the next call to `next()`.
    case bytes(UnsafeRawBufferPointer)
    /// The stream ended cleanly.
    case end
    /// The stream cannot be read further; the message says why.
    case damage(String)
}

/// A file's decompressed bytes, block by block. After `.end` or `.damage` it must not be
/// asked again. Owns its buffers and handles; not thread-safe.
protocol DecompressedStream: AnyObject {
    /// The next block, the end, or the damage that stops the stream.
    func next() -> StreamChunk

    /// Bytes read from the file so far.
    var compressedBytes: Int64 { get }

    /// The compression's libarchive filter name (`gzip`, `zstd`, `none`, ...).
    var compression: String { get }
}
