import SluiceJSON
import Testing

@testable import SluiceJob

/// Rows written to a spill file read back exactly, and merging spilled runs gives the order
/// one in-memory sort gives.
@Suite struct RowSpillTests {
    /// What a reader's current row holds, comparable across stores.
    struct RowImage: Equatable {
        var candidate: Int32
        var receivedAt: Int64
        var partitionMicros: Int64
        var file: Int32
        var line: Int32
        var cells: [String]
    }

    static func image(_ store: RowStore, _ row: Int) -> RowImage {
        let h = store.headers[row]
        let cells = store.cells(ofRow: row).map { cell in
            "\(cell.key) \(cell.kind) \(cell.payload) \(store.text(cell))"
        }
        return RowImage(
            candidate: h.candidate, receivedAt: h.receivedAt, partitionMicros: h.partitionMicros,
            file: h.file, line: h.line, cells: cells)
    }

    static let hour: Int64 = 3_600_000_000

    /// Rows out of order over three days (one before the epoch), with a value wider than a
    /// reader's window and rows without cells.
    static func rows(_ range: Range<Int>) -> RowStore {
        var store = RowStore()
        for index in range {
            let received = Int64((index * 7_919) % 97 - 24) * hour
            store.beginRow(
                RowStore.Header(
                    candidate: Int32(index), receivedAt: received, partitionMicros: received,
                    file: Int32(index % 3), line: Int32(index)))
            if index % 11 == 0 { continue }
            store.append(key: 0, string: "row \(index)")
            store.append(key: 1, value: .number(JSONNumber(Int64(index))))
            store.append(key: 2, timestamp: received)
            if index == 5 {
                let wide = String(repeating: "w", count: RowRunReader.windowBytes * 3 + 5)
                store.append(key: 3, value: .string(wide))
            }
            store.append(key: 4, value: .bool(index % 2 == 0))
        }
        return store
    }

    static func readAll(_ run: RowRun) throws -> [RowImage] {
        var reader = RowRunReader(run)
        var images: [RowImage] = []
        while try reader.next() { images.append(image(reader.store, reader.row)) }
        return images
    }

    @Test(arguments: RunConfiguration.Partitioning.allCases)
    func spilledRunsReadBackAsTheInMemoryRuns(partitioning: RunConfiguration.Partitioning) throws {
        let store = Self.rows(0..<300)
        let spill = RowSpill()
        defer { spill.remove() }
        let spilled = try spill.write(store, partitioning: partitioning)
        let memory = RowRun.memoryRuns(of: store, partitioning: partitioning)

        #expect(spilled.map(\.bucket) == memory.map(\.bucket))
        #expect(spilled.map(\.rowCount) == memory.map(\.rowCount))
        #expect(spilled.map(\.rowCount).reduce(0, +) == 300)
        for (disk, inMemory) in zip(spilled, memory) {
            #expect(try Self.readAll(disk) == Self.readAll(inMemory))
        }
    }

    @Test func mergeOfSpilledRunsMatchesOneSort() throws {
        let partitioning = RunConfiguration.Partitioning.day
        let whole = RowRun.memoryRuns(of: Self.rows(0..<300), partitioning: partitioning)
        let spill = RowSpill()
        defer { spill.remove() }
        var chunks: [RowRun] = []
        for start in stride(from: 0, to: 300, by: 37) {
            chunks += try spill.write(
                Self.rows(start..<min(300, start + 37)), partitioning: partitioning)
        }
        let isLive: (RowStore.Header) -> Bool = { $0.candidate % 5 != 0 }

        for run in whole {
            let expected = try Self.readAll(run).filter { $0.candidate % 5 != 0 }
            var merge = try RowMerge(
                chunks.filter { $0.bucket == run.bucket }.map { (0, $0) }, isLive: isLive)
            var merged: [RowImage] = []
            while let index = try merge.next() {
                merged.append(Self.image(merge.readers[index].store, merge.readers[index].row))
            }
            #expect(merged == expected)
        }
    }

    struct BucketCase: CustomTestStringConvertible, Sendable {
        var name: String
        var micros: Int64
        var partitioning: RunConfiguration.Partitioning
        var values: [String]
        var testDescription: String { name }
    }

    @Test(arguments: [
        BucketCase(name: "epoch", micros: 0, partitioning: .day, values: ["day=1970-01-01"]),
        BucketCase(
            name: "just before the epoch", micros: -1, partitioning: .hour,
            values: ["day=1969-12-31", "hr=23"]),
        BucketCase(
            name: "last microsecond of a day", micros: 86_400_000_000 - 1, partitioning: .day,
            values: ["day=1970-01-01"]),
        BucketCase(
            name: "an hour", micros: 1_796_030_000_000_000, partitioning: .hour,
            values: ["day=2026-11-30", "hr=09"]),
    ])
    func bucketsNameTheSamePartitionAsTheTime(_ bucket: BucketCase) {
        let values = bucket.partitioning.values(
            ofBucket: bucket.partitioning.bucket(ofMicros: bucket.micros))
        #expect(values.map { "\($0.0)=\($0.1)" } == bucket.values)
    }
}

/// A row store addresses text with 32-bit offsets: a full store plus the largest accepted
/// line, flattened (at most twice its bytes, with violations), stays within their range.
@Suite struct RowStoreLimitTests {
    @Test func fullStorePlusLargestLineFitsThirtyTwoBitOffsets() {
        let worst = RowStore.maximumBytes + 2 * RunConfiguration.maximumLineBytes
        #expect(worst < Int(UInt32.max))
        #expect(RunConfiguration.defaultMaxLineBytes <= RunConfiguration.maximumLineBytes)
    }
}
