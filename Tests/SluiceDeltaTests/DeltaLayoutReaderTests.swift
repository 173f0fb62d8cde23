import Foundation
import SluiceDelta
import SluiceJSON
import Testing

/// Partition layouts and checkpoint contents beyond the nightly day-partitioned case.
@Suite struct DeltaLayoutReaderTests {
    static let row = EventRow(id: 1, name: "a", score: 1, active: true, at: 0, payload: "{}")

    struct Layout: CustomTestStringConvertible, Sendable {
        var name: String
        var partitionColumns: [String]
        var testDescription: String { name }
    }

    /// Two commits with `checkpointInterval` 1, then the first JSON commit deleted: the
    /// reader must take the schema, partitioning and files from checkpoint 1.
    @Test(arguments: [
        Layout(name: "unpartitioned", partitionColumns: []),
        Layout(name: "day and hour", partitionColumns: ["day", "hr"]),
    ])
    func checkpointCarriesThePartitionLayout(_ layout: Layout) throws {
        let fixture = try DeltaFixture()
        let table = DeltaTable(root: fixture.root, checkpointInterval: 1)
        var schema = DeltaFixture.schema.filter { $0.name != "day" }
        schema += layout.partitionColumns.map { DeltaField(name: $0, type: .string) }

        var paths: [String] = []
        for run in 0..<2 {
            let values = layout.partitionColumns.map {
                ($0, $0 == "day" ? "2026-11-30" : "0\(run)")
            }
            let folder = values.map { "\($0.0)=\($0.1)/" }.joined()
            let add = try fixture.writeFile(
                "part-\(run).parquet", folder: folder, partitionValues: values, rows: [Self.row],
                columns: schema)
            paths.append(add.path)
            try table.commit(
                schema: schema, partitionColumns: layout.partitionColumns, adds: [add], removes: [],
                runId: "r\(run)", batch: "b", txnVersion: Int64(run))
            #expect(table.lastCheckpointFailure == nil)
        }
        try fixture.removeLogFile("00000000000000000000.json")

        let seen = try DeltaReader.read(fixture.root)
        #expect(seen["version"]?.int == 1)
        #expect(seen["partitionColumns"]?.strings == layout.partitionColumns)
        #expect(seen["files"]?.strings == paths)
        let rows = try #require(seen["rows"]?.arrayValue)
        #expect(rows.count == 2)
        if layout.partitionColumns.contains("hr") {
            #expect(rows.compactMap { $0["hr"]?.stringValue }.sorted() == ["00", "01"])
        }
    }

    /// Removed files stay in checkpoints only while their tombstone retention lasts.
    @Test(arguments: [(Int64(0), 0), (DeltaTable.defaultTombstoneRetention, 1)])
    func tombstonesExpireFromCheckpoints(retention: Int64, expected: Int) throws {
        let fixture = try DeltaFixture()
        let table = DeltaTable(
            root: fixture.root, checkpointInterval: 1, tombstoneRetention: retention)
        let first = try fixture.writeFile("part-0.parquet", day: "2026-11-30", rows: [Self.row])
        try table.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [first], removes: [],
            runId: "r0", batch: "b", txnVersion: 0)
        let second = try fixture.writeFile("part-1.parquet", day: "2026-11-30", rows: [Self.row])
        try table.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [second],
            removes: [first.path],
            runId: "r1", batch: "b", txnVersion: 1)

        let seen = try DeltaReader.readCheckpoint(
            fixture.root + "/_delta_log/00000000000000000001.checkpoint.parquet")
        let removes = seen["rows"]?.arrayValue?.filter { $0["remove"]?.isNull == false }
        #expect(removes?.count == expected)
        #expect(seen["duckdbAddPaths"]?.strings == [second.path])
        #expect(seen["duckdbRowCount"]?.int == Int64(4 + expected))
    }

    /// A second instance's commits are picked up by the first instance's next snapshot.
    @Test func snapshotSeesCommitsOfOtherInstances() throws {
        let fixture = try DeltaFixture()
        let mine = DeltaTable(root: fixture.root)
        let theirs = DeltaTable(root: fixture.root)
        let first = try fixture.writeFile("part-0.parquet", day: "2026-11-30", rows: [Self.row])
        try mine.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [first], removes: [],
            runId: "r0", batch: "b", txnVersion: 0)
        #expect(try mine.snapshot()?.version == 0)

        let second = try fixture.writeFile("part-1.parquet", day: "2026-11-30", rows: [Self.row])
        try theirs.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [second], removes: [],
            runId: "r1", batch: "b", txnVersion: 1)
        let snapshot = try #require(try mine.snapshot())
        #expect(snapshot.version == 1)
        #expect(snapshot.files.map(\.path) == [first.path, second.path])
        #expect(snapshot.transactions["sluice:b"] == 1)
    }
}
