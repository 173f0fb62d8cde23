/// A field whose type the tracking plan declares, as the job passes it from the plan.
public struct DeclaredFieldType: Sendable, Equatable {
    /// The keys from the event's top level (`["properties", "shipping", "city"]`).
    public var sourcePath: [String]

    /// The JSON Schema `type` names (`["string", "null"]`); empty when the schema names none.
    public var typeNames: [String]

    /// The JSON Schema `format`, such as `date-time`.
    public var format: String?

    /// Whether the plan asks for an object at this path to stay one JSON column instead of
    /// being flattened (Segment's default, and Sluice's).
    public var keepsObjectWhole: Bool

    public init(
        sourcePath: [String], typeNames: [String], format: String? = nil,
        keepsObjectWhole: Bool = false
    ) {
        self.sourcePath = sourcePath
        self.typeNames = typeNames
        self.format = format
        self.keepsObjectWhole = keepsObjectWhole
    }

    /// The dotted paths of `fields` whose objects stay whole, to pass to `EventFlattener`
    /// as `keepingWhole` so the flattener and the schema agree.
    public static func pathsKeptWhole(_ fields: [DeclaredFieldType]) -> Set<String> {
        Set(fields.filter(\.keepsObjectWhole).map { SourcePath.dotted($0.sourcePath) })
    }

    /// The column type the declaration decides, or `nil` when it decides none and the
    /// column's type is inferred from the values:
    /// - `integer` → int64; `number`, or `integer` with `number` → double; `boolean` →
    ///   boolean; `string` → string, or timestamp with format `date-time`;
    /// - `array` → json; `object` → none (its members are flattened and typed one by one),
    ///   or json when `keepsObjectWhole`;
    /// - `null` is ignored, so `["string", "null"]` is string; no type names → none;
    /// - several other non-null types: json when one is `array` or `object`, else string.
    public var warehouseType: WarehouseType? {
        let names = Set(typeNames).subtracting(["null"])
        if keepsObjectWhole { return .json }
        switch names {
        case []: return nil
        case ["integer"]: return .int64
        case ["number"], ["integer", "number"]: return .double
        case ["boolean"]: return .boolean
        case ["string"]: return format == "date-time" ? .timestamp : .string
        case ["array"]: return .json
        case ["object"]: return nil
        default: return names.contains("array") || names.contains("object") ? .json : .string
        }
    }
}
