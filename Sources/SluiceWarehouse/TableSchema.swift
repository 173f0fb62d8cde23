/// The columns of one warehouse table, in file order, as persisted between runs.
///
/// The job stores it as `OUT/<table>/_schema.json` (see `jsonText()` and
/// `decode(jsonText:)`) and hands it to the next run's `TableSchemaBuilder`, which only
/// appends columns or, when allowed, widens types: a column never disappears and never
/// moves.
public struct TableSchema: Sendable, Equatable {
    /// The version of the JSON layout `jsonText()` writes; `decode` refuses others.
    public static let formatVersion = 1

    public var table: String

    public var kind: TableKind

    public var columns: [WarehouseColumn]

    public init(table: String, kind: TableKind, columns: [WarehouseColumn]) {
        self.table = table
        self.kind = kind
        self.columns = columns
    }

    /// The index of the column named `name`.
    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }
}
