// parquet.thrift `PageHeader` (type = 1, uncompressed_page_size = 2,
// compressed_page_size = 3, data_page_header = 5, dictionary_page_header = 7),
// `DataPageHeader` (num_values = 1, encoding = 2, definition_level_encoding = 3,
// repetition_level_encoding = 4) and `DictionaryPageHeader` (num_values = 1, encoding = 2).

/// The header written before every page body.
///
/// TODO: pages carry no statistics, CRC or page index (ColumnIndex/OffsetIndex): readers
/// prune by row group statistics only, so a selective filter still decodes every page of a
/// matching row group.
struct PageHeader {
    enum Kind {
        /// A v1 data page; levels are always RLE (no repetition levels are ever present).
        case data(valueCount: Int32, encoding: Encoding)
        /// The chunk's one dictionary page, PLAIN encoded.
        case dictionary(valueCount: Int32)
    }

    var kind: Kind
    var uncompressedSize: Int32
    var compressedSize: Int32

    /// Appends the compact encoded header to `bytes`.
    func encode(into bytes: inout [UInt8]) {
        var writer = ThriftCompactWriter()
        switch kind {
        case .data(let valueCount, let encoding):
            writeSizes(.dataPage, &writer)
            writer.writeStruct(5) { page in
                page.writeI32(1, valueCount)
                page.writeI32(2, encoding.rawValue)
                page.writeI32(3, Encoding.rle.rawValue)
                page.writeI32(4, Encoding.rle.rawValue)
            }
        case .dictionary(let valueCount):
            writeSizes(.dictionaryPage, &writer)
            writer.writeStruct(7) { page in
                page.writeI32(1, valueCount)
                page.writeI32(2, Encoding.plain.rawValue)
            }
        }
        writer.writeStop()
        bytes.append(contentsOf: writer.bytes)
    }

    private func writeSizes(_ type: PageType, _ writer: inout ThriftCompactWriter) {
        writer.writeI32(1, type.rawValue)
        writer.writeI32(2, uncompressedSize)
        writer.writeI32(3, compressedSize)
    }
}
