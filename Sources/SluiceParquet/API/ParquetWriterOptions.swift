/// Tunables of one `ParquetFileWriter`. Every default is a named constant with its reason.
public struct ParquetWriterOptions: Sendable {
    /// ZSTD compresses event data about as well as GZIP at several times its speed, and every
    /// current reader (pyarrow, DuckDB, Spark, Trino) decodes it.
    public static let defaultCodec = ParquetCodec.zstd

    /// Zstandard level 1, Arrow's default: on the event-like table of scripts/bench-parquet it
    /// made a file as small as level 3 did (within 0.5%) for about a quarter less CPU. GZIP
    /// clamps the level to 1...9 and SNAPPY ignores it.
    public static let defaultCompressionLevel: Int32 = 1

    /// 128 MiB of buffered, compressed column data per row group: big enough that a reader's
    /// scan reads long contiguous runs per column, small enough that the writer's memory
    /// (which holds one row group before it is written) stays modest. It is the block size
    /// parquet-mr and most warehouses default to.
    public static let defaultRowGroupTargetBytes = 128 * 1024 * 1024

    /// 1 MiB of encoded values per data page: readers decompress a page at a time, and at this
    /// size the page header overhead is negligible while skipping stays fine-grained.
    public static let defaultPageTargetBytes = 1024 * 1024

    /// At most 20,000 rows per data page (arrow-rs's default too): pages of tiny values
    /// (booleans, dictionary ids, nulls) would otherwise hold millions of rows, and their
    /// scratch space (4 bytes per dictionary id) would grow far beyond the encoded page.
    public static let defaultPageRowLimit = 20_000

    /// 1 MiB of PLAIN-encoded dictionary entries per column chunk: within it, low-cardinality
    /// strings (event names, types, enums) shrink to a few bits each; past it, the column is
    /// likely high-cardinality (ids, free text), so the rest of the chunk is written PLAIN.
    public static let defaultDictionaryLimitBytes = 1024 * 1024

    /// String and JSON min/max statistics longer than 64 bytes are shortened (and marked
    /// inexact): enough to prune on any realistic key prefix, while a row group of large JSON
    /// values cannot bloat the footer every reader must parse first.
    public static let defaultStatisticsTruncateBytes = 64

    /// Written into the footer when the caller names no application.
    public static let defaultCreatedBy = "SluiceParquet"

    public var codec: ParquetCodec
    public var compressionLevel: Int32
    /// Buffered bytes (compressed pages plus open pages and dictionaries) after which a row
    /// group is written out. The writer's memory is bounded by about this much, up to twice
    /// it while buffers grow by doubling, plus one page of scratch per column.
    public var rowGroupTargetBytes: Int
    /// Encoded bytes after which a data page is closed.
    public var pageTargetBytes: Int
    /// Rows after which a data page is closed even below `pageTargetBytes`.
    public var pageRowLimit: Int
    /// PLAIN-encoded dictionary size beyond which a column chunk falls back to PLAIN.
    /// Zero disables dictionary encoding.
    public var dictionaryLimitBytes: Int
    /// Length beyond which string and JSON statistics are shortened; 0 keeps them whole.
    public var statisticsTruncateBytes: Int
    /// The footer's `created_by`, e.g. "sluice version 0.1.0".
    public var createdBy: String
    /// Written in order into the footer's key/value metadata.
    public var keyValueMetadata: [(key: String, value: String)]

    public init(
        codec: ParquetCodec = Self.defaultCodec,
        compressionLevel: Int32 = Self.defaultCompressionLevel,
        rowGroupTargetBytes: Int = Self.defaultRowGroupTargetBytes,
        pageTargetBytes: Int = Self.defaultPageTargetBytes,
        pageRowLimit: Int = Self.defaultPageRowLimit,
        dictionaryLimitBytes: Int = Self.defaultDictionaryLimitBytes,
        statisticsTruncateBytes: Int = Self.defaultStatisticsTruncateBytes,
        createdBy: String = Self.defaultCreatedBy,
        keyValueMetadata: [(key: String, value: String)] = []
    ) {
        self.codec = codec
        self.compressionLevel = compressionLevel
        self.rowGroupTargetBytes = rowGroupTargetBytes
        self.pageTargetBytes = pageTargetBytes
        self.pageRowLimit = pageRowLimit
        self.dictionaryLimitBytes = dictionaryLimitBytes
        self.statisticsTruncateBytes = statisticsTruncateBytes
        self.createdBy = createdBy
        self.keyValueMetadata = keyValueMetadata
    }
}
