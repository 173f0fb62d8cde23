import Foundation
import SluiceParquet
import Testing

/// Writes each case, reads it back with pyarrow, DuckDB and polars, and compares every value,
/// null, the schema, and the footer's statistics, encodings and codec.
@Suite struct RoundTripTests {
    static let valueCases: [RoundTripCase] = [
        RoundTripCase(name: "every type with nulls", columns: Tables.allTypes(rows: 300)),
        RoundTripCase(
            name: "every type, required",
            columns: Tables.allTypes(rows: 50).map { column in
                var required = column
                required.spec.isOptional = false
                required.values = column.values.enumerated().map {
                    $1 ?? column.values[($0 + 1) % 50]
                }
                return required
            }),
        RoundTripCase(
            name: "one row",
            columns: Tables.allTypes(rows: 2).map { column in
                TestColumn(column.spec.name, column.spec.type, [column.values[1]])
            }),
        RoundTripCase(
            name: "only nulls",
            columns: Tables.allTypes(rows: 20).map { column in
                TestColumn(column.spec.name, column.spec.type, Array(repeating: nil, count: 20))
            }),
        RoundTripCase(
            name: "empty and unicode strings",
            columns: [
                TestColumn(
                    "text", .string,
                    [
                        .string(""), .string("é"), nil, .string("日本語のテキスト"), .string("😀👍🏽"),
                        .string(""), .string("a\u{0}b"), .string("\u{FFFF}"), .string("zz"),
                        .string(String(repeating: "long ", count: 20_000)),
                    ]),
                TestColumn(
                    "doc", .json,
                    [
                        .string("{}"), .string("[]"), nil, .string("{\"ключ\":\"значение\"}"),
                        .string("[1,2,{\"a\":null}]"), .string("\"\""), .string("{\"e\":\"😀\"}"),
                        .string("null"), .string("[true,false]"), .string("{\"deep\":[[[[1]]]]}"),
                    ]),
            ]),
        RoundTripCase(
            name: "only empty strings",
            columns: [
                TestColumn("s", .string, Array(repeating: .string(""), count: 30)),
                // JSON cannot be empty (DuckDB rejects it); the shortest documents are here.
                TestColumn(
                    "j", .json, Array(repeating: .string("0"), count: 28) + [nil, .string("{}")]),
            ]),
        RoundTripCase(
            name: "integer extremes",
            columns: [
                TestColumn(
                    "i64", .int64,
                    [.int64(.min), .int64(.max), .int64(0), .int64(-1), nil, .int64(1)]),
                TestColumn(
                    "i32", .int32,
                    [.int32(.max), nil, .int32(.min), .int32(0), .int32(-1), .int32(1)]),
                TestColumn(
                    "b", .boolean,
                    [.bool(true), .bool(true), nil, .bool(true), .bool(true), .bool(true)]),
            ]),
        RoundTripCase(
            name: "doubles with NaN, infinities and signed zeros",
            columns: [
                TestColumn(
                    "d", .double,
                    [
                        .double(.nan), .double(.infinity), .double(-.infinity), .double(-0.0),
                        .double(0.0), .double(.greatestFiniteMagnitude),
                        .double(.leastNonzeroMagnitude),
                        .double(-1.5), nil, .double(.pi),
                    ]),
                TestColumn(
                    "zeros", .double,
                    [
                        .double(0.0), .double(-0.0), .double(.nan), nil, .double(0.0), .double(0.0),
                        .double(0.0), .double(0.0), .double(0.0), .double(0.0),
                    ]),
                TestColumn("all_nan", .double, Array(repeating: .double(.nan), count: 10)),
            ]),
        RoundTripCase(
            name: "timestamps before 1970 and in 9999, dates from year 1 to 9999",
            columns: [
                TestColumn(
                    "at", .timestampMicros,
                    [
                        .int64(Tables.firstMicros), .int64(-1), .int64(0), .int64(1), nil,
                        .int64(-Tables.microsPerDay * 365 * 50), .int64(Tables.lastMicros),
                    ]),
                TestColumn(
                    "on", .date,
                    [
                        .int32(Tables.firstDay), .int32(-1), .int32(0), .int32(1), nil,
                        .int32(-25_000), .int32(Tables.lastDay),
                    ]),
            ]),
        RoundTripCase(name: "zero rows", columns: Tables.allTypes(rows: 0)),
        RoundTripCase(
            name: "zero rows after an empty write", columns: Tables.allTypes(rows: 0),
            writesEmptyBatch: true),
        RoundTripCase(
            name: "many row groups", columns: Tables.allTypes(rows: 30_000),
            options: ParquetWriterOptions(rowGroupTargetBytes: 32 * 1024), batchRows: 7_001,
            minimumRowGroups: 5),
        RoundTripCase(
            name: "many pages", columns: Tables.allTypes(rows: 20_000),
            options: ParquetWriterOptions(pageTargetBytes: 512), batchRows: 3_333),
        RoundTripCase(
            name: "dictionary falls back to PLAIN",
            columns: [
                TestColumn(
                    "id", .string,
                    (0..<5_000).map { $0 % 11 == 0 ? nil : .string("message-\($0 * 7919)") }),
                TestColumn("kind", .string, (0..<5_000).map { .string("kind-\($0 % 3)") }),
            ],
            options: ParquetWriterOptions(pageTargetBytes: 2_048, dictionaryLimitBytes: 4_096)),
        RoundTripCase(
            name: "long strings get shortened statistics",
            columns: [
                TestColumn(
                    "s", .string,
                    [
                        .string(String(repeating: "b", count: 100)),
                        .string(String(repeating: "é", count: 80)),
                        .string(String(repeating: "b", count: 70) + "a"), nil,
                    ]),
                TestColumn(
                    "top", .string,
                    [
                        .string(String(repeating: "\u{10FFFF}", count: 30)), .string("a"), nil,
                        .string("b"),
                    ]),
                TestColumn(
                    "j", .json,
                    [
                        .string("[" + String(repeating: "1,", count: 50) + "1]"), nil,
                        .string("{}"), .string("[2]"),
                    ]),
            ]),
        RoundTripCase(
            name: "dictionary disabled", columns: Tables.allTypes(rows: 200),
            options: ParquetWriterOptions(dictionaryLimitBytes: 0)),
    ]

    /// Seeded random values: every type, null densities from none to almost all, NaN and
    /// extremes mixed in, tiny pages and row groups, odd batch sizes.
    static let randomCase: RoundTripCase = {
        var random = SeededRandom(seed: 7)
        let rows = 12_345
        let pool = (0..<300).map { "item-\($0)-" + String(repeating: "x", count: $0 % 40) }
        func column(
            _ name: String, _ type: ParquetColumnType, nullPercent: UInt64,
            _ make: (inout SeededRandom) -> TestValue
        ) -> TestColumn {
            let values: [TestValue?] = (0..<rows).map { _ in
                random.next() % 100 < nullPercent ? nil : make(&random)
            }
            return TestColumn(name, type, values)
        }
        let columns = [
            column("b", .boolean, nullPercent: 50) { .bool($0.next() % 2 == 0) },
            column("i", .int32, nullPercent: 0) { .int32(Int32(truncatingIfNeeded: $0.next())) },
            column("l", .int64, nullPercent: 99) { .int64(Int64(bitPattern: $0.next())) },
            column("d", .double, nullPercent: 10) { random in
                let pick = random.next() % 20
                return .double(
                    pick == 0
                        ? .nan
                        : pick == 1 ? -.infinity : Double(Int64(bitPattern: random.next())) / 1e6)
            },
            column("s", .string, nullPercent: 30) { .string(pool[Int($0.next() % 300)]) },
            column("j", .json, nullPercent: 5) { .string("{\"k\":\($0.next() % 100_000)}") },
            column("t", .timestampMicros, nullPercent: 20) {
                .int64(Int64($0.next() % 400_000_000_000_000) - 62_000_000_000_000_000)
            },
            column("day", .date, nullPercent: 70) {
                .int32(Int32($0.next() % 3_000_000) - 700_000)
            },
        ]
        return RoundTripCase(
            name: "seeded random table", columns: columns,
            options: ParquetWriterOptions(
                rowGroupTargetBytes: 64 * 1024, pageTargetBytes: 700, pageRowLimit: 333,
                dictionaryLimitBytes: 2_000),
            batchRows: 1_234, minimumRowGroups: 2)
    }()

    static let codecCases: [RoundTripCase] = ParquetCodec.allCases.map { codec in
        RoundTripCase(
            name: "codec \(codec.rawValue)", columns: Tables.allTypes(rows: 5_000),
            options: ParquetWriterOptions(
                codec: codec, pageTargetBytes: 4_096, createdBy: "sluice version 0.1.0",
                keyValueMetadata: [
                    (key: "sluice.table", value: "tracks"), (key: "empty", value: ""),
                ]))
    }

    @Test(arguments: valueCases + [randomCase] + codecCases)
    func roundTrip(_ testCase: RoundTripCase) throws {
        let path = try TemporaryDirectory.shared.path(for: testCase.name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let summary = try Self.write(testCase, to: path)
        let back = try PythonReader.read(path)

        Self.expectValues(testCase, back)
        Self.expectSchema(testCase, back)
        Self.expectMetadata(testCase, back, summary)
        Self.expectStatistics(testCase, back, summary)
    }

    static func write(_ testCase: RoundTripCase, to path: String) throws -> ParquetFileSummary {
        let writer = try ParquetFileWriter(
            path: path, columns: testCase.columns.map(\.spec), options: testCase.options)
        if testCase.writesEmptyBatch {
            try writer.write(testCase.columns.map { $0.buffer(rows: 0..<0) })
        }
        for start in stride(from: 0, to: testCase.rowCount, by: testCase.batchRows) {
            let rows = start..<min(testCase.rowCount, start + testCase.batchRows)
            try writer.write(testCase.columns.map { $0.buffer(rows: rows) })
        }
        return try writer.close()
    }

    static func expectValues(_ testCase: RoundTripCase, _ back: ReadBack) {
        #expect(back.pyarrow.num_rows == testCase.rowCount)
        #expect(back.duckdb.num_rows == testCase.rowCount)
        #expect(back.polars.num_rows == testCase.rowCount)
        for column in testCase.columns {
            let expected = column.values.map { $0?.canonical }
            #expect(
                back.pyarrow.columns[column.spec.name] == expected, "pyarrow, \(column.spec.name)")
            #expect(
                back.duckdb.columns[column.spec.name] == expected, "DuckDB, \(column.spec.name)")
            #expect(
                back.polars.columns[column.spec.name] == expected, "polars, \(column.spec.name)")
        }
    }

    static func expectSchema(_ testCase: RoundTripCase, _ back: ReadBack) {
        let arrow = testCase.columns.map {
            ReadBack.Field(
                name: $0.spec.name, type: $0.spec.type.pyarrowType, nullable: $0.spec.isOptional)
        }
        let duck = testCase.columns.map {
            ReadBack.Field(name: $0.spec.name, type: $0.spec.type.duckdbType, nullable: nil)
        }
        let polars = testCase.columns.map {
            ReadBack.Field(name: $0.spec.name, type: $0.spec.type.polarsType, nullable: nil)
        }
        #expect(back.pyarrow.schema == arrow)
        #expect(back.duckdb.schema == duck)
        #expect(back.polars.schema == polars)
        for (column, read) in zip(testCase.columns, back.metadata.columns) {
            #expect(read.converted_type == column.spec.type.convertedType, "\(column.spec.name)")
            #expect(read.max_definition_level == (column.spec.isOptional ? 1 : 0))
        }
    }

    static func expectMetadata(
        _ testCase: RoundTripCase, _ back: ReadBack, _ summary: ParquetFileSummary
    ) {
        let metadata = back.metadata
        #expect(metadata.created_by == testCase.options.createdBy)
        let pairs = Dictionary(testCase.options.keyValueMetadata.map { ($0.key, $0.value) }) { $1 }
        #expect(metadata.key_value_metadata == pairs)
        #expect(metadata.num_rows == testCase.rowCount)
        #expect(summary.rowCount == testCase.rowCount)

        #expect(metadata.row_groups.count == summary.rowGroupCount)
        #expect(
            metadata.row_groups.count >= (testCase.rowCount == 0 ? 0 : testCase.minimumRowGroups))
        #expect(metadata.row_groups.reduce(0) { $0 + $1.num_rows } == testCase.rowCount)
        let size =
            (try? FileManager.default.attributesOfItem(atPath: summary.path)[.size] as? Int) ?? -1
        #expect(summary.byteCount == size)

        // A row group is flushed once its buffered bytes pass the target, checked after at
        // most a sixteenth of the target more was encoded; page headers add a little.
        let target = testCase.options.rowGroupTargetBytes
        for group in metadata.row_groups {
            let written = group.columns.reduce(0) { $0 + $1.total_compressed_size }
            #expect(written <= target + target / 16 + 4_096, "row group of \(written) bytes")
        }

        let codec = testCase.options.codec.rawValue.uppercased()
        for group in metadata.row_groups {
            for chunk in group.columns {
                #expect(chunk.compression == codec)
                #expect(chunk.num_values == group.num_rows)
                #expect(chunk.encodings.contains("PLAIN"))
                #expect(chunk.has_dictionary_page == chunk.encodings.contains("RLE_DICTIONARY"))
            }
        }
    }

    static func expectStatistics(
        _ testCase: RoundTripCase, _ back: ReadBack, _ summary: ParquetFileSummary
    ) {
        let limit = testCase.options.statisticsTruncateBytes
        var start = 0
        for group in back.metadata.row_groups {
            let rows = start..<(start + group.num_rows)
            for (column, chunk) in zip(testCase.columns, group.columns) {
                let expected = column.expectedStatistics(rows: rows)
                let context: Comment = "\(column.spec.name) rows \(rows)"
                #expect(chunk.null_count == expected.nulls, context)
                expectBound(chunk.min, expected.min, isUpper: false, limit: limit, context)
                expectBound(chunk.max, expected.max, isUpper: true, limit: limit, context)
            }
            start = rows.upperBound
        }

        for (column, statistics) in zip(testCase.columns, summary.columnStatistics) {
            let expected = column.expectedStatistics(rows: 0..<testCase.rowCount)
            let context: Comment = "summary \(column.spec.name)"
            #expect(statistics.name == column.spec.name)
            #expect(statistics.nullCount == expected.nulls)
            expectBound(
                statistics.min?.canonical, expected.min, isUpper: false, limit: limit, context)
            expectBound(
                statistics.max?.canonical, expected.max, isUpper: true, limit: limit, context)
        }
    }

    /// A bound equals the exact extreme when that fits `limit` bytes; otherwise it is a
    /// shortened bound: a prefix for minimums, a larger short string for maximums (or the
    /// whole value when none exists).
    static func expectBound(
        _ read: String?, _ exact: String?, isUpper: Bool, limit: Int, _ context: Comment
    ) {
        guard let exact, let read, exact.utf8.count > limit, limit > 0 else {
            #expect(read == exact, context)
            return
        }
        let (readBytes, exactBytes) = (Array(read.utf8), Array(exact.utf8))
        if isUpper {
            #expect(readBytes == exactBytes || readBytes.count <= limit + 4, context)
            #expect(!readBytes.lexicographicallyPrecedes(exactBytes), context)
        } else {
            #expect(readBytes.count <= limit, context)
            #expect(exactBytes.starts(with: readBytes), context)
        }
    }
}

extension ParquetStatisticValue {
    var canonical: String {
        switch self {
        case .boolean(let value): value ? "true" : "false"
        case .int32(let value): String(value)
        case .int64(let value): String(value)
        case .double(let value): String(value.bitPattern)
        case .bytes(let value): String(decoding: value, as: UTF8.self)
        }
    }
}
