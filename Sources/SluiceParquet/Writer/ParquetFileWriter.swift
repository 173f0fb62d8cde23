// parquet-format README "File Format": "PAR1", the row groups' column chunks, the
// Thrift-compact FileMetaData, its length as a 4-byte little-endian integer, "PAR1".

/// Writes one Parquet file from batches of column buffers, or from column chunks encoded
/// elsewhere (`writeRowGroup`, see `ParquetColumnChunkEncoder`).
///
/// The file is built under a temporary name beside `path` (see `OutputFile`) and appears at
/// `path` only when `close` has written the footer and fsynced it. A failed `write`,
/// `writeRowGroup` or `close` (other than a rejected batch) removes the temporary file and
/// leaves the writer closed; `abort` does the same on request and may be called at any time.
/// Rows given to `write` are grouped into row groups of about `rowGroupTargetBytes` of
/// buffered, compressed data, which bounds the memory the writer holds. Not thread-safe: use
/// one writer from one thread at a time.
public final class ParquetFileWriter {
    public let path: String
    public let columns: [ParquetColumnSpec]
    public let options: ParquetWriterOptions
    let file: OutputFile
    /// Shared by the column chunk writers of rows given to `write`.
    private let scratch: PageScratch
    /// The open row group of rows given to `write`, made by the first one: a file written
    /// only from encoded chunks (`writeRowGroup`) never needs its column chunk writers.
    private(set) var bufferedRowGroup: RowGroupWriter?
    var rowGroups: [RowGroup] = []
    var statistics: [ParquetColumnStatistics]
    private var valueCursors: [Int]
    /// Rows accepted so far.
    public internal(set) var rowCount = 0
    private var isOpen = true

    /// At most this many rows are encoded between two checks of the row group size: enough
    /// that the check costs nothing, few enough that a row group overshoots little.
    static let maximumRowsPerSizeCheck = 4096

    /// Between two checks at most this fraction of the row group target is encoded, so wide
    /// rows (large JSON values) cannot overshoot the memory bound by much either.
    static let sizeCheckFraction = 16

    /// The file's magic number, at its start and end.
    static let magic: [UInt8] = Array("PAR1".utf8)

    /// Sees the file's bytes as they are written, e.g. to checksum the file without reading
    /// it back: called on the writing thread with each run of bytes right after it reached
    /// the file, in file order, so once `close` returns the runs seen make up the whole file.
    /// The bytes are valid only during the call. After a failure the runs seen are a prefix
    /// of a file that no longer exists.
    public typealias BytesObserver = (UnsafeRawBufferPointer) -> Void

    /// Creates the temporary file and writes the leading magic number; `observer`, if any,
    /// sees every byte of the file (`BytesObserver`), the magic number first.
    public init(
        path: String, columns: [ParquetColumnSpec], options: ParquetWriterOptions,
        observer: BytesObserver? = nil
    ) throws {
        try Self.validate(columns, path: path)
        self.path = path
        self.columns = columns
        self.options = options

        scratch = try PageScratch(options: options, filePath: path)
        statistics = columns.map { ParquetColumnStatistics(name: $0.name, nullCount: 0) }
        valueCursors = Array(repeating: 0, count: columns.count)

        file = try OutputFile(path: path)
        file.observer = observer
        try failing { try file.write(Self.magic) }
    }

    deinit { file.discard() }

    /// Bytes written to the temporary file so far (finished row groups), e.g. to decide when
    /// to start a new file.
    public var writtenBytes: Int { Int(file.offset) }

    /// Bytes of the open row group held in memory, not yet written.
    public var bufferedBytes: Int { bufferedRowGroup?.bufferedBytes ?? 0 }

    /// The open row group of rows given to `write`, made on first use.
    var rowGroup: RowGroupWriter {
        if let bufferedRowGroup { return bufferedRowGroup }
        let made = RowGroupWriter(
            columns: columns.map {
                ColumnChunkWriter(spec: $0, filePath: path, options: options, scratch: scratch)
            })
        bufferedRowGroup = made
        return made
    }

    /// Whether rows given to `write` wait in the open row group.
    var hasBufferedRows: Bool { (bufferedRowGroup?.rowCount ?? 0) > 0 }

    /// Appends the rows of `buffers` (one per column, in spec order, equal row counts).
    ///
    /// A batch that does not match the specs throws `invalidBatch` and changes nothing. The
    /// buffers are only read; the caller may reuse them as soon as this returns.
    public func write(_ buffers: [ParquetColumnBuffer]) throws {
        try checkOpen()
        let batchRows = try validate(buffers)
        let step = rowsPerSizeCheck(buffers, rows: batchRows)
        for index in valueCursors.indices { valueCursors[index] = 0 }

        try failing {
            for start in stride(from: 0, to: batchRows, by: step) {
                try appendSlice(buffers, rows: start..<min(batchRows, start + step))
            }
        }
    }

    /// Writes the last row group and the footer, fsyncs, and renames the file into place.
    public func close() throws -> ParquetFileSummary {
        try checkOpen()
        try failing {
            if hasBufferedRows { try flushRowGroup() }
            try writeFooter()
            try file.commit()
        }
        isOpen = false

        return ParquetFileSummary(
            path: path, rowCount: rowCount, byteCount: Int(file.offset),
            rowGroupCount: rowGroups.count, columnStatistics: statistics)
    }

    /// Removes the temporary file; nothing is left at `path`. Safe after a failure, and a
    /// no-op after `close` succeeded.
    public func abort() {
        isOpen = false
        file.discard()
    }

    /// How many rows of this batch to encode between row group size checks, from its
    /// average row size.
    private func rowsPerSizeCheck(_ buffers: [ParquetColumnBuffer], rows: Int) -> Int {
        guard rows > 0 else { return 1 }
        let budget = max(1, options.rowGroupTargetBytes / Self.sizeCheckFraction)
        func step(forBytes bytes: Int) -> Int {
            min(Self.maximumRowsPerSizeCheck, max(1, budget / max(1, bytes / rows)))
        }
        // A bound that already allows the most rows spares dictionary-backed buffers a pass.
        let bound = step(forBytes: buffers.reduce(0) { $0 + $1.estimatedByteSizeBound })
        guard bound < Self.maximumRowsPerSizeCheck else { return bound }
        return step(forBytes: buffers.reduce(0) { $0 + $1.estimatedByteSize })
    }

    private func appendSlice(_ buffers: [ParquetColumnBuffer], rows: Range<Int>) throws {
        try rowGroup.append(buffers, rows: rows, valueCursors: &valueCursors)
        rowCount += rows.count
        if rowGroup.bufferedBytes >= options.rowGroupTargetBytes { try flushRowGroup() }
    }

    func flushRowGroup() throws {
        let (group, chunkStatistics) = try rowGroup.write(
            to: file, ordinal: Int16(exactly: rowGroups.count))
        rowGroups.append(group)
        for (index, chunk) in chunkStatistics.enumerated() {
            statistics[index].merge(chunk, truncateBytes: options.statisticsTruncateBytes)
        }
    }

    private func writeFooter() throws {
        let schema =
            [SchemaElement(name: "schema", childCount: Int32(columns.count))]
            + columns.map(SchemaElement.init)
        let footer = FileMetaData(
            schema: schema, rowCount: Int64(rowCount), rowGroups: rowGroups,
            keyValueMetadata: options.keyValueMetadata, createdBy: options.createdBy
        ).encoded()

        var tail = footer
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { tail.append(contentsOf: $0) }
        tail.append(contentsOf: Self.magic)
        try file.write(tail)
    }

    /// Runs `body`; if it throws, the writer closes and its temporary file is removed.
    func failing(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            abort()
            throw error
        }
    }

    func checkOpen() throws {
        guard isOpen else {
            throw ParquetError(
                .writerClosed,
                "The writer was already closed, aborted or failed; create a new one.",
                path: path)
        }
    }
}
