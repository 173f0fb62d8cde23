import Foundation
import SluiceDelta
import Testing

/// Commits that would break the table are refused before anything is written.
@Suite struct DeltaValidationTests {
    static let schema = [
        DeltaField(name: "id", type: .long, nullable: false),
        DeltaField(name: "day", type: .string),
    ]

    static func file(_ path: String, day: String = "1") -> DeltaAddFile {
        DeltaAddFile(
            path: path, partitionValues: [("day", day)], size: 10, modificationTime: 1,
            numRecords: 1)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var schema: [DeltaField]
        var partitionColumns: [String]
        var adds: [DeltaAddFile]
        var removes: [String]
        var code: DeltaError.Code
        var testDescription: String { name }
    }

    /// Each case commits on top of a table with one live file `day=1/a.parquet`.
    @Test(arguments: [
        Case(
            name: "empty schema", schema: [], partitionColumns: [], adds: [], removes: [],
            code: .invalidCommit),
        Case(
            name: "names equal regardless of case",
            schema: schema + [DeltaField(name: "ID", type: .long)], partitionColumns: ["day"],
            adds: [], removes: [], code: .invalidCommit),
        Case(
            name: "unknown partition column", schema: schema, partitionColumns: ["hr"], adds: [],
            removes: [], code: .invalidCommit),
        Case(
            name: "partition values for other columns", schema: schema, partitionColumns: ["day"],
            adds: [
                DeltaAddFile(
                    path: "x.parquet", partitionValues: [], size: 1, modificationTime: 1,
                    numRecords: 1)
            ],
            removes: [], code: .invalidCommit),
        Case(
            name: "same file added twice", schema: schema, partitionColumns: ["day"],
            adds: [file("day=1/b.parquet"), file("day=1/b.parquet")], removes: [],
            code: .invalidCommit),
        Case(
            name: "live file added again", schema: schema, partitionColumns: ["day"],
            adds: [file("day=1/a.parquet")], removes: [], code: .invalidCommit),
        Case(
            name: "absolute path", schema: schema, partitionColumns: ["day"],
            adds: [file("/tmp/b.parquet")], removes: [], code: .invalidCommit),
        Case(
            name: "remove of a file that is not live", schema: schema, partitionColumns: ["day"],
            adds: [], removes: ["day=1/zzz.parquet"], code: .invalidCommit),
        Case(
            name: "type change", schema: [DeltaField(name: "id", type: .string), schema[1]],
            partitionColumns: ["day"], adds: [], removes: [], code: .invalidCommit),
        Case(
            name: "new required column",
            schema: schema + [DeltaField(name: "n", type: .long, nullable: false)],
            partitionColumns: ["day"], adds: [], removes: [], code: .invalidCommit),
        Case(
            name: "partition change with files left", schema: schema, partitionColumns: [],
            adds: [], removes: [], code: .invalidCommit),
    ])
    func invalidCommitIsRefused(_ test: Case) throws {
        let fixture = try DeltaFixture()
        let table = DeltaTable(root: fixture.root)
        try table.commit(
            schema: Self.schema, partitionColumns: ["day"], adds: [Self.file("day=1/a.parquet")],
            removes: [], runId: "r", batch: "b", txnVersion: 1)

        let error = try #require(throws: DeltaError.self) {
            try table.commit(
                schema: test.schema, partitionColumns: test.partitionColumns, adds: test.adds,
                removes: test.removes, runId: "r", batch: "b", txnVersion: 2)
        }
        #expect(error.code == test.code)
        #expect(error.version == 1)
        #expect(try fixture.logFileNames() == ["00000000000000000000.json"])
    }

    /// With every old file removed in the same commit, the partitioning may change.
    @Test func partitionChangeWhenAllFilesAreReplaced() throws {
        let fixture = try DeltaFixture()
        let table = DeltaTable(root: fixture.root)
        try table.commit(
            schema: Self.schema, partitionColumns: ["day"], adds: [Self.file("day=1/a.parquet")],
            removes: [], runId: "r", batch: "b", txnVersion: 1)
        let flat = DeltaAddFile(
            path: "a2.parquet", partitionValues: [], size: 1, modificationTime: 1, numRecords: 1)

        try table.commit(
            schema: Self.schema, partitionColumns: [], adds: [flat], removes: ["day=1/a.parquet"],
            runId: "r", batch: "b", txnVersion: 2)
        let snapshot = try #require(try table.snapshot())
        #expect(snapshot.partitionColumns == [])
        #expect(snapshot.files.map(\.path) == ["a2.parquet"])
    }
}
