import Foundation
import SluiceParquet
import Testing

/// A column written from a plain buffer and from a dictionary-backed one.
struct DictionaryCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var column: TestColumn
    var options = ParquetWriterOptions(createdBy: "dictionary test")
    /// Copies of each distinct string in the input dictionary.
    var copies = 1
    /// Entries of the input dictionary that no row uses.
    var unused = 0

    func dictionary() -> ParquetStringDictionary {
        ParquetStringDictionary(column.entries(copies: copies, unused: unused))
    }
}

/// A dictionary-backed buffer encodes to the very column chunk a plain buffer of the same
/// strings does, byte for byte, through `ParquetColumnChunkEncoder` and through `write`.
@Suite struct DictionaryBackedBufferTests {
    static let events = ["Page Viewed", "Product Clicked", "Order Completed", "Signed Up", ""]

    static let cases: [DictionaryCase] = [
        DictionaryCase(
            testDescription: "few distinct strings with nulls",
            column: Tables.column("event", .string, 30_000, nullEvery: 7) {
                .string(events[$0 % 5])
            }),
        DictionaryCase(testDescription: "empty buffer", column: TestColumn("s", .string, [])),
        DictionaryCase(
            testDescription: "only nulls",
            column: TestColumn("s", .string, Array(repeating: nil, count: 100))),
        DictionaryCase(
            testDescription: "each string three times in the input dictionary",
            column: Tables.column("event", .string, 5_000, nullEvery: 4) {
                .string("kind-\($0 % 40)")
            }, copies: 3),
        DictionaryCase(
            testDescription: "entries no row uses",
            column: Tables.column("event", .string, 2_000, nullEvery: 9) {
                .string("kind-\($0 % 13)")
            }, unused: 5_000),
        DictionaryCase(
            testDescription: "JSON values",
            column: Tables.column("doc", .json, 5_000, nullEvery: 5) {
                .string("{\"n\":\($0 % 97)}")
            }),
        DictionaryCase(
            testDescription: "dictionary past its limit falls back to PLAIN",
            column: Tables.column("id", .string, 5_000, nullEvery: 11) {
                .string("message-\($0 * 7_919 % 4_000)")
            },
            options: ParquetWriterOptions(pageTargetBytes: 2_048, dictionaryLimitBytes: 4_096),
            copies: 2),
        DictionaryCase(
            testDescription: "unique values go PLAIN at the profitability check",
            column: Tables.column("id", .string, 30_000, nullEvery: 13) {
                .string("msg-\($0 * 2_654_435_761 % 1_000_003)")
            }, copies: 2),
        DictionaryCase(
            testDescription: "repeated values keep the dictionary past the check",
            column: Tables.column("user", .string, 30_000, nullEvery: 3) {
                .string("user-\($0 * 7 % 2_000)")
            }),
        DictionaryCase(
            testDescription: "required column",
            column: TestColumn(
                "event", .string, optional: false,
                (0..<3_000).map { .string(events[$0 * 31 % 5]) })),
        DictionaryCase(
            testDescription: "long null runs split by the page byte target",
            column: TestColumn(
                "sparse", .string,
                (0..<40_000).map { $0 % 9_000 < 8_000 ? nil : .string("v\($0 % 50)") }),
            options: ParquetWriterOptions(pageTargetBytes: 300)),
        DictionaryCase(
            testDescription: "null runs split by the page row limit",
            column: TestColumn(
                "sparse", .string,
                (0..<20_000).map { ($0 / 37) % 3 == 0 ? nil : .string("v\($0 % 300)") }),
            options: ParquetWriterOptions(pageTargetBytes: 700, pageRowLimit: 333)),
        DictionaryCase(
            testDescription: "short null runs amid values across small pages",
            column: TestColumn(
                "mixed", .string,
                (0..<30_000).map { Self.isNull($0) ? nil : .string("v\($0 * 31 % 300)") }),
            options: ParquetWriterOptions(pageTargetBytes: 500)),
        DictionaryCase(
            testDescription: "short null runs amid new values under a page row limit",
            column: TestColumn(
                "mixed", .string,
                (0..<20_000).map { Self.isNull($0) ? nil : .string("v\($0 % ($0 / 50 + 1))") }),
            options: ParquetWriterOptions(pageRowLimit: 97), copies: 2),
        DictionaryCase(
            testDescription: "dictionary past its limit amid short null runs",
            column: TestColumn(
                "mixed", .string,
                (0..<8_000).map { Self.isNull($0) ? nil : .string("id-\($0 * 7_919 % 3_000)") }),
            options: ParquetWriterOptions(pageTargetBytes: 1_024, dictionaryLimitBytes: 6_000)),
        DictionaryCase(
            testDescription: "unique values with short null runs go PLAIN at the check",
            column: TestColumn(
                "mixed", .string,
                (0..<30_000).map {
                    Self.isNull($0) ? nil : .string("m-\($0 * 2_654_435_761 % 1_000_003)")
                })),
        DictionaryCase(
            testDescription: "long strings get shortened statistics",
            column: Tables.column("text", .string, 500, nullEvery: 6) {
                .string(String(repeating: "é", count: 40 + $0 % 70) + "\($0 % 17)")
            }),
        DictionaryCase(
            testDescription: "empty and unicode strings",
            column: Tables.column("text", .string, 1_000, nullEvery: 10) {
                .string(["", "é", "日本語", "😀👍🏽", "a\u{0}b", "\u{FFFF}"][$0 % 6])
            }),
        DictionaryCase(
            testDescription: "dictionary disabled",
            column: Tables.column("event", .string, 3_000, nullEvery: 7) {
                .string(events[$0 % 5])
            }, options: ParquetWriterOptions(dictionaryLimitBytes: 0)),
    ]

    /// Nulls in short uneven runs: about two rows in five, in runs of one to a few rows.
    static func isNull(_ row: Int) -> Bool {
        ((row &* 2_654_435_761) >> 7) % 5 < 2
    }

    @Test(arguments: cases)
    func encoderGivesTheSameChunk(_ testCase: DictionaryCase) throws {
        let rows = 0..<testCase.column.values.count
        let plain = testCase.column.buffer(rows: rows)
        let backed = testCase.column.dictionaryBuffer(
            rows: rows, dictionary: testCase.dictionary())
        let spec = testCase.column.spec
        let expected = try ParquetColumnChunkEncoder.encode(
            plain, spec: spec, options: testCase.options, path: "plain")
        let chunk = try ParquetColumnChunkEncoder.encode(
            backed, spec: spec, options: testCase.options, path: "backed")

        #expect(chunk.byteCount == expected.byteCount)
        #expect(chunk.uncompressedByteCount == expected.uncompressedByteCount)
        #expect(chunk.statistics.min == expected.statistics.min)
        #expect(chunk.statistics.max == expected.statistics.max)
        #expect(chunk.statistics.nullCount == expected.statistics.nullCount)
        let name = testCase.testDescription
        let files = try [expected, chunk].enumerated().map { index, chunk in
            try Self.fileBytes("\(name) \(index)", [spec], testCase.options) {
                try $0.writeRowGroup([chunk])
            }
        }
        #expect(files[0] == files[1])
    }

    @Test(arguments: cases)
    func bulkAppendGivesTheSameChunk(_ testCase: DictionaryCase) throws {
        let rows = 0..<testCase.column.values.count
        let dictionary = testCase.dictionary()
        let (spec, options) = (testCase.column.spec, testCase.options)
        let rowByRow = testCase.column.dictionaryBuffer(rows: rows, dictionary: dictionary)
        let bulk = testCase.column.dictionaryBuffer(
            rows: rows, dictionary: dictionary, inBulk: true)
        #expect(bulk.count == rowByRow.count && bulk.nullCount == rowByRow.nullCount)
        #expect(bulk.estimatedByteSize == rowByRow.estimatedByteSize)

        let files = try [rowByRow, bulk].enumerated().map { index, buffer in
            let chunk = try ParquetColumnChunkEncoder.encode(
                buffer, spec: spec, options: options, path: "bulk")
            return try Self.fileBytes("\(testCase.testDescription) bulk \(index)", [spec], options)
            {
                try $0.writeRowGroup([chunk])
            }
        }
        #expect(files[0] == files[1])
    }

    @Test(arguments: cases)
    func writeGivesTheSameFile(_ testCase: DictionaryCase) throws {
        let (column, spec) = (testCase.column, testCase.column.spec)
        let batches = stride(from: 0, to: column.values.count, by: 1_234).map {
            $0..<min(column.values.count, $0 + 1_234)
        }
        let name = testCase.testDescription
        let expected = try Self.fileBytes("\(name) plain", [spec], testCase.options) { writer in
            for rows in batches { try writer.write([column.buffer(rows: rows)]) }
        }
        let shared = testCase.dictionary()
        let sharing = try Self.fileBytes("\(name) shared", [spec], testCase.options) { writer in
            for rows in batches {
                try writer.write([column.dictionaryBuffer(rows: rows, dictionary: shared)])
            }
        }
        // A new dictionary object per batch makes the chunk start a new index map mid-chunk.
        let fresh = try Self.fileBytes("\(name) fresh", [spec], testCase.options) { writer in
            for rows in batches {
                let dictionary = testCase.dictionary()
                try writer.write([column.dictionaryBuffer(rows: rows, dictionary: dictionary)])
            }
        }
        #expect(sharing == expected)
        #expect(fresh == expected)
    }

    /// The bytes of a file `body` writes, which is then removed.
    static func fileBytes(
        _ name: String, _ columns: [ParquetColumnSpec], _ options: ParquetWriterOptions,
        _ body: (ParquetFileWriter) throws -> Void
    ) throws -> Data {
        let path = try TemporaryDirectory.shared.path(for: name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, columns: columns, options: options)
        try body(writer)
        _ = try writer.close()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test func bookkeepingMatchesAPlainBuffer() {
        let dictionary = ParquetStringDictionary(["abc", "", "abc", "défg"])
        var backed = ParquetColumnBuffer(type: .json, dictionary: dictionary)
        var plain = ParquetColumnBuffer(type: .json)
        backed.reserveCapacity(rows: 10)
        for index: UInt32 in [0, 1, 2, 3, 3] {
            backed.append(dictionaryIndex: index)
            plain.append(string: String(decoding: dictionary[Int(index)], as: UTF8.self))
        }
        backed.appendNulls(2)
        plain.appendNulls(2)

        #expect(backed.count == 7 && backed.nullCount == 2)
        #expect(backed.estimatedByteSize == plain.estimatedByteSize)
        backed.removeAll(keepingCapacity: true)
        #expect(backed.count == 0 && backed.estimatedByteSize == 0)
        #expect(backed.dictionary === dictionary)
    }

    @Test func dictionaryFromBytesAndOffsets() {
        let dictionary = ParquetStringDictionary(utf8: Array("abcdé".utf8), ends: [1, 1, 3, 6])
        #expect(dictionary.count == 4)
        #expect((0..<4).map { Array(dictionary[$0]) } == [[97], [], [98, 99], Array("dé".utf8)])
    }

    @Test func appendingUTF8ToADictionaryBackedBufferTraps() async {
        await #expect(processExitsWith: .failure) {
            var buffer = ParquetColumnBuffer(
                type: .string, dictionary: ParquetStringDictionary(["a"]))
            buffer.append(string: "a")
        }
    }

    @Test func anIndexPastTheDictionaryTraps() async {
        await #expect(processExitsWith: .failure) {
            var buffer = ParquetColumnBuffer(
                type: .string, dictionary: ParquetStringDictionary(["a", "b"]))
            buffer.append(dictionaryIndex: 2)
        }
    }

    @Test func aNullIndexPastTheDictionaryIsANullRow() throws {
        var bulk = ParquetColumnBuffer(
            type: .string, dictionary: ParquetStringDictionary(["a", "b"]))
        [0, 7, 1, 7].withUnsafeBufferPointer { bulk.append(dictionaryIndexes: $0, nullIndex: 7) }
        var plain = ParquetColumnBuffer(type: .string)
        for value in ["a", nil, "b", nil] {
            if let value { plain.append(string: value) } else { plain.appendNull() }
        }

        #expect(bulk.count == 4 && bulk.nullCount == 2)
        let spec = ParquetColumnSpec(name: "c", type: .string, isOptional: true)
        let written = try [bulk, plain].map { buffer in
            try Self.fileBytes("null index", [spec], ParquetWriterOptions()) {
                try $0.write([buffer])
            }
        }
        #expect(written[0] == written[1])
    }

    /// Bulk indexes split into levels and values as appending them one by one does, for
    /// groups of nulls only, of values only (one of them the null index plus or minus one, or
    /// with the null index in one half of a pair), and mixed, before and after a tail.
    @Test(arguments: [UInt32.max, 7, 0])
    func bulkIndexesMatchOneByOne(nullIndex: UInt32) throws {
        let entries = (0..<10).map { "e\($0)" }
        let dictionary = ParquetStringDictionary(entries)
        let near = [nullIndex &- 1, nullIndex &+ 1].filter { $0 < 10 }
        let groups: [[UInt32]] = [
            Array(repeating: nullIndex, count: 8),
            [1, 2, 3, 4, 5, 6, 8, 9].map { $0 == nullIndex ? 0 : $0 },
            (0..<8).map { near.isEmpty ? 3 : near[$0 % near.count] },
            [nullIndex, 3, 3, nullIndex, 4, 4, 4, nullIndex],
            [4, nullIndex, 4, 4, 4, 4, 4, 4],
            Array(repeating: nullIndex, count: 16),
            [9, 9, 9],
        ]
        let indexes = groups.flatMap { $0 }
        var bulk = ParquetColumnBuffer(type: .string, dictionary: dictionary)
        indexes.withUnsafeBufferPointer {
            bulk.append(dictionaryIndexes: $0, nullIndex: nullIndex)
        }
        var single = ParquetColumnBuffer(type: .string, dictionary: dictionary)
        for index in indexes {
            if index == nullIndex {
                single.appendNull()
            } else {
                single.append(dictionaryIndex: index)
            }
        }

        #expect(bulk.count == single.count && bulk.nullCount == single.nullCount)
        #expect(bulk.nullCount == indexes.filter { $0 == nullIndex }.count)
        #expect(bulk.estimatedByteSize == single.estimatedByteSize)
        let spec = ParquetColumnSpec(name: "c", type: .string, isOptional: true)
        let written = try [bulk, single].map { buffer in
            try Self.fileBytes("bulk \(nullIndex)", [spec], ParquetWriterOptions()) {
                try $0.write([buffer])
            }
        }
        #expect(written[0] == written[1])
    }

    @Test func aBulkIndexPastTheDictionaryAmidValuesOnlyTraps() async {
        await #expect(processExitsWith: .failure) {
            var buffer = ParquetColumnBuffer(
                type: .string, dictionary: ParquetStringDictionary(["a", "b"]))
            [0, 1, 0, 1, 0, 1, 2, 1].withUnsafeBufferPointer {
                buffer.append(dictionaryIndexes: $0, nullIndex: .max)
            }
        }
    }

    @Test func aBulkIndexPastTheDictionaryTraps() async {
        await #expect(processExitsWith: .failure) {
            var buffer = ParquetColumnBuffer(
                type: .string, dictionary: ParquetStringDictionary(["a", "b"]))
            [0, 2, 1].withUnsafeBufferPointer { buffer.append(dictionaryIndexes: $0) }
        }
    }

    @Test func decreasingOffsetsTrap() async {
        await #expect(processExitsWith: .failure) {
            _ = ParquetStringDictionary(utf8: Array("abc".utf8), ends: [2, 1, 3])
        }
    }
}
