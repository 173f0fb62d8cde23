import SluiceParquet
import Testing

@testable import SluiceJob

/// A row group's column is gathered whole on one table thread, so row groups shrink as the
/// widest column's values grow: a thread holds about the writer's row group target at most.
@Suite struct RowGroupSizeTests {
    static let target = ParquetWriterOptions.defaultRowGroupTargetBytes

    @Test func narrowColumnsGetTheLongestRowGroups() {
        let rows = TableStage.rowsPerRowGroup(columnBytes: [8_000, 16_000], runRows: 1_000)
        #expect(rows == TableStage.maximumRowsPerRowGroup)
        #expect(TableStage.rowsPerRowGroup(columnBytes: [], runRows: 0) == rows)
    }

    @Test func theWidestColumnSetsTheRows() {
        // 2 KiB of JSON a row in one column, 8 bytes in the other.
        let rows = TableStage.rowsPerRowGroup(columnBytes: [8_000, 2_048_000], runRows: 1_000)
        #expect(rows == Self.target / 2_048)
        #expect(rows * 2_048 <= Self.target)
    }

    @Test func aValueOverTheTargetStillGetsItsRow() {
        let rows = TableStage.rowsPerRowGroup(columnBytes: [Self.target * 4], runRows: 2)
        #expect(rows == 1)
    }
}
