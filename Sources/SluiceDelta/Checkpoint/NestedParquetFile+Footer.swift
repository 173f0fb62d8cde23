// parquet.thrift `FileMetaData` (version 1, schema, num_rows, row_groups, created_by),
// `SchemaElement` (type 1, repetition_type 3, name 4, num_children 5, converted_type 6,
// logicalType 10), `RowGroup`, `ColumnChunk` and `ColumnMetaData`; the schema is the
// depth-first list of nodes under a root group.

extension NestedParquetFile {
    func footer(chunks: [(offset: Int64, size: Int64, valueCount: Int)]) -> [UInt8] {
        var thrift = CompactThrift()
        thrift.i32(1, 1)
        let elements =
            [SchemaEntry.root(childCount: fields.count)] + fields.flatMap(SchemaEntry.flatten)
        thrift.structList(2, elements) { $1.write(to: &$0) }
        thrift.i64(3, Int64(rowCount))

        let total = chunks.reduce(0) { $0 + $1.size }
        thrift.structList(4, [0]) { group, _ in
            group.structList(1, Array(zip(columns, chunks))) { chunk, pair in
                Self.writeChunk(pair.0, pair.1, to: &chunk)
            }
            group.i64(2, total)
            group.i64(3, Int64(rowCount))
        }
        thrift.string(6, createdBy)
        return thrift.bytes + [0]
    }

    private static func writeChunk(
        _ column: NestedColumn, _ chunk: (offset: Int64, size: Int64, valueCount: Int),
        to thrift: inout CompactThrift
    ) {
        thrift.i64(2, chunk.offset)
        thrift.structure(3) { meta in
            meta.i32(1, column.type.physicalType)
            meta.i32List(2, [0, 3])  // PLAIN values, RLE levels
            meta.stringList(3, column.path)
            meta.i32(4, 0)  // UNCOMPRESSED
            meta.i64(5, Int64(chunk.valueCount))
            meta.i64(6, chunk.size)
            meta.i64(7, chunk.size)
            meta.i64(9, chunk.offset)
        }
    }
}

/// One `SchemaElement` of the flattened schema.
struct SchemaEntry {
    var physicalType: Int32?
    var repetition: NestedRepetition?
    var name: String
    var childCount: Int?
    /// ConvertedType: UTF8 = 0, MAP = 1, LIST = 3.
    var convertedType: Int32?
    /// LogicalType union member: STRING = 1, MAP = 2, LIST = 3 (all empty structs).
    var logicalType: Int16?

    static func root(childCount: Int) -> SchemaEntry {
        SchemaEntry(name: "schema", childCount: childCount)
    }

    static func flatten(_ node: NestedNode) -> [SchemaEntry] {
        switch node {
        case .leaf(let name, let type, let repetition):
            let isString = type == .string
            return [
                SchemaEntry(
                    physicalType: type.physicalType, repetition: repetition, name: name,
                    convertedType: isString ? 0 : nil, logicalType: isString ? 1 : nil)
            ]
        case .group(let name, let repetition, let annotation, let children):
            let entry = SchemaEntry(
                repetition: repetition, name: name, childCount: children.count,
                convertedType: annotation.map { $0 == .map ? 1 : 3 },
                logicalType: annotation.map { $0 == .map ? 2 : 3 })
            return [entry] + children.flatMap(flatten)
        }
    }

    func write(to thrift: inout CompactThrift) {
        if let physicalType { thrift.i32(1, physicalType) }
        if let repetition { thrift.i32(3, repetition.rawValue) }
        thrift.string(4, name)
        if let childCount { thrift.i32(5, Int32(childCount)) }
        if let convertedType { thrift.i32(6, convertedType) }
        if let logicalType { thrift.structure(10) { $0.structure(logicalType) { _ in } } }
    }
}

extension NestedLeafType {
    /// parquet.thrift `Type`: BOOLEAN = 0, INT32 = 1, INT64 = 2, BYTE_ARRAY = 6.
    var physicalType: Int32 {
        switch self {
        case .boolean: 0
        case .int32: 1
        case .int64: 2
        case .string: 6
        }
    }
}
