// parquet-format LogicalTypes.md "Nested Types": a MAP is a group annotated MAP holding one
// repeated group `key_value` of a required `key` and a `value`; a LIST is a group annotated
// LIST holding one repeated group `list` with one field `element`. Definition and
// repetition levels follow the Dremel scheme of parquet-format README "Nested Encoding".

/// A node of a nested Parquet schema: a leaf column or a group of nodes.
indirect enum NestedNode: Sendable {
    case leaf(String, NestedLeafType, NestedRepetition)
    case group(String, NestedRepetition, NestedGroupAnnotation?, [NestedNode])

    var name: String {
        switch self {
        case .leaf(let name, _, _), .group(let name, _, _, _): return name
        }
    }

    var repetition: NestedRepetition {
        switch self {
        case .leaf(_, _, let repetition), .group(_, let repetition, _, _): return repetition
        }
    }

    /// A required or optional map<string, string> (values optional, as Delta writes them).
    static func stringMap(_ name: String, _ repetition: NestedRepetition) -> NestedNode {
        .group(
            name, repetition, .map,
            [
                .group(
                    "key_value", .repeated, nil,
                    [.leaf("key", .string, .required), .leaf("value", .string, .optional)])
            ])
    }

    /// A required list<string> with required elements.
    static func stringList(_ name: String) -> NestedNode {
        .group(
            name, .required, .list,
            [.group("list", .repeated, nil, [.leaf("element", .string, .required)])])
    }
}

enum NestedLeafType: Sendable {
    case boolean
    case int32
    case int64
    /// BYTE_ARRAY annotated STRING.
    case string
}

enum NestedRepetition: Int32, Sendable {
    case required = 0
    case optional = 1
    case repeated = 2
}

enum NestedGroupAnnotation: Sendable {
    case map
    case list
}

/// A value for a node: `group` for a group (one value per child), `list` for the elements
/// of a repeated node, `null` for an absent optional node.
enum NestedValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case string(String)
    case group([NestedValue])
    case list([NestedValue])

    /// An optional string: `null` when absent.
    static func optional(_ text: String?) -> NestedValue { text.map(NestedValue.string) ?? .null }

    static func optional(_ number: Int64?) -> NestedValue { number.map(NestedValue.int64) ?? .null }

    /// A map<string, string> value.
    static func map(_ pairs: [(String, String)]) -> NestedValue {
        .group([.list(pairs.map { .group([.string($0.0), .string($0.1)]) })])
    }

    /// A list<string> value.
    static func list(_ elements: [String]) -> NestedValue {
        .group([.list(elements.map { .group([.string($0)]) })])
    }
}
