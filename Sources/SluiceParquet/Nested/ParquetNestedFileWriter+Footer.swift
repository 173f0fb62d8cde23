// parquet.thrift `FileMetaData` (version 1, schema 2, num_rows 3, row_groups 4,
// created_by 6, column_orders 7) with the schema as the depth-first list of
// `SchemaElement`s (type 1, repetition_type 3, name 4, num_children 5, converted_type 6,
// logicalType 10) under a root group; groups carry MAP/LIST as converted type (1/3) and
// logical type (union members 2/3), string leaves UTF8/STRING (0/1).

extension ParquetNestedFileWriter {
    /// The footer with its length and the closing magic number.
    func footer(_ chunks: [ColumnMetaData], dataEnd: Int64) -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.writeI32(1, 1)
        let elements = fields.flatMap(Self.schemaElements)
        writer.writeListHeader(2, .struct, count: elements.count + 1)
        writer.writeListStruct { root in
            root.writeString(4, "schema")
            root.writeI32(5, Int32(fields.count))
        }
        for element in elements { writer.writeListStruct(element) }

        writer.writeI64(3, Int64(rowCount))
        let size = chunks.reduce(0) { $0 + $1.totalCompressedSize }
        let group = RowGroup(
            columns: chunks, totalByteSize: chunks.reduce(0) { $0 + $1.totalUncompressedSize },
            rowCount: Int64(rowCount), fileOffset: chunks.first?.dataPageOffset ?? dataEnd,
            totalCompressedSize: size, ordinal: 0)
        writer.writeListHeader(4, .struct, count: 1)
        writer.writeListStruct { group.write(to: &$0) }
        writer.writeString(6, options.createdBy)

        writer.writeListHeader(7, .struct, count: chunks.count)
        for _ in chunks { writer.writeListStruct { $0.writeEmptyStruct(1) } }
        writer.writeStop()

        var tail = writer.bytes
        withUnsafeBytes(of: UInt32(tail.count).littleEndian) { tail.append(contentsOf: $0) }
        return tail + ParquetFileWriter.magic
    }

    /// Each element's struct body, in depth-first order.
    static func schemaElements(_ node: ParquetNestedNode) -> [(inout ThriftCompactWriter) -> Void] {
        switch node {
        case .leaf(let name, let type, let repetition):
            return [
                { element in
                    element.writeI32(1, type.physicalType.rawValue)
                    element.writeI32(3, repetition.rawValue)
                    element.writeString(4, name)
                    guard type == .string else { return }
                    element.writeI32(6, ConvertedType.utf8.rawValue)
                    element.writeStruct(10) { $0.writeEmptyStruct(1) }
                }
            ]
        case .group(let name, let repetition, let annotation, let children):
            let group: (inout ThriftCompactWriter) -> Void = { element in
                element.writeI32(3, repetition.rawValue)
                element.writeString(4, name)
                element.writeI32(5, Int32(children.count))
                guard let annotation else { return }
                element.writeI32(6, annotation == .map ? 1 : 3)
                element.writeStruct(10) { $0.writeEmptyStruct(annotation == .map ? 2 : 3) }
            }
            return [group] + children.flatMap(schemaElements)
        }
    }

    static func validate(_ fields: [ParquetNestedNode], path: String) throws {
        guard !fields.isEmpty else {
            throw ParquetError(
                .invalidSchema, "A Parquet file needs at least one column.", path: path)
        }
        var seen = Set<String>()
        for field in fields {
            guard !field.name.isEmpty, seen.insert(field.name).inserted else {
                throw ParquetError(
                    .invalidSchema,
                    "Field name '\(field.name)' is empty or appears twice among its siblings; names must be unique.",
                    path: path, column: field.name)
            }
            if case .group(_, _, _, let children) = field { try validate(children, path: path) }
        }
    }
}
