// parquet.thrift `SchemaElement` and the `LogicalType` union members we write (STRING = 1,
// DATE = 6, TIMESTAMP = 8 with TimestampType{isAdjustedToUTC = 1, unit = 2}, JSON = 12;
// TimeUnit MICROS = 2). See LogicalTypes.md for the ConvertedType each one pairs with.

/// The logical annotations this writer emits.
enum LogicalTypeAnnotation {
    case string
    case json
    case date
    case timestampMicrosUTC

    func write(to writer: inout ThriftCompactWriter) {
        switch self {
        case .string: writer.writeEmptyStruct(1)
        case .date: writer.writeEmptyStruct(6)
        case .json: writer.writeEmptyStruct(12)
        case .timestampMicrosUTC:
            writer.writeStruct(8) { timestamp in
                timestamp.writeBool(1, true)
                timestamp.writeStruct(2) { unit in unit.writeEmptyStruct(2) }
            }
        }
    }
}

/// One node of the flattened schema: the root group or a leaf column.
struct SchemaElement {
    var type: PhysicalType?
    var repetition: FieldRepetitionType?
    var name: String
    var childCount: Int32?
    var convertedType: ConvertedType?
    var logicalType: LogicalTypeAnnotation?

    func write(to writer: inout ThriftCompactWriter) {
        if let type { writer.writeI32(1, type.rawValue) }
        if let repetition { writer.writeI32(3, repetition.rawValue) }
        writer.writeString(4, name)
        if let childCount { writer.writeI32(5, childCount) }
        if let convertedType { writer.writeI32(6, convertedType.rawValue) }
        if let logicalType { writer.writeStruct(10) { logicalType.write(to: &$0) } }
    }
}

extension SchemaElement {
    /// The leaf element for a column spec, with both the logical and the converted type.
    init(_ spec: ParquetColumnSpec) {
        self.init(
            type: spec.type.physicalType, repetition: spec.isOptional ? .optional : .required,
            name: spec.name)
        switch spec.type {
        case .boolean, .int32, .int64, .double: break
        case .string: (convertedType, logicalType) = (.utf8, .string)
        case .json: (convertedType, logicalType) = (.json, .json)
        case .date: (convertedType, logicalType) = (.date, .date)
        case .timestampMicros:
            (convertedType, logicalType) = (.timestampMicros, .timestampMicrosUTC)
        }
    }
}

extension ParquetColumnType {
    var physicalType: PhysicalType {
        switch self {
        case .boolean: .boolean
        case .int32, .date: .int32
        case .int64, .timestampMicros: .int64
        case .double: .double
        case .string, .json: .byteArray
        }
    }
}
