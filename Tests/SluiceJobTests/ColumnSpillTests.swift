import SluiceJSON
import Testing

@testable import SluiceJob

/// Runs spilled to a file read back exactly as the same runs kept in memory, whatever row
/// range is asked for, and merging spilled runs gives the order one in-memory sort gives.
@Suite struct ColumnSpillTests {
    static let hour: Int64 = 3_600_000_000

    /// The paths of the keys `rows` stores under.
    static let paths = [
        "name", "count", "at", "wide", "flag", "price", "level", "dense", "same", "twice",
        "almost",
    ]

    /// Rows out of order over three days (one before the epoch), with repeated and unique
    /// strings, a value wider than most, numbers kept with their text, rows without values,
    /// columns with a value on every row (one of them always the same), rows with two values
    /// of one key (kept in order), and a column with as many values as rows that is not dense
    /// (one row has none, another two).
    static func rows(_ range: Range<Int>, interner: StringInterner = StringInterner())
        -> ColumnBatch
    {
        var batch = ColumnBatch(interner: interner)
        for index in range {
            let received = Int64((index * 7_919) % 97 - 24) * hour
            batch.beginRow(
                RowHeader(
                    candidate: Int32(index), receivedAt: received, partitionMicros: received,
                    file: Int32(index % 3), line: Int32(index)))
            batch.append(key: 7, value: .number(JSONNumber(Int64(index % 3))))
            batch.append(key: 8, string: "same")
            if index != 17 { batch.append(key: 10, value: .bool(true)) }
            if index == 18 { batch.append(key: 10, value: .bool(false)) }
            if index % 7 == 3 {
                batch.append(key: 9, string: "first \(index)")
                batch.append(key: 9, value: .number(JSONNumber(Int64(index))))
            }
            if index % 11 == 0 { continue }
            batch.append(key: 0, string: index % 4 == 0 ? "row \(index)" : "common \(index % 5)")
            batch.append(key: 1, value: .number(JSONNumber(Int64(index))))
            batch.append(key: 2, timestamp: received)
            if index == 5 {
                batch.append(key: 3, value: .string(String(repeating: "w", count: 200_000)))
            }
            batch.append(key: 4, value: .bool(index % 2 == 0))
            if index % 3 == 0 {
                let price = try! JSONParser().parse("\(index).50")
                batch.append(key: 5, value: price)
                batch.append(key: 6, value: try! JSONParser().parse(index % 2 == 0 ? "-0" : "[1]"))
            }
        }
        return batch
    }

    /// Every row of a run: its header and values.
    static func image(_ run: ColumnRun, interner: StringInterner) throws -> [String] {
        try run.headers.indices.map { row in
            let h = run.headers[row]
            let values = try run.values(ofRow: row, paths: paths, interner: interner)
            return "\(h.candidate) \(h.receivedAt) \(h.file) \(h.line) \(values)"
        }
    }

    /// The rows `rows(range)` makes, sealed twice: spilled to `spill` and kept in memory.
    struct SealedTwice {
        let interner: StringInterner
        let spill: ColumnSpill
        let spilled: ColumnRun
        let memory: ColumnRun
    }

    /// Seals `rows(range)` twice; the caller removes `spill`.
    static func sealedTwice(
        _ range: Range<Int>, partitioning: RunConfiguration.Partitioning
    ) throws -> SealedTwice {
        let interner = StringInterner()
        var batch = rows(range, interner: interner)
        var same = rows(range, interner: interner)
        let spill = ColumnSpill()
        let spilled = try ColumnRun.seal(&batch, partitioning: partitioning, spill: spill)
        let memory = try ColumnRun.seal(&same, partitioning: partitioning, spill: nil)
        return SealedTwice(interner: interner, spill: spill, spilled: spilled, memory: memory)
    }

    @Test(arguments: RunConfiguration.Partitioning.allCases)
    func spilledRunsReadBackAsTheInMemoryRuns(partitioning: RunConfiguration.Partitioning) throws {
        let interner = StringInterner()
        var batch = Self.rows(0..<3_000, interner: interner)
        var same = Self.rows(0..<3_000, interner: interner)
        let spill = ColumnSpill()
        defer { spill.remove() }
        let spilled = try ColumnRun.seal(&batch, partitioning: partitioning, spill: spill)
        let memory = try ColumnRun.seal(&same, partitioning: partitioning, spill: nil)
        #expect(batch.rowCount == 0 && batch.keys.isEmpty)

        #expect(spilled.buckets.map(\.bucket) == memory.buckets.map(\.bucket))
        #expect(spilled.buckets.map(\.rows) == memory.buckets.map(\.rows))
        #expect(spilled.rowCount == 3_000)
        #expect(
            try Self.image(spilled, interner: interner) == Self.image(memory, interner: interner))
    }

    /// Row ranges that start and end on either side of the spilled index's checkpoints read
    /// the same values from disk as from memory.
    @Test func rowRangesReadTheSameValuesFromDiskAndMemory() throws {
        let sealed = try Self.sealedTwice(0..<5_000, partitioning: .day)
        defer { sealed.spill.remove() }
        let (interner, spilled, memory) = (sealed.interner, sealed.spilled, sealed.memory)
        let ranges = [0..<1, 0..<5_000, 1_023..<1_025, 1_100..<3_100, 4_999..<5_000, 2_000..<2_000]
        for rows in ranges {
            for column in memory.columns {
                let disk = spilled.column(forKey: column.key)!
                let (a, aRange) = try memory.values(of: column, rows: rows)
                let (b, bRange) = try spilled.values(of: disk, rows: rows)
                let left = aRange.map {
                    StoredValue(a, $0, key: column.key, path: "", interner: interner)
                }
                let right = bRange.map {
                    StoredValue(b, $0, key: column.key, path: "", interner: interner)
                }
                #expect(left == right, "key \(column.key), rows \(rows)")
                #expect(aRange.map { a.rows[$0] } == bRange.map { b.rows[$0] })
            }
        }
    }

    /// The rows and kinds scan (`LiveRowScan`) reads the same from disk as from memory, for
    /// dense columns (no rows block), sparse ones, and ones with a row holding two values.
    @Test func rowsAndKindsReadTheSameFromDiskAndMemory() throws {
        let sealed = try Self.sealedTwice(0..<3_000, partitioning: .hour)
        defer { sealed.spill.remove() }
        let (spilled, memory) = (sealed.spilled, sealed.memory)
        for column in memory.columns {
            let disk = spilled.column(forKey: column.key)!
            let (memoryRows, memoryKinds) = try memory.rowsAndKinds(of: column)
            let (diskRows, diskKinds) = try spilled.rowsAndKinds(of: disk)
            #expect(diskRows == memoryRows, "key \(column.key)")
            #expect(diskKinds == memoryKinds, "key \(column.key)")
            #expect(memoryRows.count == column.count)
        }
    }

    /// A partition's values are read from its first one, not from the checkpoint before it,
    /// and a partition the column is absent from is not read at all: with hourly partitions
    /// and many sparse columns, anything more reads most of each column once per partition.
    @Test func partitionsReadOnlyTheirOwnSpilledValues() throws {
        var batch = ColumnBatch(interner: StringInterner())
        for index in 0..<3_000 {
            let hourOfRow = Int64(index / 1_000)
            batch.beginRow(
                RowHeader(
                    candidate: Int32(index), receivedAt: hourOfRow * Self.hour,
                    partitionMicros: hourOfRow * Self.hour, file: 0, line: Int32(index)))
            if hourOfRow != 1 { batch.append(key: 1, value: .number(JSONNumber(Int64(index)))) }
        }
        let spill = ColumnSpill()
        defer { spill.remove() }
        let run = try ColumnRun.seal(&batch, partitioning: .hour, spill: spill)
        guard case .disk(let column) = run.column(forKey: 1)!.place else {
            Issue.record("the column was not spilled")
            return
        }

        #expect(column.window(rows: 1_000..<2_000, partitionStart: 1_000) == nil)
        #expect(column.window(rows: 1_500..<1_600, partitionStart: 1_000) == nil)
        let third = try #require(column.window(rows: 2_000..<3_000, partitionStart: 2_000))
        #expect(column.checkpointValues[third.checkpoint] == 1_000)
        #expect(third.end == 2_000)
        let (values, range) = try run.values(of: run.column(forKey: 1)!, rows: 2_000..<2_010)
        #expect(range.map { values.rows[$0] } == Array(2_000..<2_010))
    }

    @Test func mergeOfSpilledRunsMatchesOneSort() throws {
        let interner = StringInterner()
        var all = Self.rows(0..<300, interner: interner)
        let whole = try ColumnRun.seal(&all, partitioning: .day, spill: nil)
        let spill = ColumnSpill()
        defer { spill.remove() }
        var chunks: [ColumnRun] = []
        for start in stride(from: 0, to: 300, by: 37) {
            var batch = Self.rows(start..<min(300, start + 37), interner: interner)
            chunks.append(try ColumnRun.seal(&batch, partitioning: .day, spill: spill))
        }
        let isLive: (RowHeader) -> Bool = { $0.candidate % 5 != 0 }

        for (bucket, _) in whole.buckets {
            let one = PartitionOrder(bucket: bucket, runs: [(0, whole)], isLive: isLive)
            let merged = PartitionOrder(
                bucket: bucket, runs: chunks.map { (0, $0) }, isLive: isLive)
            #expect(merged.count == one.count)
            for position in 0..<one.count {
                #expect(merged.header(position).candidate == one.header(position).candidate)
                let a = try one.runs[Int(one.runOfRow[position])].run.values(
                    ofRow: Int(one.rowInRun[position]), paths: Self.paths, interner: interner)
                let b = try merged.runs[Int(merged.runOfRow[position])].run.values(
                    ofRow: Int(merged.rowInRun[position]), paths: Self.paths, interner: interner)
                #expect(a == b)
            }
        }
    }

    /// Every row of a sealed run holds the values its row holds sealed alone, where no order
    /// can go wrong: columns laid out by scattering (dense ones) and by sorting (sparse ones,
    /// and ones with a row holding two values) put each value in its row.
    @Test(arguments: RunConfiguration.Partitioning.allCases)
    func sealedRowsHoldTheValuesTheyHoldAlone(
        partitioning: RunConfiguration.Partitioning
    ) throws {
        let interner = StringInterner()
        var batch = Self.rows(0..<600, interner: interner)
        let run = try ColumnRun.seal(&batch, partitioning: partitioning, spill: nil)

        let alone = try run.headers.map { header in
            let index = Int(header.candidate)
            var single = Self.rows(index..<index + 1, interner: interner)
            let sealed = try ColumnRun.seal(&single, partitioning: partitioning, spill: nil)
            return try Self.image(sealed, interner: interner)[0]
        }
        #expect(try Self.image(run, interner: interner) == alone)
        #expect(Set(run.headers.map(\.candidate)).count == 600)
    }

    /// The checkpoints `SpilledColumn.checkpointIndexes` finds by searching are those a walk
    /// over every value finds: each `checkpointStride`-th value, and the first value at or
    /// after each partition start (once, however many starts it follows).
    @Test(arguments: [
        [], [0], [0, 1_536], [5, 6], [100_000], [0, 7, 3_000, 3_001, 7_497, 9_000], [1, 2, 3],
    ])
    func checkpointsFallOnTheStrideAndOnPartitionStarts(partitionStarts: [Int]) {
        // Rows 0, 0, 3, 3, 6, 6, ...: repeated rows and rows without values.
        let count = 5_000
        let values = ColumnValues(count: count) { rows, kinds, payloads in
            for index in 0..<count {
                (rows[index], kinds[index], payloads[index]) = (UInt32(index / 2 * 3), 0, 0)
            }
        }

        var walked: [Int] = []
        var (next, untilCheckpoint) = (0, 0)
        for index in 0..<count {
            let row = Int(values.rows[index])
            var startsPartition = false
            while next < partitionStarts.count && row >= partitionStarts[next] {
                (startsPartition, next) = (true, next + 1)
            }
            if startsPartition || untilCheckpoint == 0 { walked.append(index) }
            untilCheckpoint =
                untilCheckpoint == 0 ? ColumnRun.checkpointStride - 1 : untilCheckpoint - 1
        }
        let found = SpilledColumn.checkpointIndexes(values, partitionStarts: partitionStarts)
        #expect(found == walked)
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

/// A worker's batches address text and values with 32-bit offsets: a full log plus the largest
/// accepted line, flattened (at most twice its bytes, with violations), stays within their
/// range.
@Suite struct ColumnBatchLimitTests {
    @Test func fullBatchPlusLargestLineFitsThirtyTwoBitOffsets() {
        let worst = BatchLog.maximumBytes + 2 * RunConfiguration.maximumLineBytes
        #expect(worst < Int(UInt32.max))
        // Value indexes too: a full log's values plus one value per byte of the flattened
        // line (every value takes at least one byte of it).
        let fullLog = BatchLog.maximumBytes / MemoryLayout<LoggedValue>.stride
        #expect(fullLog + 2 * RunConfiguration.maximumLineBytes < Int(UInt32.max))
        #expect(RunConfiguration.defaultMaxLineBytes <= RunConfiguration.maximumLineBytes)
    }
}
