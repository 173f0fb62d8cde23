// parquet.thrift `ColumnMetaData` (type = 1, encodings = 2, path_in_schema = 3, codec = 4,
// num_values = 5, total_uncompressed_size = 6, total_compressed_size = 7,
// data_page_offset = 9, dictionary_page_offset = 11, statistics = 12, encoding_stats = 13),
// `PageEncodingStats` (page_type = 1, encoding = 2, count = 3) and `ColumnChunk`
// (file_offset = 2, always 0; meta_data = 3).

/// How many pages of one type used one encoding within a column chunk.
struct PageEncodingCount {
    var pageType: PageType
    var encoding: Encoding
    var count: Int32
}

/// The footer's description of one column chunk.
struct ColumnMetaData {
    var type: PhysicalType
    var encodings: [Encoding]
    var path: [String]
    var codec: CompressionCodec
    var valueCount: Int64
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: Statistics
    var encodingStats: [PageEncodingCount]

    /// Writes the enclosing `ColumnChunk` struct's fields around this metadata.
    func writeColumnChunk(to writer: inout ThriftCompactWriter) {
        writer.writeI64(2, 0)
        writer.writeStruct(3) { write(to: &$0) }
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeI32(1, type.rawValue)
        writer.writeListHeader(2, .i32, count: encodings.count)
        for encoding in encodings { writer.writeListI32(encoding.rawValue) }
        writer.writeListHeader(3, .binary, count: path.count)
        for name in path { writer.writeListString(name) }

        writer.writeI32(4, codec.rawValue)
        writer.writeI64(5, valueCount)
        writer.writeI64(6, totalUncompressedSize)
        writer.writeI64(7, totalCompressedSize)

        writer.writeI64(9, dataPageOffset)
        if let dictionaryPageOffset { writer.writeI64(11, dictionaryPageOffset) }
        writer.writeStruct(12) { statistics.write(to: &$0) }
        writeEncodingStats(to: &writer)
    }

    private func writeEncodingStats(to writer: inout ThriftCompactWriter) {
        writer.writeListHeader(13, .struct, count: encodingStats.count)
        for stat in encodingStats {
            writer.writeListStruct { entry in
                entry.writeI32(1, stat.pageType.rawValue)
                entry.writeI32(2, stat.encoding.rawValue)
                entry.writeI32(3, stat.count)
            }
        }
    }
}
