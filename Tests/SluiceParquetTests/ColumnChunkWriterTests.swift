import Testing

@testable import SluiceParquet

/// Page splitting and dictionary fallback, observed through the chunk writer's counters.
@Suite struct ColumnChunkWriterTests {
    static func strings(_ count: Int, distinct: Int) -> ParquetColumnBuffer {
        var buffer = ParquetColumnBuffer(type: .string)
        for row in 0..<count { buffer.append(string: "value-\(row % distinct)") }
        return buffer
    }

    static func writer(_ type: ParquetColumnType, _ options: ParquetWriterOptions) throws
        -> ColumnChunkWriter
    {
        let scratch = try PageScratch(options: options, filePath: "unused")
        return ColumnChunkWriter(
            spec: ParquetColumnSpec(name: "c", type: type), filePath: "unused", options: options,
            scratch: scratch)
    }

    @Test func lowCardinalityStaysDictionaryEncoded() throws {
        let chunk = try Self.writer(.string, ParquetWriterOptions())
        _ = try chunk.append(Self.strings(50_000, distinct: 5), rows: 0..<50_000, firstValue: 0)
        try chunk.flushPage()
        #expect(chunk.dictionaryDataPages == 3)
        #expect(chunk.plainDataPages == 0)
        #expect(chunk.dictionary.count == 5)
    }

    @Test func dictionaryPastItsLimitFallsBackToPlain() throws {
        let options = ParquetWriterOptions(pageTargetBytes: 1 << 20, dictionaryLimitBytes: 1_000)
        let chunk = try Self.writer(.string, options)
        _ = try chunk.append(
            Self.strings(10_000, distinct: 10_000), rows: 0..<10_000, firstValue: 0)
        try chunk.flushPage()

        #expect(chunk.dictionaryDataPages == 1)
        #expect(chunk.plainDataPages == 1)
        #expect(chunk.dictionary.plainEncodedSize <= 1_000)
        #expect(!chunk.isDictionaryActive)
    }

    @Test(arguments: [(ParquetColumnType.int64, 8), (.int32, 4), (.double, 8), (.boolean, 1)])
    func fixedWidthPagesSplitAtTheTarget(_ type: ParquetColumnType, _ width: Int) throws {
        let options = ParquetWriterOptions(pageTargetBytes: 800, dictionaryLimitBytes: 0)
        let chunk = try Self.writer(type, options)
        var buffer = ParquetColumnBuffer(type: type)
        for row in 0..<1_000 {
            switch type {
            case .int64: buffer.append(Int64(row))
            case .int32: buffer.append(Int32(row))
            case .double: buffer.append(Double(row))
            default: buffer.append(row % 2 == 0)
            }
        }
        _ = try chunk.append(buffer, rows: 0..<1_000, firstValue: 0)
        try chunk.flushPage()
        #expect(chunk.plainDataPages == (1_000 * width + 799) / 800)
    }

    @Test func uniqueValuesAbandonTheDictionaryAtTheCheck() throws {
        let chunk = try Self.writer(.string, ParquetWriterOptions())
        let rows = ColumnChunkWriter.dictionaryCheckValues * 3
        _ = try chunk.append(Self.strings(rows, distinct: rows), rows: 0..<rows, firstValue: 0)
        try chunk.flushPage()

        #expect(!chunk.isDictionaryActive)
        #expect(chunk.dictionary.count == ColumnChunkWriter.dictionaryCheckValues)
        #expect(chunk.dictionaryDataPages == 1)
        #expect(chunk.plainDataPages == 1)
    }

    @Test func repeatedValuesKeepTheDictionaryPastTheCheck() throws {
        let chunk = try Self.writer(.string, ParquetWriterOptions())
        let rows = ColumnChunkWriter.dictionaryCheckValues * 3
        _ = try chunk.append(Self.strings(rows, distinct: 2_000), rows: 0..<rows, firstValue: 0)
        try chunk.flushPage()
        #expect(chunk.isDictionaryActive)
        #expect(chunk.plainDataPages == 0)
    }

    @Test(arguments: [ParquetColumnType.boolean, .int64, .string])
    func pagesCloseAtTheRowLimit(_ type: ParquetColumnType) throws {
        let chunk = try Self.writer(type, ParquetWriterOptions(pageRowLimit: 1_000))
        var buffer = ParquetColumnBuffer(type: type)
        for row in 0..<4_500 {
            if row % 3 == 0 {
                buffer.appendNull()
            } else if type == .boolean {
                buffer.append(true)
            } else if type == .int64 {
                buffer.append(Int64(row))
            } else {
                buffer.append(string: "same")
            }
        }
        _ = try chunk.append(buffer, rows: 0..<4_500, firstValue: 0)
        try chunk.flushPage()
        #expect(chunk.plainDataPages + chunk.dictionaryDataPages == 5)
    }

    static func integers(_ count: Int, distinct: Int) -> ParquetColumnBuffer {
        var buffer = ParquetColumnBuffer(type: .int64)
        for row in 0..<count { buffer.append(Int64(row % distinct) * 1_000_003) }
        return buffer
    }

    @Test(arguments: [
        ("few distinct stay dictionary encoded", 30_000, 100, ParquetWriterOptions(), true),
        ("unique values go PLAIN at the check", 30_000, 30_000, ParquetWriterOptions(), false),
        (
            "the size limit ends the dictionary", 5_000, 5_000,
            ParquetWriterOptions(dictionaryLimitBytes: 8 * 2_000), false
        ),
    ])
    func integerDictionary(
        _ name: String, _ rows: Int, _ distinct: Int, _ options: ParquetWriterOptions,
        _ staysActive: Bool
    ) throws {
        let chunk = try Self.writer(.int64, options)
        _ = try chunk.append(Self.integers(rows, distinct: distinct), rows: 0..<rows, firstValue: 0)
        try chunk.flushPage()
        #expect(chunk.isDictionaryActive == staysActive)
        #expect(chunk.dictionaryDataPages > 0)
        #expect((chunk.plainDataPages == 0) == staysActive)
        #expect(
            chunk.dictionaryPlainSize <= options.dictionaryLimitBytes + 8
                * ColumnChunkWriter.dictionarySliceRows)
    }

    /// Strings in runs of nulls: 5,000 nulls, 3 values, 17 nulls, a value, a null, 40,000
    /// nulls, 2 values.
    static func sparseStrings() -> ParquetColumnBuffer {
        var buffer = ParquetColumnBuffer(type: .string)
        for (nulls, values) in [(5_000, 3), (17, 1), (1, 0), (40_000, 2)] {
            buffer.appendNulls(nulls)
            for value in 0..<values { buffer.append(string: "v\(value)") }
        }
        return buffer
    }

    @Test(arguments: [(300, 20_000), (4_096, 333), (1, 20_000), (700, 1), (1 << 20, 7_000)])
    func nullRunsClosePagesWhereRowByRowChecksWould(_ targetBytes: Int, _ rowLimit: Int) throws {
        let options = ParquetWriterOptions(pageTargetBytes: targetBytes, pageRowLimit: rowLimit)
        let buffer = Self.sparseStrings()
        let bulk = try Self.writer(.string, options)
        _ = try bulk.append(buffer, rows: 0..<buffer.count, firstValue: 0)

        // The rule a run must keep: after each null row, close the page if it is full.
        let single = try Self.writer(.string, options)
        var value = 0
        for row in 0..<buffer.count {
            guard buffer.definitionLevels[row] == 0 else {
                value = try single.append(buffer, rows: row..<(row + 1), firstValue: value)
                continue
            }
            single.pageLevels.append(byte: 0)
            (single.pageRowCount, single.pageNullCount) = (
                single.pageRowCount + 1, single.pageNullCount + 1
            )
            if single.isPageFull { try single.flushPage() }
        }
        single.rowCount = bulk.rowCount

        let (ours, theirs) = (try bulk.finishChunk(), try single.finishChunk())
        let pages = [bulk, single].map { $0.pages.blocks.map { Array($0.bytes) } }
        #expect(pages[0] == pages[1])
        #expect(ours.dictionaryPage == theirs.dictionaryPage)
        #expect(bulk.plainDataPages + bulk.dictionaryDataPages > 1)
    }

    @Test func resetStartsAFreshChunk() throws {
        let chunk = try Self.writer(.string, ParquetWriterOptions(dictionaryLimitBytes: 100))
        _ = try chunk.append(Self.strings(1_000, distinct: 1_000), rows: 0..<1_000, firstValue: 0)
        chunk.reset()
        #expect(chunk.isDictionaryActive)
        #expect(chunk.dictionary.count == 0)
        #expect(
            chunk.bufferedBytes == chunk.pageValues.count + chunk.pageLevels.count + chunk
                .pageIndexCount * 4)
    }
}
