/// One column chunk encoded and compressed in memory: its dictionary page if it has one, its
/// data pages, and everything the footer needs except where in a file it lands.
///
/// Made by `ParquetColumnChunkEncoder` and written by `ParquetFileWriter.writeRowGroup`.
/// Immutable, so it may be made on one thread and written on another. It holds its pages
/// (`byteCount` bytes) until the last copy of it is dropped.
public struct ParquetEncodedColumnChunk: Sendable {
    /// The column it was encoded for; `writeRowGroup` wants the file's spec at its position.
    public let spec: ParquetColumnSpec
    public let rowCount: Int
    /// Null count and bounds, long strings shortened as the encoder's options say; the
    /// footer states the same.
    public let statistics: ParquetColumnStatistics
    /// Size of the pages before compression, headers included.
    public let uncompressedByteCount: Int
    /// The dictionary page, header and body; empty when no data page uses a dictionary.
    let dictionaryPage: [UInt8]
    let dataPages: PageList
    /// The footer entry with offsets counted from the chunk's first byte, and the
    /// statistics to merge into the file summary.
    let written: WrittenColumnChunk

    /// Size of the chunk in the file, page headers included.
    public var byteCount: Int { dictionaryPage.count + dataPages.byteCount }

    init(
        spec: ParquetColumnSpec, rowCount: Int, truncateBytes: Int,
        finished: FinishedColumnChunk, dataPages: PageList
    ) {
        self.spec = spec
        self.rowCount = rowCount
        var statistics = ParquetColumnStatistics(name: spec.name, nullCount: 0)
        statistics.merge(finished.chunk.statistics, truncateBytes: truncateBytes)
        self.statistics = statistics
        uncompressedByteCount = Int(finished.chunk.metadata.totalUncompressedSize)
        dictionaryPage = finished.dictionaryPage
        self.dataPages = dataPages
        written = finished.chunk
    }
}
