import Foundation
import SluiceDelta
import SluiceJSON
import Testing

/// Commits read back by an independent reader: deltalake (delta-rs) and polars.
@Suite struct DeltaCommitReaderTests {
    /// 2026-11-30T05:06:07.123456Z and 2026-11-30T23:59:59.999001Z in microseconds.
    static let early: Int64 = 1_796_015_167_123_456
    static let late: Int64 = 1_796_083_199_999_001

    static let novemberRows = [
        EventRow(
            id: 1, name: "Order Completed", score: 2.5, active: true, at: early,
            payload: #"{"a":1}"#),
        EventRow(id: 2, name: nil, score: -1.0, active: false, at: late, payload: nil),
        EventRow(id: 3, name: "Cart Viewed", score: nil, active: nil, at: nil, payload: "[1,2]"),
    ]

    static let decemberRows = [
        EventRow(
            id: 4, name: "Signed Up", score: 0.0, active: true, at: late + 60_000_000, payload: "{}"
        )
    ]

    func firstCommit(_ fixture: DeltaFixture, table: DeltaTable) throws -> [DeltaAddFile] {
        let november = try fixture.writeFile(
            "part-r1-0.parquet", day: "2026-11-30", rows: Self.novemberRows)
        let december = try fixture.writeFile(
            "part-r1-1.parquet", day: "2026-12-01", rows: Self.decemberRows)
        let version = try table.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [november, december],
            removes: [], runId: "run-1", batch: "nightly", txnVersion: 1)
        #expect(version == 0)
        return [november, december]
    }

    @Test func firstCommitIsReadByDeltaLakeAndPolars() throws {
        let fixture = try DeltaFixture()
        let table = DeltaTable(root: fixture.root)
        _ = try firstCommit(fixture, table: table)

        let seen = try DeltaReader.read(fixture.root, appIds: ["sluice:nightly", "sluice:other"])
        #expect(seen["version"]?.int == 0)
        #expect(
            seen["files"]?.strings == [
                "day=2026-11-30/part-r1-0.parquet", "day=2026-12-01/part-r1-1.parquet",
            ])
        #expect(seen["partitionColumns"]?.strings == ["day"])
        #expect(seen["protocol"]?.arrayValue?.compactMap(\.int) == [1, 2])
        let schema = seen["schema"]?.arrayValue?.map { $0.arrayValue?.first?.stringValue ?? "" }
        #expect(schema == DeltaFixture.schema.map(\.name))
        let types = seen["schema"]?.arrayValue?.map { $0.arrayValue?[1].stringValue ?? "" }
        #expect(types == DeltaFixture.schema.map(\.type.rawValue))

        #expect(seen["transactions"]?["sluice:nightly"]?.int == 1)
        #expect(seen["transactions"]?["sluice:other"]?.isNull == true)
        #expect(seen["polarsViaArrowRowCount"]?.int == 4)
        let commit = try #require(seen["history"]?.arrayValue?.first)
        #expect(commit["operation"]?.stringValue == "WRITE")
        #expect(commit["sluiceRunId"]?.stringValue == "run-1")
        #expect(commit["sluiceBatch"]?.stringValue == "nightly")
        #expect(commit["engineInfo"]?.stringValue == DeltaTable.defaultEngineInfo)
    }

    /// polars' native reader needs string columns annotated STRING, not JSON.
    @Test func polarsNativeReaderReadsStringAnnotatedPayloads() throws {
        let fixture = try DeltaFixture(payloadType: .string)
        _ = try firstCommit(fixture, table: DeltaTable(root: fixture.root))

        let polars = try DeltaReader.read(fixture.root)["polars"]
        #expect(polars?["error"] == nil)
        #expect(polars?["rowCount"]?.int == 4)
        #expect(polars?["columns"]?.strings == DeltaFixture.schema.map(\.name))
    }

    @Test func rowsReadBackWithTheirValues() throws {
        let fixture = try DeltaFixture()
        _ = try firstCommit(fixture, table: DeltaTable(root: fixture.root))

        let rows = try #require(try DeltaReader.read(fixture.root)["rows"]?.arrayValue)
        #expect(rows.count == 4)
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"]?.int ?? -1, $0) })
        #expect(byId[1]?["name"]?.stringValue == "Order Completed")
        #expect(byId[1]?["at"]?.stringValue == "2026-11-30T05:06:07.123456Z")
        #expect(byId[1]?["payload"]?.stringValue == #"{"a":1}"#)
        #expect(byId[1]?["day"]?.stringValue == "2026-11-30")
        #expect(byId[2]?["name"]?.isNull == true)
        #expect(byId[2]?["active"]?.boolValue == false)
        #expect(byId[3]?["score"]?.isNull == true)
        #expect(byId[4]?["day"]?.stringValue == "2026-12-01")
    }

    /// Timestamp bounds widen to whole milliseconds; the reader parses every statistic.
    @Test func statisticsAreParsedByDeltaLake() throws {
        let fixture = try DeltaFixture()
        _ = try firstCommit(fixture, table: DeltaTable(root: fixture.root))

        let stats = try #require(try DeltaReader.read(fixture.root)["stats"]?.arrayValue?.first)
        #expect(stats["num_records"]?.int == 3)
        #expect(stats["min.id"]?.int == 1)
        #expect(stats["max.id"]?.int == 3)
        #expect(stats["min.at"]?.stringValue == "2026-11-30T05:06:07.123000Z")
        #expect(stats["max.at"]?.stringValue == "2026-12-01T00:00:00.000000Z")
        #expect(stats["min.name"]?.stringValue == "Cart Viewed")
        #expect(stats["max.name"]?.stringValue == "Order Completed")
        #expect(stats["null_count.name"]?.int == 1)
        #expect(stats["null_count.active"]?.int == 1)
        #expect(stats["min.score"]?.numberValue?.double == -1.0)
    }
}
