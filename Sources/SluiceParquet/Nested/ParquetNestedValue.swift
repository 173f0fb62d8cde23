/// A value for one node of a nested schema: `group` for a group (one value per child, in
/// order), `list` for the elements of a repeated node, `null` for an absent optional node.
public enum ParquetNestedValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case string(String)
    case group([ParquetNestedValue])
    case list([ParquetNestedValue])

    /// A string, or `null` when absent.
    public static func optional(_ text: String?) -> Self { text.map(Self.string) ?? .null }

    /// An int64, or `null` when absent.
    public static func optional(_ number: Int64?) -> Self { number.map(Self.int64) ?? .null }

    /// The value of a `stringMap` node.
    public static func map(_ pairs: [(String, String)]) -> Self {
        .group([.list(pairs.map { .group([.string($0.0), .string($0.1)]) })])
    }

    /// The value of a `stringList` node.
    public static func list(_ elements: [String]) -> Self {
        .group([.list(elements.map { .group([.string($0)]) })])
    }
}
