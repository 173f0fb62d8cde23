// parquet-format LogicalTypes.md "Nested Types": a MAP is a group annotated MAP holding one
// repeated group `key_value` of a required `key` and a `value`; a LIST is a group annotated
// LIST holding one repeated group `list` with one field `element`.

/// A node of a nested schema: a leaf column or a group of nodes.
public indirect enum ParquetNestedNode: Sendable {
    case leaf(String, ParquetNestedLeafType, ParquetRepetition)
    case group(String, ParquetRepetition, ParquetGroupAnnotation?, [ParquetNestedNode])

    public var name: String {
        switch self {
        case .leaf(let name, _, _), .group(let name, _, _, _): return name
        }
    }

    public var repetition: ParquetRepetition {
        switch self {
        case .leaf(_, _, let repetition), .group(_, let repetition, _, _): return repetition
        }
    }

    /// A map<string, string> with optional values, as Delta Lake and Spark write them.
    public static func stringMap(_ name: String, _ repetition: ParquetRepetition) -> Self {
        let entry = Self.group(
            "key_value", .repeated, nil,
            [.leaf("key", .string, .required), .leaf("value", .string, .optional)])
        return .group(name, repetition, .map, [entry])
    }

    /// A required list<string> with required elements.
    public static func stringList(_ name: String) -> Self {
        let element = Self.group("list", .repeated, nil, [.leaf("element", .string, .required)])
        return .group(name, .required, .list, [element])
    }

    /// Leaf columns below this node.
    var leafCount: Int {
        switch self {
        case .leaf: return 1
        case .group(_, _, _, let children): return children.reduce(0) { $0 + $1.leafCount }
        }
    }
}

/// The leaf types of nested schemas (a subset of `ParquetColumnType`).
public enum ParquetNestedLeafType: Sendable, Hashable {
    case boolean
    case int32
    case int64
    /// BYTE_ARRAY annotated STRING.
    case string

    var physicalType: PhysicalType {
        switch self {
        case .boolean: .boolean
        case .int32: .int32
        case .int64: .int64
        case .string: .byteArray
        }
    }
}

/// parquet.thrift `FieldRepetitionType`, repeated included.
public enum ParquetRepetition: Int32, Sendable {
    case required = 0
    case optional = 1
    case repeated = 2
}

/// The logical annotation of a group.
public enum ParquetGroupAnnotation: Sendable {
    case map
    case list
}
