// Compression.md: each page body is compressed on its own with the column chunk's codec;
// GZIP means the RFC 1952 gzip format, ZSTD the RFC 8878 frame format, SNAPPY the raw
// Snappy block format (no framing).

/// A compressor for page bodies. Instances hold their library context for reuse and are not
/// thread-safe: one per column chunk writer.
protocol PageCompressor: AnyObject {
    /// Replaces `output`'s contents with the compressed `input`.
    func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer) throws(CodecFailure)
}

/// A compression library's error code and name, wrapped into a `ParquetError` by the caller.
struct CodecFailure: Error {
    var codec: ParquetCodec
    var status: Int
    var detail: String
}

enum PageCompressors {
    static func make(_ codec: ParquetCodec, level: Int32) throws(CodecFailure) -> PageCompressor {
        switch codec {
        case .uncompressed: return CopyCompressor()
        case .snappy: return SnappyCompressor()
        case .gzip: return try GzipCompressor(level: level)
        case .zstd: return try ZstdCompressor(level: level)
        }
    }
}

/// UNCOMPRESSED: the body is stored as is.
final class CopyCompressor: PageCompressor {
    func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer) {
        output.removeAll()
        output.append(input)
    }
}
