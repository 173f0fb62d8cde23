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
    let dataPages: SealedBytes
    /// The footer entry with offsets counted from the chunk's first byte, and the
    /// statistics to merge into the file summary.
    let written: WrittenColumnChunk

    /// Size of the chunk in the file, page headers included.
    public var byteCount: Int { dictionaryPage.count + dataPages.bytes.count }

    init(
        spec: ParquetColumnSpec, rowCount: Int, truncateBytes: Int,
        finished: FinishedColumnChunk, dataPages: SealedBytes
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

/// Bytes that nothing changes any more, so they may be read from any thread.
final class SealedBytes: @unchecked Sendable {
    private let buffer: ByteBuffer

    /// Takes `buffer` over; its former owner must drop it without touching it again.
    init(_ buffer: ByteBuffer) {
        buffer.shrink(toCapacity: buffer.count)
        self.buffer = buffer
    }

    var bytes: UnsafeRawBufferPointer { buffer.bytes }
}
