// parquet.thrift `ColumnMetaData`: offsets of the dictionary and first data page, sizes of
// all pages with their headers (compressed and not), the encodings used and per-page-type
// encoding counts, and the chunk statistics.

/// What one written column chunk contributes to the footer and the file summary.
struct WrittenColumnChunk {
    var metadata: ColumnMetaData
    var statistics: StatisticsAccumulator
}

/// A finished chunk before it is placed in a file: its dictionary page (header and body;
/// empty without one), then the data pages in the writer's `pages`, and a footer entry
/// whose offsets count from the chunk's first byte.
struct FinishedColumnChunk {
    var dictionaryPage: [UInt8]
    var chunk: WrittenColumnChunk
}

extension ColumnChunkWriter {
    /// Closes the open page and encodes the dictionary page. `pages` then holds the data
    /// pages until `reset`.
    func finishChunk() throws -> FinishedColumnChunk {
        try flushPage()
        let dictionaryPage = try encodeDictionaryPage()
        let dictionaryBytes = dictionaryPage?.bytes ?? []

        let compressedBytes = dictionaryBytes.count + pages.byteCount
        let uncompressedBytes = (dictionaryPage?.uncompressedBytes ?? 0) + uncompressedPageBytes
        let metadata = ColumnMetaData(
            type: physicalType, encodings: encodings, path: [spec.name],
            codec: scratch.codec, valueCount: Int64(rowCount),
            totalUncompressedSize: Int64(uncompressedBytes),
            totalCompressedSize: Int64(compressedBytes),
            dataPageOffset: Int64(dictionaryBytes.count),
            dictionaryPageOffset: dictionaryPage == nil ? nil : 0, statistics: footerStatistics,
            encodingStats: encodingStats)
        let chunk = WrittenColumnChunk(metadata: metadata, statistics: statistics)
        return FinishedColumnChunk(dictionaryPage: dictionaryBytes, chunk: chunk)
    }

    /// Closes the open page and writes the chunk (dictionary page first) at the file's
    /// current offset. The caller then calls `reset` before the next row group.
    func writeChunk(to file: OutputFile) throws -> WrittenColumnChunk {
        let finished = try finishChunk()
        let offset = file.offset
        try file.write([PageBlock(copying: finished.dictionaryPage)] + pages.blocks)
        var written = finished.chunk
        written.metadata.move(by: offset)
        return written
    }

    private var encodings: [Encoding] {
        var list: [Encoding] = [.plain, .rle]
        if dictionaryDataPages > 0 { list.append(.rleDictionary) }
        return list
    }

    private var encodingStats: [PageEncodingCount] {
        var counts: [PageEncodingCount] = []
        if dictionaryDataPages > 0 {
            counts.append(PageEncodingCount(pageType: .dictionaryPage, encoding: .plain, count: 1))
            counts.append(
                PageEncodingCount(
                    pageType: .dataPage, encoding: .rleDictionary, count: Int32(dictionaryDataPages)
                ))
        }
        if plainDataPages > 0 {
            counts.append(
                PageEncodingCount(
                    pageType: .dataPage, encoding: .plain, count: Int32(plainDataPages)))
        }
        return counts
    }

    private var footerStatistics: Statistics {
        let bounds = statistics.footerBounds(truncateBytes: statisticsTruncateBytes)
        return Statistics(
            nullCount: statistics.nullCount, minValue: bounds?.min, maxValue: bounds?.max,
            isMinExact: bounds?.isMinExact ?? true, isMaxExact: bounds?.isMaxExact ?? true,
            nanCount: physicalType == .double ? statistics.nanCount : nil)
    }
}

extension ColumnMetaData {
    /// Turns offsets counted from the chunk's start into file offsets, for a chunk placed
    /// at `offset`.
    mutating func move(by offset: Int64) {
        dataPageOffset += offset
        if let dictionaryPageOffset { self.dictionaryPageOffset = dictionaryPageOffset + offset }
    }
}
