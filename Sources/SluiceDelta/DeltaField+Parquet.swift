// Delta Transaction Log Protocol, "Primitive Types": how SluiceParquet's column types map to
// Delta's. JSON columns are Delta strings (Delta has no JSON type; the Parquet annotation
// stays in the data file).
import SluiceParquet

extension DeltaType {
    /// The Delta type of a Parquet column, or `nil` for types this writer does not put into
    /// tables (`int32` and `date` need `integer` and `date`, which it does not write).
    public init?(_ parquetType: ParquetColumnType) {
        switch parquetType {
        case .boolean: self = .boolean
        case .int64: self = .long
        case .double: self = .double
        case .string, .json: self = .string
        case .timestampMicros: self = .timestamp
        case .int32, .date: return nil
        }
    }
}

extension DeltaField {
    /// The field for a Parquet data column; `nil` when its type has no Delta counterpart here.
    public init?(_ column: ParquetColumnSpec) {
        guard let type = DeltaType(column.type) else { return nil }
        self.init(name: column.name, type: type, nullable: column.isOptional)
    }
}
