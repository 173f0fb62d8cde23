// parquet.thrift `FileMetaData` (version = 1, schema = 2, num_rows = 3, row_groups = 4,
// key_value_metadata = 5, created_by = 6, column_orders = 7), `RowGroup` (columns = 1,
// total_byte_size = 2, num_rows = 3, file_offset = 5, total_compressed_size = 6,
// ordinal = 7), `KeyValue` (key = 1, value = 2) and `ColumnOrder` (TYPE_ORDER = 1).
// File layout (README "File Format"): "PAR1", column chunks, footer, footer length
// as 4-byte little-endian, "PAR1".

/// The footer's description of one row group.
struct RowGroup {
    var columns: [ColumnMetaData]
    var totalByteSize: Int64
    var rowCount: Int64
    var fileOffset: Int64
    var totalCompressedSize: Int64
    /// The row group's index, omitted past `Int16.max` where the field cannot hold it.
    var ordinal: Int16?

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeListHeader(1, .struct, count: columns.count)
        for column in columns { writer.writeListStruct { column.writeColumnChunk(to: &$0) } }
        writer.writeI64(2, totalByteSize)
        writer.writeI64(3, rowCount)

        writer.writeI64(5, fileOffset)
        writer.writeI64(6, totalCompressedSize)
        if let ordinal { writer.writeI16(7, ordinal) }
    }
}

extension RowGroup {
    /// The entry for the chunks written between file offsets `start` and `end`.
    init(
        columns: [ColumnMetaData], rowCount: Int, from start: Int64, to end: Int64, ordinal: Int16?
    ) {
        self.init(
            columns: columns, totalByteSize: columns.reduce(0) { $0 + $1.totalUncompressedSize },
            rowCount: Int64(rowCount), fileOffset: start, totalCompressedSize: end - start,
            ordinal: ordinal)
    }
}

/// The file footer.
struct FileMetaData {
    var schema: [SchemaElement]
    var rowCount: Int64
    var rowGroups: [RowGroup]
    var keyValueMetadata: [(key: String, value: String)]
    var createdBy: String

    /// The compact encoded footer, without the trailing length and magic.
    func encoded() -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.writeI32(1, 1)
        writer.writeListHeader(2, .struct, count: schema.count)
        for element in schema { writer.writeListStruct { element.write(to: &$0) } }
        writer.writeI64(3, rowCount)

        writer.writeListHeader(4, .struct, count: rowGroups.count)
        for group in rowGroups { writer.writeListStruct { group.write(to: &$0) } }
        writeKeyValueMetadata(to: &writer)
        writer.writeString(6, createdBy)

        // Every leaf uses the order its logical type defines; without this list readers must
        // ignore min_value/max_value.
        writer.writeListHeader(7, .struct, count: schema.count - 1)
        for _ in 1..<max(schema.count, 1) { writer.writeListStruct { $0.writeEmptyStruct(1) } }
        writer.writeStop()
        return writer.bytes
    }

    private func writeKeyValueMetadata(to writer: inout ThriftCompactWriter) {
        guard !keyValueMetadata.isEmpty else { return }
        writer.writeListHeader(5, .struct, count: keyValueMetadata.count)
        for pair in keyValueMetadata {
            writer.writeListStruct { entry in
                entry.writeString(1, pair.key)
                entry.writeString(2, pair.value)
            }
        }
    }
}
