import SluiceWarehouse

extension SchemaChange {
    /// The change as the manifest's `schema_changes` spells it after the table name: exactly
    /// the text of `"\(change)"` (Swift's default description of the enum, e.g.
    /// `columnAdded(column: "id", type: SluiceWarehouse.WarehouseType.string, sourcePath:
    /// "messageId")`), built directly. The default description is found by reflection, at
    /// about 110,000 instructions a change: over 1% of a run that adds a thousand columns.
    var manifestText: String {
        switch self {
        case .columnAdded(let column, let type, let sourcePath):
            return "columnAdded(column: \(column.debugDescription), type: \(type.reflectedName), "
                + "sourcePath: \(sourcePath.debugDescription))"
        case .typeKept(let column, let established, let wanted):
            return "typeKept(column: \(column.debugDescription), established: "
                + "\(established.reflectedName), wanted: \(wanted.reflectedName))"
        case .typeWidened(let column, let from, let to):
            return "typeWidened(column: \(column.debugDescription), from: \(from.reflectedName), "
                + "to: \(to.reflectedName))"
        }
    }
}

extension WarehouseType {
    /// `String(reflecting: self)`, e.g. `SluiceWarehouse.WarehouseType.string`.
    fileprivate var reflectedName: String { Self.reflectedNames[self]! }

    private static let reflectedNames = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0, String(reflecting: $0)) })
}
