/// One column of a warehouse table, as its schema remembers it from run to run.
public struct WarehouseColumn: Sendable, Equatable {
    /// Why a column exists; the raw values are written into `_schema.json`.
    public enum Origin: String, Sendable, Equatable, Codable {
        /// One of the table kind's `StandardColumns`.
        case standard
        /// A field whose type the tracking plan declared when the column was added.
        case declared
        /// A field whose type was inferred from the values of the run that added it.
        case inferred
    }

    /// The column name, unique within the table.
    public var name: String

    public var type: WarehouseType

    /// The dotted source paths whose values this column holds (`properties.shipping.city`,
    /// see `SourcePath`); one per column as Sluice builds them, a list so that a future
    /// merge rule needs no format change.
    public var sourcePaths: [String]

    public var origin: Origin

    /// The run that added the column; `nil` in schemas written before runs were recorded.
    public var addedInRun: String?

    public init(
        name: String, type: WarehouseType, sourcePaths: [String], origin: Origin,
        addedInRun: String?
    ) {
        self.name = name
        self.type = type
        self.sourcePaths = sourcePaths
        self.origin = origin
        self.addedInRun = addedInRun
    }
}
