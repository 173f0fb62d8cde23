// parquet-format README "File Format" and "Nested Encoding": one row group whose column
// chunks are one v1 data page each: repetition levels, then definition levels (each RLE
// hybrid behind a 4-byte length, present only when the column's maximum level is above 0),
// then PLAIN values; the page body is compressed with the file's codec.

/// Writes one Parquet file with a nested schema (groups, maps, lists) from whole records.
///
/// Records are striped into columns in memory and written by `close` as a single row group
/// of one page per column, so this suits small files such as Delta Lake checkpoints, not
/// large tables (use `ParquetFileWriter` for those). The file appears at `path` only when
/// `close` returns (temporary file, fsync, rename); `abort` or a failed `close` leaves
/// nothing. Not thread-safe.
///
/// TODO: no dictionary encoding, page statistics or min/max footer statistics (null counts
/// only), and no row group splitting: memory grows with the file, and readers cannot prune
/// row groups of nested files by value.
public final class ParquetNestedFileWriter {
    public let path: String
    public let fields: [ParquetNestedNode]
    public let options: ParquetWriterOptions
    private var striper: NestedStriper
    /// Records appended so far.
    public private(set) var rowCount = 0
    private var isOpen = true

    public init(path: String, fields: [ParquetNestedNode], options: ParquetWriterOptions) throws {
        try Self.validate(fields, path: path)
        self.path = path
        self.fields = fields
        self.options = options
        striper = NestedStriper(fields: fields)
    }

    /// Appends one record: one value per top-level field, matching the schema.
    ///
    /// - Precondition: `record` has the schema's shape (a programming error otherwise).
    public func append(_ record: [ParquetNestedValue]) {
        precondition(isOpen, "append after close or abort of '\(path)'")
        striper.append(record)
        rowCount += 1
    }

    /// Encodes and writes every record, then moves the file into place; returns its size.
    public func close() throws -> Int {
        guard isOpen else {
            throw ParquetError(
                .writerClosed, "The writer was already closed or aborted.", path: path)
        }
        isOpen = false
        let file = try OutputFile(path: path)
        do {
            try file.write(ParquetFileWriter.magic)
            var chunks: [ColumnMetaData] = []
            for column in striper.columns { chunks.append(try writeChunk(column, to: file)) }
            try file.write(footer(chunks, dataEnd: file.offset))
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
        return Int(file.offset)
    }

    /// Drops the records; nothing is written.
    public func abort() { isOpen = false }

    private func writeChunk(_ column: NestedColumn, to file: OutputFile) throws -> ColumnMetaData {
        let body = Self.pageBody(column)
        let compressor: PageCompressor
        let compressed = ByteBuffer(capacity: max(body.count, 64))
        do {
            compressor = try PageCompressors.make(options.codec, level: options.compressionLevel)
            try body.withUnsafeBytes { try compressor.compress($0, into: compressed) }
        } catch let failure as CodecFailure {
            throw ParquetError(failure, path: path, column: column.path.joined(separator: "."))
        }

        var page: [UInt8] = []
        let valueCount = Int32(column.definitionLevels.count)
        PageHeader(
            kind: .data(valueCount: valueCount, encoding: .plain),
            uncompressedSize: Int32(body.count),
            compressedSize: Int32(compressed.count)
        ).encode(into: &page)
        let offset = file.offset
        try file.write(page)
        try file.write(compressed.bytes)

        let nulls = Int64(column.definitionLevels.count - column.values.count)
        return ColumnMetaData(
            type: column.type.physicalType, encodings: [.plain, .rle], path: column.path,
            codec: CompressionCodec(options.codec), valueCount: Int64(valueCount),
            totalUncompressedSize: Int64(page.count + body.count),
            totalCompressedSize: file.offset - offset, dataPageOffset: offset,
            dictionaryPageOffset: nil,
            statistics: Statistics(
                nullCount: nulls, minValue: nil, maxValue: nil, isMinExact: true, isMaxExact: true,
                nanCount: nil),
            encodingStats: [PageEncodingCount(pageType: .dataPage, encoding: .plain, count: 1)])
    }

    static func pageBody(_ column: NestedColumn) -> [UInt8] {
        var body: [UInt8] = []
        if column.maxRepetitionLevel > 0 {
            appendLevels(column.repetitionLevels, max: column.maxRepetitionLevel, to: &body)
        }
        if column.maxDefinitionLevel > 0 {
            appendLevels(column.definitionLevels, max: column.maxDefinitionLevel, to: &body)
        }
        appendPlain(column.values, type: column.type, to: &body)
        return body
    }

    private static func appendLevels(_ levels: [UInt8], max: Int, to body: inout [UInt8]) {
        var encoder = RLEHybridEncoder()
        encoder.reset(bitWidth: RLEHybridEncoder.bitWidth(forMaxValue: max))
        for level in levels { encoder.append(UInt32(level)) }
        encoder.finish()
        withUnsafeBytes(of: UInt32(encoder.bytes.count).littleEndian) {
            body.append(contentsOf: $0)
        }
        body += encoder.bytes
    }

    private static func appendPlain(
        _ values: [ParquetNestedValue], type: ParquetNestedLeafType, to body: inout [UInt8]
    ) {
        if type == .boolean {
            var bits = [UInt8](repeating: 0, count: (values.count + 7) / 8)
            for (index, value) in values.enumerated() where value == .boolean(true) {
                bits[index / 8] |= 1 << (index % 8)
            }
            body += bits
            return
        }
        for value in values {
            switch value {
            case .int32(let v): withUnsafeBytes(of: v.littleEndian) { body.append(contentsOf: $0) }
            case .int64(let v): withUnsafeBytes(of: v.littleEndian) { body.append(contentsOf: $0) }
            case .string(let text):
                withUnsafeBytes(of: UInt32(text.utf8.count).littleEndian) {
                    body.append(contentsOf: $0)
                }
                body.append(contentsOf: text.utf8)
            default: preconditionFailure("value \(value) in a \(type) column")
            }
        }
    }
}
