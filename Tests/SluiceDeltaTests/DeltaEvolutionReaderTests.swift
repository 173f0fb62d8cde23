import Foundation
import SluiceDelta
import SluiceJSON
import Testing

/// Later commits (replacing files, adding a column) read back by deltalake.
@Suite struct DeltaEvolutionReaderTests {
    static let rows = [EventRow(id: 1, name: "a", score: 1, active: true, at: 0, payload: "{}")]

    @Test func replacedFileIsNoLongerRead() throws {
        let fixture = try DeltaFixture()
        let table = DeltaTable(root: fixture.root)
        let first = try fixture.writeFile("part-r1-0.parquet", day: "2026-11-30", rows: Self.rows)
        try table.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [first], removes: [],
            runId: "r1", batch: "b", txnVersion: 1)

        let rows =
            [EventRow(id: 7, name: "b", score: nil, active: nil, at: nil, payload: nil)] + Self.rows
        let second = try fixture.writeFile("part-r2-0.parquet", day: "2026-11-30", rows: rows)
        let version = try table.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [second],
            removes: [first.path], runId: "r2", batch: "b", txnVersion: 2)
        #expect(version == 1)

        let seen = try DeltaReader.read(fixture.root, appIds: ["sluice:b"])
        #expect(seen["version"]?.int == 1)
        #expect(seen["files"]?.strings == ["day=2026-11-30/part-r2-0.parquet"])
        #expect(seen["rows"]?.arrayValue?.compactMap { $0["id"]?.int }.sorted() == [1, 7])
        #expect(seen["transactions"]?["sluice:b"]?.int == 2)
        #expect(seen["history"]?.arrayValue?.first?["sluiceRunId"]?.stringValue == "r2")

        let before = try DeltaReader.read(fixture.root, version: 0)
        #expect(before["files"]?.strings == ["day=2026-11-30/part-r1-0.parquet"])
    }

    @Test func appendedColumnReadsAsNullInOlderFiles() throws {
        let fixture = try DeltaFixture()
        let table = DeltaTable(root: fixture.root)
        let first = try fixture.writeFile("part-r1-0.parquet", day: "2026-11-30", rows: Self.rows)
        try table.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [first], removes: [],
            runId: "r1", batch: "b", txnVersion: 1)

        let wider = DeltaFixture.schema + [DeltaField(name: "coupon", type: .string)]
        let second = try fixture.writeFile(
            "part-r2-0.parquet", day: "2026-12-01",
            rows: [EventRow(id: 2, name: "c", score: 2, active: false, at: 5, payload: "[]")],
            columns: wider)
        try table.commit(
            schema: wider, partitionColumns: ["day"], adds: [second], removes: [], runId: "r2",
            batch: "b", txnVersion: 2)

        let seen = try DeltaReader.read(fixture.root)
        #expect(seen["schema"]?.arrayValue?.last?.arrayValue?.first?.stringValue == "coupon")
        let rows = try #require(seen["rows"]?.arrayValue)
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0["coupon"]?.isNull == true })

        let log = try String(
            contentsOfFile: fixture.root + "/_delta_log/00000000000000000001.json", encoding: .utf8)
        #expect(log.contains(#"{"metaData":"#))
        #expect(!log.contains(#"{"protocol":"#))
        #expect(try table.snapshot()?.tableId == (seen["tableId"]?.stringValue ?? ""))
    }

    /// Paths with characters outside the URI-safe set are percent-encoded in the log and
    /// found by the reader under their real names.
    @Test func pathWithSpacesAndColonsIsFound() throws {
        let fixture = try DeltaFixture()
        let table = DeltaTable(root: fixture.root)
        let file = try fixture.writeFile("part r1:0 é.parquet", day: "2026-11-30", rows: Self.rows)
        try table.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [file], removes: [],
            runId: "r1", batch: "b", txnVersion: 1)

        let seen = try DeltaReader.read(fixture.root)
        #expect(seen["files"]?.strings == ["day=2026-11-30/part r1:0 é.parquet"])
        #expect(seen["rows"]?.arrayValue?.count == 1)
        #expect(try table.snapshot()?.containsFile("day=2026-11-30/part r1:0 é.parquet") == true)
    }
}
