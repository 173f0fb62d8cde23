import Foundation
import SluiceDelta
import SluiceJSON
import Testing

/// The writer's own log replay.
@Suite struct DeltaSnapshotTests {
    static let schema = [
        DeltaField(name: "id", type: .long), DeltaField(name: "day", type: .string),
    ]

    static func file(_ path: String, records: Int = 1) -> DeltaAddFile {
        var file = DeltaAddFile(
            path: path, partitionValues: [("day", "1")], size: 10, modificationTime: 1,
            numRecords: records)
        file.minValues = ["id": .number(JSONNumber(Int64(1)))]
        file.nullCount = ["id": 0]
        return file
    }

    func write(_ fixture: DeltaFixture, _ version: Int, _ text: String) throws {
        try FileManager.default.createDirectory(
            atPath: fixture.root + "/_delta_log", withIntermediateDirectories: true)
        let name = String(repeating: "0", count: 20 - String(version).count) + "\(version).json"
        try text.write(
            toFile: fixture.root + "/_delta_log/" + name, atomically: false, encoding: .utf8)
    }

    @Test func noLogMeansNoSnapshot() throws {
        let fixture = try DeltaFixture()
        #expect(try DeltaTable(root: fixture.root).snapshot() == nil)
        #expect(try DeltaTable(root: fixture.root + "/missing").snapshot() == nil)
    }

    @Test func snapshotReplaysAddsRemovesTransactionsAndCommitInfo() throws {
        let fixture = try DeltaFixture()
        let table = DeltaTable(root: fixture.root)
        try table.commit(
            schema: Self.schema, partitionColumns: ["day"],
            adds: [Self.file("day=1/a"), Self.file("day=1/b")],
            removes: [], runId: "r1", batch: "nightly", txnVersion: 7)
        try table.commit(
            schema: Self.schema, partitionColumns: ["day"],
            adds: [Self.file("day=1/c", records: 5)],
            removes: ["day=1/a"], runId: "r2", batch: "hourly", txnVersion: 3)

        // A fresh instance reads everything from the files.
        let snapshot = try #require(try DeltaTable(root: fixture.root).snapshot())
        #expect(snapshot.version == 1)
        #expect(snapshot.files.map(\.path) == ["day=1/b", "day=1/c"])
        #expect(snapshot.files.last?.numRecords == 5)
        #expect(snapshot.files.last?.minValues == ["id": .number(JSONNumber(Int64(1)))])
        #expect(snapshot.files.last?.partitionValue("day") == "1")
        #expect(snapshot.transactions == ["sluice:nightly": 7, "sluice:hourly": 3])
        #expect(snapshot.commits.map(\.runId) == ["r1", "r2"])
        #expect(snapshot.commits.map(\.batch) == ["nightly", "hourly"])
        #expect(snapshot.schema == Self.schema)
        #expect(snapshot.partitionColumns == ["day"])
        #expect(snapshot.minReaderVersion == 1 && snapshot.minWriterVersion == 2)
    }

    struct BrokenLog: CustomTestStringConvertible, Sendable {
        var name: String
        /// Commit files by version.
        var commits: [Int: String]
        var code: DeltaError.Code
        var testDescription: String { name }
    }

    static let header = """
        {"protocol":{"minReaderVersion":1,"minWriterVersion":2}}
        {"metaData":{"id":"x","format":{"provider":"parquet","options":{}},"schemaString":"{\\"type\\":\\"struct\\",\\"fields\\":[{\\"name\\":\\"id\\",\\"type\\":\\"long\\",\\"nullable\\":true,\\"metadata\\":{}}]}","partitionColumns":[],"configuration":{}}}

        """

    @Test(arguments: [
        BrokenLog(name: "gap", commits: [0: header, 2: "{}\n"], code: .missingCommits),
        BrokenLog(name: "cleaned-up start", commits: [3: header], code: .missingCommits),
        BrokenLog(name: "not JSON", commits: [0: header + "{\"add\":\n"], code: .corruptLog),
        BrokenLog(
            name: "no metaData",
            commits: [0: #"{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}"#],
            code: .corruptLog),
        BrokenLog(
            name: "add without path", commits: [0: header + #"{"add":{"size":1}}"#],
            code: .corruptLog),
        BrokenLog(
            name: "unsupported column type",
            commits: [0: header.replacingOccurrences(of: "\\\"long\\\"", with: "\\\"integer\\\"")],
            code: .unsupportedTable),
    ])
    func brokenLogIsReported(_ test: BrokenLog) throws {
        let fixture = try DeltaFixture()
        for (version, text) in test.commits { try write(fixture, version, text) }

        let error = try #require(throws: DeltaError.self) {
            try DeltaTable(root: fixture.root).snapshot()
        }
        #expect(error.code == test.code)
        #expect(error.table == fixture.root)
    }

    /// Tables other writers made need reader/writer features this writer lacks.
    @Test func newerProtocolIsNotWritten() throws {
        let fixture = try DeltaFixture()
        try write(
            fixture, 0,
            Self.header.replacingOccurrences(
                of: #""minWriterVersion":2"#, with: #""minWriterVersion":7"#))
        let table = DeltaTable(root: fixture.root)
        #expect(try table.snapshot()?.minWriterVersion == 7)

        let error = try #require(throws: DeltaError.self) {
            try table.commit(
                schema: [DeltaField(name: "id", type: .long)], partitionColumns: [], adds: [],
                removes: [],
                runId: "r", batch: "b", txnVersion: 1)
        }
        #expect(error.code == .unsupportedTable)
    }

    /// A remove repeats the add's path as the log spelled it, even unencoded.
    @Test func removeRepeatsAnotherWritersPathVerbatim() throws {
        let fixture = try DeltaFixture()
        let add =
            #"{"add":{"path":"x/a:b c.parquet","partitionValues":{},"size":1,"modificationTime":1,"dataChange":true}}"#
        try write(fixture, 0, Self.header + add + "\n")
        let table = DeltaTable(root: fixture.root)
        #expect(try table.snapshot()?.files.map(\.path) == ["x/a:b c.parquet"])
        #expect(try table.snapshot()?.files.first?.hasStatistics == false)

        try table.commit(
            schema: [DeltaField(name: "id", type: .long)], partitionColumns: [], adds: [],
            removes: ["x/a:b c.parquet"], runId: "r", batch: "b", txnVersion: 1)
        let commit = try String(
            contentsOfFile: fixture.root + "/_delta_log/00000000000000000001.json", encoding: .utf8)
        #expect(commit.contains(#"{"remove":{"path":"x/a:b c.parquet","#))
        #expect(try table.snapshot()?.files.isEmpty == true)
    }
}
