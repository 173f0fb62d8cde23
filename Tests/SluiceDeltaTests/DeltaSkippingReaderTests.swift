import Foundation
import SluiceDelta
import SluiceJSON
import Testing

/// Readers skip files whose statistics rule a predicate out (pyarrow and polars do on
/// timestamp and long bounds), so bounds that are too narrow lose rows here.
///
/// String bounds are not checked this way: deltalake and polars do not skip on a maximum
/// that is a prefix of the literal, so a wrongly cut string maximum would pass unnoticed;
/// `DeltaStatisticsTests` pins the string bounds instead.
@Suite struct DeltaSkippingReaderTests {
    static let rows = [
        EventRow(
            id: 1, name: "a", score: 2.5, active: true, at: DeltaCommitReaderTests.early,
            payload: "{}"),
        EventRow(
            id: 2, name: "b", score: -1, active: false, at: DeltaCommitReaderTests.late,
            payload: nil),
    ]

    struct Predicate: CustomTestStringConvertible, Sendable {
        var column: String
        var op: String
        var value: String
        var matches: Int64
        var testDescription: String { "\(column) \(op) \(value)" }
    }

    static let predicates = [
        // Both timestamps have microseconds inside their millisecond.
        Predicate(column: "at", op: "<=", value: "2026-11-30T05:06:07.123456Z", matches: 1),
        Predicate(column: "at", op: ">=", value: "2026-11-30T23:59:59.999001Z", matches: 1),
        Predicate(column: "id", op: "=", value: "2", matches: 1),
        Predicate(column: "id", op: "<=", value: "1", matches: 1),
    ]

    @Test func everyMatchingRowSurvivesSkipping() throws {
        let fixture = try DeltaFixture(payloadType: .string)
        let file = try fixture.writeFile("part-0.parquet", day: "2026-11-30", rows: Self.rows)
        try DeltaTable(root: fixture.root).commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [file], removes: [],
            runId: "r", batch: "b", txnVersion: 1)

        let seen = try DeltaReader.read(
            fixture.root, countWhere: Self.predicates.map { ($0.column, $0.op, $0.value) })
        let counts = try #require(seen["counts"]?.arrayValue)
        #expect(counts.count == Self.predicates.count)
        for (predicate, count) in zip(Self.predicates, counts) {
            #expect(count["pyarrow"]?.int == predicate.matches, "pyarrow: \(predicate)")
            #expect(count["polars"]?.int == predicate.matches, "polars: \(predicate)")
        }
    }
}
