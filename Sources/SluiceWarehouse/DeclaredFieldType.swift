/// A field whose type the tracking plan declares, as the job passes it from the plan.
public struct DeclaredFieldType: Sendable, Equatable {
    /// The keys from the event's top level (`["properties", "shipping", "city"]`).
    public var sourcePath: [String]

    /// The JSON Schema `type` names (`["string", "null"]`); empty when the schema names none.
    public var typeNames: [String]

    /// The JSON Schema `format`, such as `date-time`.
    public var format: String?

    public init(sourcePath: [String], typeNames: [String], format: String? = nil) {
        self.sourcePath = sourcePath
        self.typeNames = typeNames
        self.format = format
    }

    /// The column type the declaration decides, or `nil` when it decides none and the
    /// column's type is inferred from the values:
    /// - `integer` → int64; `number`, or `integer` with `number` → double; `boolean` →
    ///   boolean; `string` → string, or timestamp with format `date-time`;
    /// - `array` → json; `object` → none (its members are flattened and typed one by one);
    /// - `null` is ignored, so `["string", "null"]` is string; no type names → none;
    /// - several other non-null types: json when one is `array` or `object`, else string.
    public var warehouseType: WarehouseType? {
        let names = Set(typeNames).subtracting(["null"])
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
