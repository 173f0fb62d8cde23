/// Buffers and the compressor every column chunk of one file uses while it closes a page.
///
/// Pages are closed one at a time on the writer's thread, so one set serves all columns:
/// memory for page assembly is paid once per file, not once per column. Not thread-safe.
final class PageScratch {
    /// The page body being assembled: levels, then values.
    let body = ByteBuffer()
    /// The compressed body.
    let compressed = ByteBuffer()
    /// Encodes definition levels and dictionary ids.
    var encoder = RLEHybridEncoder()
    let compressor: PageCompressor
    let codec: CompressionCodec

    init(options: ParquetWriterOptions, filePath: String) throws {
        codec = CompressionCodec(options.codec)
        do {
            compressor = try PageCompressors.make(options.codec, level: options.compressionLevel)
        } catch {
            throw ParquetError(error, path: filePath, column: nil)
        }
    }
}
