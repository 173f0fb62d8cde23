import SluiceDelta
import SluiceParquet
import Testing

/// Parquet column types as Delta schema fields, and the schema string readers parse.
@Suite struct DeltaFieldTests {
    @Test(arguments: [
        (ParquetColumnType.boolean, DeltaType.boolean), (.int64, .long), (.double, .double),
        (.string, .string), (.json, .string), (.timestampMicros, .timestamp),
    ])
    func parquetTypesMapToDeltaTypes(_ parquet: ParquetColumnType, _ delta: DeltaType) {
        #expect(DeltaType(parquet) == delta)
    }

    @Test(arguments: [ParquetColumnType.int32, .date])
    func typesWithoutCounterpartAreRefused(_ parquet: ParquetColumnType) {
        #expect(DeltaType(parquet) == nil)
    }

    @Test func fieldKeepsNameAndNullability() {
        let field = DeltaField(
            ParquetColumnSpec(name: "messageId", type: .string, isOptional: false))
        #expect(field == DeltaField(name: "messageId", type: .string, nullable: false))
    }
}
