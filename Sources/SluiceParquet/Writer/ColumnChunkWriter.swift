// parquet-format README "Column chunks" and "Data Pages": a column chunk is an optional
// dictionary page followed by data pages; a v1 data page body is the definition levels
// (RLE hybrid with a 4-byte little-endian length prefix, only for OPTIONAL columns)
// followed by the values, and is compressed as a whole.
#if _endian(big)
    #error("PLAIN encoding copies values in host byte order, which must be little-endian")
#endif

/// Encodes one column's values of the current row group into compressed pages held in
/// memory, until the row group writer writes the chunk out and resets it.
///
/// Values are copied from the caller's `ParquetColumnBuffer` into page scratch buffers that
/// are reused for every page; nothing is allocated per value. Not thread-safe.
final class ColumnChunkWriter {
    let spec: ParquetColumnSpec
    let physicalType: PhysicalType
    let filePath: String
    let pageTargetBytes: Int
    let pageRowLimit: Int
    let dictionaryLimitBytes: Int
    let statisticsTruncateBytes: Int
    let scratch: PageScratch

    // The open page.
    /// Starting size of each per-column buffer: small, because a table may have thousands
    /// of sparse columns, and the buffers grow by doubling for the columns that fill.
    static let initialBufferBytes = 256

    /// The open page's definition levels. While a string buffer is being encoded they lag
    /// behind: see `pendingLevels`.
    let pageLevels = ByteBuffer(capacity: ColumnChunkWriter.initialBufferBytes)
    let pageValues = ByteBuffer(capacity: ColumnChunkWriter.initialBufferBytes)
    /// The open page's dictionary ids, `UInt32` each in host order.
    let pageIndices = ByteBuffer(capacity: ColumnChunkWriter.initialBufferBytes)
    var pageRowCount = 0
    var pageNullCount = 0
    /// The definition level, in the buffer being encoded, of the first page row whose level
    /// is not in `pageLevels` yet. String rows are counted one by one but their levels are
    /// copied in bulk when the page closes or the call ends (`copyPendingLevels`).
    var pendingLevels: UnsafePointer<UInt8>?

    // The chunk so far.
    var pages = PageList()
    let dictionary = ByteArrayDictionary()
    /// The dictionary of INT32 and INT64 chunks; nil for other types.
    let integers: IntegerDictionary?
    /// For dictionary-backed string buffers: what this chunk made of each input entry.
    var indexMap: DictionaryIndexMap?
    var isDictionaryActive: Bool
    var rowCount = 0
    var uncompressedPageBytes = 0
    var dictionaryDataPages = 0
    /// Values encoded as dictionary ids in this chunk, and their PLAIN size.
    var dictionaryEncodedValues = 0
    var dictionaryEncodedPlainBytes = 0
    var hasCheckedDictionary = false
    var plainDataPages = 0
    var statistics: StatisticsAccumulator
    /// Bits per dictionary id for the dictionary's current size, updated whenever it changes
    /// (`updateIndexBitWidth`), since `isPageFull` needs it after every value.
    var indexBitWidth = 1

    /// `scratch` may be shared with the file's other column chunk writers.
    init(
        spec: ParquetColumnSpec, filePath: String, options: ParquetWriterOptions,
        scratch: PageScratch
    ) {
        self.spec = spec
        physicalType = spec.type.physicalType
        self.filePath = filePath
        pageTargetBytes = max(options.pageTargetBytes, 1)
        pageRowLimit = max(options.pageRowLimit, 1)
        dictionaryLimitBytes = options.dictionaryLimitBytes
        statisticsTruncateBytes = options.statisticsTruncateBytes
        self.scratch = scratch
        switch physicalType {
        case .int32: integers = IntegerDictionary(width: 4)
        case .int64: integers = IntegerDictionary(width: 8)
        default: integers = nil
        }
        statistics = StatisticsAccumulator(physicalType: physicalType)
        isDictionaryActive = Self.usesDictionary(physicalType, options.dictionaryLimitBytes)
    }

    /// After this many dictionary-encoded values a chunk checks that the dictionary pays:
    /// that dictionary plus ids are smaller than the values written PLAIN. Unique columns
    /// (message ids, free text) then go PLAIN early instead of filling the dictionary first.
    static let dictionaryCheckValues = 10_000

    /// While a fixed-width chunk is dictionary encoded, at most this many rows are encoded
    /// between checks of the dictionary size, which may overshoot its limit by that much.
    static let dictionarySliceRows = 1024

    /// Strings and integers are dictionary encoded; booleans are a bit each already, and
    /// doubles rarely repeat.
    private static func usesDictionary(_ type: PhysicalType, _ limit: Int) -> Bool {
        limit > 0 && (type == .byteArray || type == .int32 || type == .int64)
    }

    /// Distinct values in the chunk's dictionary.
    var dictionaryCount: Int { integers?.count ?? dictionary.count }

    /// Size of the chunk's dictionary page body.
    var dictionaryPlainSize: Int { integers?.plainEncodedSize ?? dictionary.plainEncodedSize }

    var body: ByteBuffer { scratch.body }

    /// Bytes this chunk holds in memory: finished pages, the open page and the dictionary.
    var bufferedBytes: Int {
        let open = pageValues.count + pageIndices.count + pageLevels.count
        return pages.byteCount + open + dictionaryPlainSize
    }

    /// Dictionary ids in the open page.
    var pageIndexCount: Int { pageIndices.count / MemoryLayout<UInt32>.size }

    /// The open page's encoded size, estimated without encoding it: values, ids at the
    /// current bit width, and a bit per row of definition levels.
    @inline(__always)
    var pageBytesEstimate: Int {
        let levelCount = spec.isOptional ? pageRowCount : 0
        return pageValues.count + pageIndexCount * indexBitWidth / 8 + levelCount / 8
    }

    /// Brings `indexBitWidth` in step with the dictionary after it grew or was emptied.
    func updateIndexBitWidth() {
        indexBitWidth = RLEHybridEncoder.bitWidth(forMaxValue: max(dictionaryCount - 1, 0))
    }

    /// Whether the open page has reached its byte target or its row limit.
    @inline(__always)
    var isPageFull: Bool { pageRowCount >= pageRowLimit || pageBytesEstimate >= pageTargetBytes }

    /// How many more rows, each adding one dictionary id, the open page takes with
    /// `isPageFull` still false after every one of them: an id adds `indexBitWidth` bits and,
    /// in an OPTIONAL column, a level bit to `pageBytesEstimate`, whose parts round down.
    func rowsThatCannotFillThePage() -> Int {
        let byRows = pageRowLimit - pageRowCount - 1
        let bytesLeft = pageTargetBytes - pageValues.count
        guard bytesLeft < Int.max / 16 else { return max(0, byRows) }
        let levelBits = spec.isOptional ? 1 : 0
        let bitsLeft = 8 * bytesLeft - pageIndexCount * indexBitWidth - pageRowCount * levelBits
        // The estimate stays below the target while fewer than `bitsLeft` bits are added.
        let byBytes = (bitsLeft - 1) / (indexBitWidth + levelBits)
        return max(0, min(byRows, byBytes))
    }

    /// Encodes `rows` of `buffer`, whose first non-null value is `firstValue`; returns the
    /// index of the next non-null value. The caller has checked types and nulls.
    func append(_ buffer: ParquetColumnBuffer, rows: Range<Int>, firstValue: Int) throws -> Int {
        rowCount += rows.count
        switch physicalType {
        case .boolean:
            return try appendFixed(buffer.values(as: Bool.self), buffer, rows, firstValue)
        case .int32: return try appendFixed(buffer.values(as: Int32.self), buffer, rows, firstValue)
        case .int64: return try appendFixed(buffer.values(as: Int64.self), buffer, rows, firstValue)
        case .double:
            return try appendFixed(buffer.values(as: Double.self), buffer, rows, firstValue)
        case .byteArray:
            if let entries = buffer.dictionary {
                return try appendDictionaryIndexes(buffer, entries, rows, firstValue)
            }
            return try appendByteArrays(buffer, rows, firstValue)
        }
    }

    /// Copies the levels of page rows counted since `pendingLevels` was set, so that
    /// `pageLevels` holds one per page row again.
    func copyPendingLevels() {
        guard spec.isOptional, let source = pendingLevels else { return }
        let missing = pageRowCount - pageLevels.count
        pageLevels.append(UnsafeRawBufferPointer(start: source, count: missing))
        pendingLevels = source + missing
    }

    /// Forgets the written chunk so the writer can start the next row group's.
    func reset() {
        pages.removeAll()
        dictionary.removeAll()
        integers?.removeAll()
        indexMap = nil
        isDictionaryActive = Self.usesDictionary(physicalType, dictionaryLimitBytes)
        (rowCount, uncompressedPageBytes, dictionaryDataPages, plainDataPages) = (0, 0, 0, 0)
        (dictionaryEncodedValues, dictionaryEncodedPlainBytes) = (0, 0)
        hasCheckedDictionary = false
        statistics.reset()
        updateIndexBitWidth()
    }
}

extension ParquetError {
    init(_ failure: CodecFailure, path: String, column: String?) {
        self.init(
            .compression,
            "Compressing a page with \(failure.codec.rawValue) failed: \(failure.detail).",
            path: path, column: column, codecStatus: failure.status)
    }
}
