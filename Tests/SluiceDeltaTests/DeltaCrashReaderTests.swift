import Foundation
import SluiceDelta
import Testing

/// What a crash leaves behind never becomes visible: data files written but not committed,
/// and a half-written temporary commit file.
@Suite struct DeltaCrashReaderTests {
    static let row = EventRow(id: 1, name: "a", score: 1, active: true, at: 0, payload: "{}")

    @Test func uncommittedFilesAndTemporaryCommitsAreInvisible() throws {
        let fixture = try DeltaFixture()
        let table = DeltaTable(root: fixture.root)
        let committed = try fixture.writeFile(
            "part-r1-0.parquet", day: "2026-11-30", rows: [Self.row])
        try table.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [committed], removes: [],
            runId: "r1", batch: "b", txnVersion: 1)

        // The crashed run wrote a data file and part of its commit under a temporary name.
        _ = try fixture.writeFile("part-r2-0.parquet", day: "2026-12-01", rows: [Self.row])
        let partial = fixture.root + "/_delta_log/.tmp-00000000000000000001.json-99-7"
        try #"{"add":{"path":"day=2026-12-01/part-r2-0.parq"#.write(
            toFile: partial, atomically: false, encoding: .utf8)

        let seen = try DeltaReader.read(fixture.root)
        #expect(seen["version"]?.int == 0)
        #expect(seen["files"]?.strings == [committed.path])
        #expect(try table.snapshot()?.version == 0)

        // The rerun commits the next version normally.
        let rerun = try fixture.writeFile("part-r3-0.parquet", day: "2026-12-01", rows: [Self.row])
        let version = try table.commit(
            schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [rerun], removes: [],
            runId: "r3", batch: "b", txnVersion: 2)
        #expect(version == 1)
        #expect(
            try DeltaReader.read(fixture.root)["files"]?.strings == [committed.path, rerun.path])
    }
}
