/// Encodes whole column chunks in memory, so that the columns of a row group can be encoded
/// on several threads at once and then written with `ParquetFileWriter.writeRowGroup`.
///
/// An encoder owns its page scratch buffers and compressor and reuses them from one `encode`
/// to the next, so it is not thread-safe: give each thread its own, or call the static
/// `encode`, which makes a fresh one per call. Encoders share nothing mutable, and they only
/// read the buffers and dictionaries they are given, so any number may run at once on the
/// buffers of one row group, even buffers that share a `ParquetStringDictionary`.
///
/// A chunk follows the rules `ParquetFileWriter.write` encodes by, with these options' codec,
/// page, dictionary and statistics settings; the row group boundaries are the caller's. For
/// the rows `write` would put in one row group the chunk is the same, byte for byte, except
/// that an INT32 or INT64 chunk may end its dictionary at another row, since `write` checks
/// integer dictionaries where its batches are cut.
public final class ParquetColumnChunkEncoder {
    public let options: ParquetWriterOptions
    /// The file the chunks are meant for, named in errors.
    public let path: String
    private let scratch: PageScratch

    /// Throws `compression` when the codec's library cannot make a context.
    public init(options: ParquetWriterOptions, path: String) throws {
        self.options = options
        self.path = path
        scratch = try PageScratch(options: options, filePath: path)
    }

    /// Encodes every row of `buffer` as one column chunk of `spec`.
    ///
    /// Throws `invalidBatch` when the buffer holds another type than the spec or nulls for a
    /// required column, `limitExceeded` for a value or page past the format's limits, and
    /// `compression` when the codec fails. `buffer` is only read; a failure leaves nothing
    /// behind and the encoder usable.
    public func encode(_ buffer: ParquetColumnBuffer, spec: ParquetColumnSpec) throws
        -> ParquetEncodedColumnChunk
    {
        try ParquetFileWriter.validate(buffer, spec, rows: buffer.count, path: path)
        let writer = ColumnChunkWriter(
            spec: spec, filePath: path, options: options, scratch: scratch)
        _ = try writer.append(buffer, rows: 0..<buffer.count, firstValue: 0)
        let finished = try writer.finishChunk()

        return ParquetEncodedColumnChunk(
            spec: spec, rowCount: buffer.count, truncateBytes: options.statisticsTruncateBytes,
            finished: finished, dataPages: writer.pages)
    }

    /// Encodes `buffer` with an encoder of its own; safe to call from any number of threads
    /// at once. See `encode(_:spec:)`.
    public static func encode(
        _ buffer: ParquetColumnBuffer, spec: ParquetColumnSpec, options: ParquetWriterOptions,
        path: String
    ) throws -> ParquetEncodedColumnChunk {
        try ParquetColumnChunkEncoder(options: options, path: path).encode(buffer, spec: spec)
    }
}
