import SluiceParquet
import Testing

/// A named table to write and read back, with the options to write it under.
struct RoundTripCase: Sendable, CustomTestStringConvertible {
    var name: String
    var columns: [TestColumn]
    var options = ParquetWriterOptions(createdBy: "sluice version 0.1.0 (test)")
    /// Rows per `write` call.
    var batchRows = 10_000
    /// Calls `write` once with empty buffers even when the table has no rows.
    var writesEmptyBatch = false
    /// At least this many row groups must come out.
    var minimumRowGroups = 1

    var testDescription: String { name }
    var rowCount: Int { columns.first?.values.count ?? 0 }

    func with(_ change: (inout RoundTripCase) -> Void) -> RoundTripCase {
        var copy = self
        change(&copy)
        return copy
    }
}

/// Deterministic column builders for the case tables.
enum Tables {
    static let microsPerDay: Int64 = 86_400_000_000
    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z in microseconds.
    static let firstMicros: Int64 = -62_135_596_800_000_000
    static let lastMicros: Int64 = 253_402_300_799_999_999
    /// 0001-01-01 and 9999-12-31 in days.
    static let firstDay: Int32 = -719_162
    static let lastDay: Int32 = 2_932_896

    /// Every type, optional, with a different null pattern per column.
    static func allTypes(rows: Int) -> [TestColumn] {
        let names = ["page_view", "click", "signup", "purchase", "logout"]
        return [
            column("flag", .boolean, rows, nullEvery: 3) { .bool($0 % 2 == 0) },
            column("count", .int32, rows, nullEvery: 4) { .int32(Int32($0) - 7) },
            column("total", .int64, rows, nullEvery: 5) { .int64(Int64($0) * 1_000_003) },
            column("ratio", .double, rows, nullEvery: 6) { .double(Double($0) / 7) },
            column("event", .string, rows, nullEvery: 7) { .string(names[$0 % 5]) },
            column("properties", .json, rows, nullEvery: 8) { .string("{\"n\":\($0)}") },
            column("received_at", .timestampMicros, rows, nullEvery: 9) {
                .int64(1_700_000_000_000_000 + Int64($0) * 1_000)
            },
            column("day", .date, rows, nullEvery: 10) { .int32(19_000 + Int32($0 % 400)) },
        ]
    }

    /// A column whose row `i` is `value(i)`, or null when `i % nullEvery == nullEvery - 2`.
    static func column(
        _ name: String, _ type: ParquetColumnType, _ rows: Int, nullEvery: Int,
        _ value: (Int) -> TestValue
    ) -> TestColumn {
        let values: [TestValue?] = (0..<rows).map { row in
            row % nullEvery == nullEvery - 2 ? nil : value(row)
        }
        return TestColumn(name, type, values)
    }
}

/// SplitMix64: a tiny seeded generator so random cases are the same on every run.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
