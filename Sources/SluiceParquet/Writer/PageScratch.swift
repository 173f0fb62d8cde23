/// Buffers and the compressor a column chunk writer uses while it closes a page.
///
/// `ParquetFileWriter` closes pages one at a time on its thread, so one set serves all its
/// columns: memory for page assembly is paid once per file, not once per column. Each
/// `ParquetColumnChunkEncoder` has its own. Not thread-safe.
final class PageScratch {
    /// The page body being assembled: levels, then values.
    let body = ByteBuffer()
    /// The compressed body, unless the codec is UNCOMPRESSED.
    let compressed = ByteBuffer()
    /// Encodes definition levels and dictionary ids straight into `body`.
    var encoder: RLEHybridEncoder
    /// Nil for UNCOMPRESSED, whose pages are stored as `body` is.
    let compressor: PageCompressor?
    let codec: CompressionCodec

    init(options: ParquetWriterOptions, filePath: String) throws {
        codec = CompressionCodec(options.codec)
        encoder = RLEHybridEncoder(output: body)
        guard options.codec != .uncompressed else {
            compressor = nil
            return
        }
        do {
            compressor = try PageCompressors.make(options.codec, level: options.compressionLevel)
        } catch {
            throw ParquetError(error, path: filePath, column: nil)
        }
    }

    /// Compresses `body` and returns the bytes to store: `compressed`'s, or `body`'s own
    /// when there is nothing to compress. Valid until either buffer next changes.
    func compressBody() throws(CodecFailure) -> UnsafeRawBufferPointer {
        guard let compressor else { return body.bytes }
        try compressor.compress(body.bytes, into: compressed)
        return compressed.bytes
    }
}
