/// One schema evolution note of a run, for the manifest.
public enum SchemaChange: Sendable, Equatable {
    /// A column was appended at the end of the table.
    case columnAdded(column: String, type: WarehouseType, sourcePath: String)

    /// Tonight's values (or the plan) ask for `wanted`, which the established column type
    /// does not hold; the column keeps `established` and values that do not fit are
    /// discarded. Widening was not allowed or is not possible along int64 → double → string.
    case typeKept(column: String, established: WarehouseType, wanted: WarehouseType)

    /// The column was widened as the caller allowed; the job records the migration of the
    /// files already written.
    case typeWidened(column: String, from: WarehouseType, to: WarehouseType)

    /// A stable code for the kind of change.
    public var code: String {
        switch self {
        case .columnAdded: return "column_added"
        case .typeKept: return "type_kept"
        case .typeWidened: return "type_widened"
        }
    }

    /// The column the change concerns.
    public var column: String {
        switch self {
        case .columnAdded(let column, _, _), .typeKept(let column, _, _),
            .typeWidened(let column, _, _):
            return column
        }
    }
}
