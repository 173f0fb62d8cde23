import SluiceJSON
import SluiceReader
import SluiceWarehouse
import Testing

@testable import SluiceJob

/// The schema scan of `tracks` adds up the track event tables' scans instead of reading their
/// rows again; it must equal one read of every run `tracks` merges.
@Suite struct TrackScanTests {
    static let day: Int64 = 86_400_000_000

    /// Rows over two days whose values vary in kind by row, some in no table but this one.
    static func store(_ keys: [UInt32], rows: Range<Int>, _ interner: StringInterner)
        -> ColumnBatch
    {
        var store = ColumnBatch(interner: interner)
        for index in rows {
            let received = Int64(index % 2) * day + Int64(index)
            store.beginRow(
                RowHeader(
                    candidate: Int32(index), receivedAt: received, partitionMicros: received,
                    file: 0, line: Int32(index)))
            for (position, key) in keys.enumerated() where (index + position) % 3 != 0 {
                let value: JSONValue =
                    index % 4 == 0 ? .string("v\(index)") : .number(JSONNumber(Int64(index)))
                store.append(key: key, value: index % 7 == 0 ? .null : value)
            }
        }
        return store
    }

    static func worker(_ seed: Int, spill: ColumnSpill) throws -> WorkerRows {
        var rows = WorkerRows()
        let standard = [rows.keys.id("event"), rows.keys.id("userId")]
        let viewed = standard + [rows.keys.id("properties.sku"), rows.keys.id("properties.p")]
        let signed = standard + [rows.keys.id("properties.plan")]
        rows.kinds = ["tracks": .tracks, "viewed": .trackEvent, "signed": .trackEvent]
        let strings = rows.interner
        func run(_ keys: [UInt32], _ range: Range<Int>, spill: ColumnSpill?) throws -> ColumnRun {
            var batch = store(keys, rows: range, strings)
            return try ColumnRun.seal(&batch, partitioning: .day, spill: spill)
        }
        rows.runs["tracks"] = [try run(standard, seed..<seed + 9, spill: nil)]
        rows.runs["viewed"] = [
            try run(viewed, seed..<seed + 40, spill: spill),
            try run(viewed, seed + 40..<seed + 55, spill: nil),
        ]
        rows.runs["signed"] = [try run(signed, seed + 100..<seed + 131, spill: nil)]
        return rows
    }

    @Test func tracksScanEqualsOneReadOfItsRuns() throws {
        let spills = [ColumnSpill(), ColumnSpill()]
        defer { spills.forEach { $0.remove() } }
        let workers = [
            try Self.worker(0, spill: spills[0]), try Self.worker(1_000, spill: spills[1]),
        ]
        let configuration = RunConfiguration(
            inputDirectory: "/nonexistent", planPath: "/nonexistent",
            outputDirectory: "/nonexistent",
            threads: 2)
        let stage = TableStage(
            configuration: configuration, runId: "test", loadedAtMicros: 0, workers: workers,
            isLive: { $0.candidate % 5 != 0 },
            originOf: { _ in ("", EventOrigin(file: "", line: 0, byteOffset: 0)) })

        let tables = ["signed", "tracks", "viewed"]
        let summed = try stage.scanTables(tables, order: [1, 0, 2])[1].get()
        let read = try stage.scanLiveRows(stage.sourceRuns(of: "tracks", kind: .tracks))
        #expect(summed.seen == read.seen)
        #expect(read.seen.allSatisfy { !$0.isEmpty })
        #expect(summed.rowsByBucket == read.rowsByBucket)
        #expect(summed.liveRows == read.liveRows)
        #expect(read.liveRows > 0 && read.rowsByBucket.count == 2)
    }
}
