// parquet.thrift `ColumnMetaData`: offsets of the dictionary and first data page, sizes of
// all pages with their headers (compressed and not), the encodings used and per-page-type
// encoding counts, and the chunk statistics.

/// What one written column chunk contributes to the footer and the file summary.
struct WrittenColumnChunk {
    var metadata: ColumnMetaData
    var statistics: StatisticsAccumulator
}

extension ColumnChunkWriter {
    /// Closes the open page and writes the chunk (dictionary page first) at the file's
    /// current offset. The caller then calls `reset` before the next row group.
    func writeChunk(to file: OutputFile) throws -> WrittenColumnChunk {
        try flushPage()
        let dictionaryPage = try writeDictionaryPage(to: file)
        let dataOffset = file.offset
        try file.write(pages.bytes)

        let compressedBytes = (dictionaryPage?.compressedBytes ?? 0) + pages.count
        let uncompressedBytes = (dictionaryPage?.uncompressedBytes ?? 0) + uncompressedPageBytes
        let metadata = ColumnMetaData(
            type: physicalType, encodings: encodings, path: [spec.name],
            codec: scratch.codec, valueCount: Int64(rowCount),
            totalUncompressedSize: Int64(uncompressedBytes),
            totalCompressedSize: Int64(compressedBytes), dataPageOffset: dataOffset,
            dictionaryPageOffset: dictionaryPage?.offset, statistics: footerStatistics,
            encodingStats: encodingStats)
        return WrittenColumnChunk(metadata: metadata, statistics: statistics)
    }

    /// Writes the dictionary page, if the chunk has dictionary-encoded pages; returns where
    /// it went and its sizes with the header.
    private func writeDictionaryPage(
        to file: OutputFile
    ) throws -> (offset: Int64, compressedBytes: Int, uncompressedBytes: Int)? {
        guard let header = try encodeDictionaryPage() else { return nil }
        var headerBytes: [UInt8] = []
        header.encode(into: &headerBytes)
        let offset = file.offset

        try file.write(headerBytes)
        try file.write(compressed.bytes)
        return (offset, headerBytes.count + compressed.count, headerBytes.count + body.count)
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
