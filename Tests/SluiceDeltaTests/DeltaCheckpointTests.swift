import Foundation
import SluiceDelta
import SluiceJSON
import Testing

/// Parquet checkpoints every ten commits, read by deltalake even when the JSON commits
/// before them are gone.
@Suite struct DeltaCheckpointTests {
    static let commitCount = 25

    /// Commit v adds `part-v.parquet` (row id v); every fifth commit also removes the
    /// previous commit's file, so live files and tombstones both reach the checkpoints.
    static func buildTable(_ fixture: DeltaFixture) throws -> (table: DeltaTable, live: [Int64]) {
        let table = DeltaTable(root: fixture.root)
        var live: [Int64] = []
        for version in 0..<Int64(commitCount) {
            let row = EventRow(
                id: version, name: "e\(version)", score: 1, active: true, at: version, payload: "{}"
            )
            let file = try fixture.writeFile(
                "part-\(version).parquet", day: "2026-11-\(10 + version % 3)", rows: [row])
            let removes = version % 5 == 4 ? [try #require(table.snapshot()?.files.last?.path)] : []
            if !removes.isEmpty { live.removeLast() }

            let written = try table.commit(
                schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [file],
                removes: removes,
                runId: "run-\(version)", batch: "nightly", txnVersion: version)
            #expect(written == version)
            #expect(table.lastCheckpointFailure == nil)
            live.append(version)
        }
        return (table, live)
    }

    static func ids(_ seen: JSONValue) -> [Int64] {
        (seen["rows"]?.arrayValue ?? []).compactMap { $0["id"]?.int }.sorted()
    }

    @Test func checkpointsAtTenAndTwenty() throws {
        let fixture = try DeltaFixture()
        let (_, live) = try Self.buildTable(fixture)

        let names = try fixture.logFileNames()
        #expect(
            names.filter { $0.contains("checkpoint.parquet") } == [
                "00000000000000000010.checkpoint.parquet",
                "00000000000000000020.checkpoint.parquet",
            ])
        #expect(!names.contains { $0.hasPrefix(".") }, "temporary files left: \(names)")
        let pointer = try JSONParser().parse(
            Array(
                try Data(
                    contentsOf: URL(fileURLWithPath: fixture.root + "/_delta_log/_last_checkpoint"))
            ))
        #expect(pointer["version"]?.int == 20)
        #expect(pointer["numOfAddFiles"]?.int == 17)  // 21 adds up to version 20, 4 removed

        let seen = try DeltaReader.read(fixture.root, appIds: ["sluice:nightly"])
        #expect(seen["version"]?.int == 24)
        #expect(Self.ids(seen) == live)
        #expect(seen["transactions"]?["sluice:nightly"]?.int == 24)
    }

    /// With commits 0...19 deleted, only checkpoint 20 can supply the state.
    @Test func deltaLakeReadsFromTheLatestCheckpoint() throws {
        let fixture = try DeltaFixture()
        let (_, live) = try Self.buildTable(fixture)
        let copy = try fixture.copy(named: "from-20")
        for version in 0..<20 {
            try fixture.removeLogFile(String(format: "%020d.json", version), in: copy)
        }

        let seen = try DeltaReader.read(copy, appIds: ["sluice:nightly"])
        #expect(seen["version"]?.int == 24)
        #expect(Self.ids(seen) == live)
        #expect(seen["files"]?.arrayValue?.count == live.count)
        #expect(seen["partitionColumns"]?.strings == ["day"])
        #expect(seen["transactions"]?["sluice:nightly"]?.int == 24)
        #expect(seen["polarsViaArrowRowCount"]?.int == Int64(live.count))
        let error = try #require(throws: DeltaError.self) { try DeltaTable(root: copy).snapshot() }
        #expect(error.code == .missingCommits)
    }

    /// With commits 0...9 and checkpoint 20 deleted, checkpoint 10 supplies versions 10 on.
    @Test func deltaLakeReadsFromTheFirstCheckpoint() throws {
        let fixture = try DeltaFixture()
        let (_, live) = try Self.buildTable(fixture)
        let copy = try fixture.copy(named: "from-10")
        for version in 0..<10 {
            try fixture.removeLogFile(String(format: "%020d.json", version), in: copy)
        }
        try fixture.removeLogFile("00000000000000000020.checkpoint.parquet", in: copy)
        try #"{"version":10,"size":1}"#.write(
            toFile: copy + "/_delta_log/_last_checkpoint", atomically: true, encoding: .utf8)

        #expect(Self.ids(try DeltaReader.read(copy)) == live)
        let atFifteen = try DeltaReader.read(copy, version: 15)
        #expect(atFifteen["version"]?.int == 15)
        #expect(Self.ids(atFifteen) == [0, 1, 2, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15])
    }

    @Test func checkpointRowsAreOneActionEach() throws {
        let fixture = try DeltaFixture()
        _ = try Self.buildTable(fixture)

        let seen = try DeltaReader.readCheckpoint(
            fixture.root + "/_delta_log/00000000000000000010.checkpoint.parquet")
        #expect(seen["columns"]?.strings == ["txn", "add", "remove", "metaData", "protocol"])
        #expect(seen["compression"]?.stringValue == "ZSTD")
        let rows = try #require(seen["rows"]?.arrayValue)
        let adds = rows.compactMap { $0["add"]?.objectValue }
        let removes = rows.compactMap { $0["remove"]?.objectValue }
        #expect(adds.count == 9)
        #expect(
            removes.map { $0["path"]?.stringValue } == [
                "day=2026-11-10/part-3.parquet", "day=2026-11-12/part-8.parquet",
            ])
        #expect(rows.allSatisfy { row in row.objectValue?.values.filter { !$0.isNull }.count == 1 })

        let first = adds.first { $0["path"]?.stringValue == "day=2026-11-10/part-0.parquet" }
        let add = try #require(first)
        #expect(add["partitionValues"]?["day"]?.stringValue == "2026-11-10")
        #expect(add["stats"]?.stringValue?.hasPrefix(#"{"numRecords":1,"#) == true)
        let metadatas = rows.compactMap { $0["metaData"]?.objectValue }
        let metadata = try #require(metadatas.first)
        #expect(metadata["partitionColumns"]?.strings == ["day"])
        #expect(metadata["format"]?["provider"]?.stringValue == "parquet")
        let protocols = rows.compactMap { $0["protocol"]?.objectValue }
        let protocolAction = try #require(protocols.first)
        #expect(protocolAction["minWriterVersion"]?.int == 2)
        #expect(rows.compactMap { $0["txn"]?["version"]?.int } == [10])
    }
}
