import Foundation
import SluiceParquet
import Testing

/// Columns encoded on several threads at once and written with `writeRowGroup` read back as
/// the same data written with `write` does.
@Suite struct ParquetColumnChunkEncoderTests {
    /// Three copies of every type plus interned strings, sparse and dense.
    static func table(rows: Int) -> [TestColumn] {
        var columns: [TestColumn] = []
        for copy in 0..<3 {
            columns += Tables.allTypes(rows: rows).map { column in
                var renamed = column
                renamed.spec.name += "_\(copy)"
                return renamed
            }
        }
        columns.append(
            Tables.column("event_name", .string, rows, nullEvery: 50) {
                .string(["Page Viewed", "Signed Up", "Order Completed"][$0 % 3])
            })
        columns.append(
            Tables.column("user_id", .string, rows, nullEvery: 3) { .string("user-\($0 % 3_000)") })
        columns.append(
            Tables.column("context", .json, rows, nullEvery: 1_000) {
                .string("{\"ip\":\"10.0.0.\($0 % 50)\"}")
            })
        return columns
    }

    /// The string columns given as dictionary-backed buffers, all indexing one dictionary.
    static let interned: Set<String> = [
        "event_name", "user_id", "context", "event_0", "properties_1",
    ]

    /// One batch of buffers, interned columns indexing `dictionary`.
    static func buffers(
        _ columns: [TestColumn], rows: Range<Int>, dictionary: ParquetStringDictionary
    ) -> [ParquetColumnBuffer] {
        columns.map { column in
            Self.interned.contains(column.spec.name)
                ? column.dictionaryBuffer(rows: rows, dictionary: dictionary)
                : column.buffer(rows: rows)
        }
    }

    static func sharedDictionary(_ columns: [TestColumn]) -> ParquetStringDictionary {
        let interned = columns.filter { Self.interned.contains($0.spec.name) }
        return ParquetStringDictionary(interned.flatMap { $0.entries(copies: 2) })
    }

    /// Encodes every buffer on `workers` threads, each with its own encoder.
    static func encodeConcurrently(
        _ buffers: [ParquetColumnBuffer], _ specs: [ParquetColumnSpec],
        _ options: ParquetWriterOptions, workers: Int
    ) throws -> [ParquetEncodedColumnChunk] {
        let results = ConcurrentResults(count: buffers.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do {
                let encoder = try ParquetColumnChunkEncoder(options: options, path: "concurrent")
                for index in stride(from: worker, to: buffers.count, by: workers) {
                    results.store(try encoder.encode(buffers[index], spec: specs[index]), at: index)
                }
            } catch {
                results.fail(error)
            }
        }
        return try results.chunks()
    }

    @Test func rowGroupsEncodedOnSeveralThreadsReadBackLikeWrite() throws {
        let columns = Self.table(rows: 20_000)
        let specs = columns.map(\.spec)
        let dictionary = Self.sharedDictionary(columns)
        let options = ParquetWriterOptions(pageTargetBytes: 8_192, createdBy: "chunk test")
        let batches = stride(from: 0, to: 20_000, by: 7_001).map { $0..<min(20_000, $0 + 7_001) }

        let chunkPath = try TemporaryDirectory.shared.path(for: "chunks concurrent")
        defer { try? FileManager.default.removeItem(atPath: chunkPath) }
        let writer = try ParquetFileWriter(path: chunkPath, columns: specs, options: options)
        for rows in batches {
            let buffers = Self.buffers(columns, rows: rows, dictionary: dictionary)
            try writer.writeRowGroup(
                Self.encodeConcurrently(buffers, specs, options, workers: 4))
        }
        let summary = try writer.close()
        let writePath = try TemporaryDirectory.shared.path(for: "chunks concurrent write")
        defer { try? FileManager.default.removeItem(atPath: writePath) }
        let written = try RoundTripTests.write(
            RoundTripCase(name: "", columns: columns, options: options, batchRows: 7_001),
            to: writePath)

        let testCase = RoundTripCase(name: "chunks", columns: columns, options: options)
        let (back, writeBack) = (try PythonReader.read(chunkPath), try PythonReader.read(writePath))
        #expect(back.metadata.row_groups.count == batches.count)
        RoundTripTests.expectValues(testCase, back)
        RoundTripTests.expectSchema(testCase, back)
        RoundTripTests.expectStatistics(testCase, back, summary)
        #expect(back.pyarrow.columns == writeBack.pyarrow.columns)
        #expect(back.duckdb.columns == writeBack.duckdb.columns)
        for (ours, theirs) in zip(summary.columnStatistics, written.columnStatistics) {
            #expect(ours.min == theirs.min && ours.max == theirs.max, "\(ours.name)")
            #expect(ours.nullCount == theirs.nullCount, "\(ours.name)")
        }
    }

    @Test func oneRowGroupHasTheChunksWriteMakes() throws {
        let columns = Self.table(rows: 5_000)
        let specs = columns.map(\.spec)
        let dictionary = Self.sharedDictionary(columns)
        let options = ParquetWriterOptions(createdBy: "chunk test")
        let buffers = Self.buffers(columns, rows: 0..<5_000, dictionary: dictionary)

        let chunkPath = try TemporaryDirectory.shared.path(for: "chunks one group")
        defer { try? FileManager.default.removeItem(atPath: chunkPath) }
        let writer = try ParquetFileWriter(path: chunkPath, columns: specs, options: options)
        try writer.writeRowGroup(Self.encodeConcurrently(buffers, specs, options, workers: 3))
        _ = try writer.close()
        let writePath = try TemporaryDirectory.shared.path(for: "chunks one group write")
        defer { try? FileManager.default.removeItem(atPath: writePath) }
        let plain = try ParquetFileWriter(path: writePath, columns: specs, options: options)
        try plain.write(buffers)
        _ = try plain.close()

        let (back, writeBack) = (try PythonReader.read(chunkPath), try PythonReader.read(writePath))
        #expect(back.pyarrow.columns == writeBack.pyarrow.columns)
        #expect(back.duckdb.columns == writeBack.duckdb.columns)
        let (ours, theirs) = (back.metadata.row_groups, writeBack.metadata.row_groups)
        #expect(ours.count == 1 && theirs.count == 1)
        for (index, (chunk, expected)) in zip(ours[0].columns, theirs[0].columns).enumerated() {
            let name: Comment = "\(specs[index].name)"
            #expect(chunk.encodings == expected.encodings, name)
            #expect(chunk.has_dictionary_page == expected.has_dictionary_page, name)
            #expect(chunk.num_values == expected.num_values, name)
            #expect(chunk.null_count == expected.null_count, name)
            #expect(chunk.min == expected.min && chunk.max == expected.max, name)
        }
    }

    @Test(arguments: [
        ("type differs from the spec", ParquetColumnSpec(name: "n", type: .int64), false),
        (
            "nulls in a required column",
            ParquetColumnSpec(name: "n", type: .int32, isOptional: false), true
        ),
    ])
    func encodeRejectsABufferThatDoesNotFit(
        _ name: String, _ spec: ParquetColumnSpec, _ hasNull: Bool
    ) throws {
        var buffer = ParquetColumnBuffer(type: .int32)
        buffer.append(Int32(1))
        if hasNull { buffer.appendNull() }
        let encoder = try ParquetColumnChunkEncoder(options: .init(), path: "rejected")
        #expect {
            _ = try encoder.encode(buffer, spec: spec)
        } throws: { ($0 as? ParquetError)?.code == .invalidBatch }

        let fitting = try encoder.encode(buffer, spec: ParquetColumnSpec(name: "n", type: .int32))
        #expect(fitting.rowCount == buffer.count)
    }

    @Test func longStringStatisticsAreStillShortened() throws {
        let long = String(repeating: "é", count: 100)
        let column = TestColumn(
            "text", .string, [.string(long + "b"), nil, .string(long + "a"), .string(long + "c")])
        let options = ParquetWriterOptions(statisticsTruncateBytes: 16)
        let dictionary = ParquetStringDictionary(column.entries())
        let chunk = try ParquetColumnChunkEncoder.encode(
            column.dictionaryBuffer(rows: 0..<4, dictionary: dictionary), spec: column.spec,
            options: options, path: "truncated")

        #expect(!chunk.statistics.isMinExact && !chunk.statistics.isMaxExact)
        #expect(chunk.statistics.min == .bytes(Array(String(repeating: "é", count: 8).utf8)))
        let path = try TemporaryDirectory.shared.path(for: "chunks truncated")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, columns: [column.spec], options: options)
        try writer.writeRowGroup([chunk])
        let summary = try writer.close()
        let back = try PythonReader.read(path)
        let testCase = RoundTripCase(name: "truncated", columns: [column], options: options)
        RoundTripTests.expectValues(testCase, back)
        RoundTripTests.expectStatistics(testCase, back, summary)
        #expect(back.metadata.row_groups[0].columns[0].min == String(repeating: "é", count: 8))
    }

    @Test func writeAndWriteRowGroupMixInCallOrder() throws {
        let columns = Tables.allTypes(rows: 9_000)
        let specs = columns.map(\.spec)
        let options = ParquetWriterOptions(createdBy: "mixed")
        let path = try TemporaryDirectory.shared.path(for: "chunks mixed")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, columns: specs, options: options)
        try writer.write(columns.map { $0.buffer(rows: 0..<2_000) })
        try writer.write(columns.map { $0.buffer(rows: 2_000..<3_000) })
        try writer.writeRowGroup(
            Self.encodeConcurrently(
                columns.map { $0.buffer(rows: 3_000..<7_000) }, specs, options, workers: 2))
        try writer.write(columns.map { $0.buffer(rows: 7_000..<9_000) })
        let summary = try writer.close()

        let back = try PythonReader.read(path)
        #expect(back.metadata.row_groups.map(\.num_rows) == [3_000, 4_000, 2_000])
        #expect(summary.rowCount == 9_000 && summary.rowGroupCount == 3)
        let testCase = RoundTripCase(name: "mixed", columns: columns, options: options)
        RoundTripTests.expectValues(testCase, back)
        RoundTripTests.expectStatistics(testCase, back, summary)
    }
}

/// Chunks stored by index from several threads, and the first error any of them hit.
final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ParquetEncodedColumnChunk?]
    private var error: (any Error)?

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ chunk: ParquetEncodedColumnChunk, at index: Int) {
        lock.withLock { slots[index] = chunk }
    }

    func fail(_ failure: any Error) {
        lock.withLock { error = error ?? failure }
    }

    func chunks() throws -> [ParquetEncodedColumnChunk] {
        try lock.withLock {
            if let error { throw error }
            return slots.map { $0! }
        }
    }
}
