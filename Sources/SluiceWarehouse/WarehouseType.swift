/// The type of one warehouse column, independent of the file format that stores it.
///
/// The job maps each case to a Parquet column type (`boolean` → BOOLEAN, `int64` → INT64,
/// `double` → DOUBLE, `string` → BYTE_ARRAY UTF8, `json` → BYTE_ARRAY JSON, `timestamp` →
/// INT64 TIMESTAMP(MICROS, UTC)); this stage knows nothing of Parquet. The raw values are the
/// names written into `_schema.json`, so they never change.
public enum WarehouseType: String, Sendable, Codable, CaseIterable {
    case boolean
    case int64
    case double
    case string
    case json
    case timestamp
}

extension WarehouseType {
    /// Whether a column of this type may be widened to `wider` when the caller allows
    /// widening: only along int64 → double → string, the chain where every old value has an
    /// exact or textual representation in the new type.
    public func canWiden(to wider: WarehouseType) -> Bool {
        switch (self, wider) {
        case (.int64, .double), (.int64, .string), (.double, .string): return true
        default: return false
        }
    }
}
