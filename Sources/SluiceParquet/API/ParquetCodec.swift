/// Page compression codecs; each page body (after the levels and values are encoded) is
/// compressed on its own, as the format requires.
public enum ParquetCodec: String, Sendable, CaseIterable {
    case uncompressed
    case snappy
    /// DEFLATE with the gzip wrapper (RFC 1952), which is what Parquet's GZIP means.
    case gzip
    /// Zstandard frames (RFC 8878).
    case zstd
}
