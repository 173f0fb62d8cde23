import Testing

@testable import SluiceParquet

/// Rows appended in one `append(levels:values:ends:)` call make the same buffer, and the same
/// column chunk, as the same rows appended one at a time.
@Suite struct BulkAppendTests {
    /// A row of a test column: nil for a null.
    enum Cell {
        case int(Int64?)
        case text(String?)
    }

    static let cases: [(name: String, type: ParquetColumnType, rows: [Cell])] = [
        ("int64 with nulls", .int64, (0..<37).map { .int($0 % 3 == 0 ? nil : Int64($0) * 7) }),
        ("int64 without nulls", .int64, (0..<9).map { .int(Int64($0)) }),
        ("all nulls", .int64, Array(repeating: .int(nil), count: 11)),
        ("strings with nulls", .string, (0..<23).map { .text($0 % 4 == 1 ? nil : "s\($0 % 5)") }),
        ("empty strings", .json, [.text(""), .text(nil), .text("{}"), .text("")]),
        ("no rows", .string, []),
    ]

    @Test(arguments: cases.indices)
    func bulkRowsEncodeAsRowByRowRows(_ index: Int) throws {
        let (_, type, rows) = Self.cases[index]
        // A bulk call after a row-by-row one must shift string ends past the earlier bytes.
        var (single, bulk) = (ParquetColumnBuffer(type: type), ParquetColumnBuffer(type: type))
        func appendFirstRow(_ buffer: inout ParquetColumnBuffer) {
            type == .int64 ? buffer.append(Int64(-5)) : buffer.append(string: "a")
        }
        appendFirstRow(&single)
        appendFirstRow(&bulk)
        var (levels, values, ends) = ([UInt8](), [UInt8](), [Int]())
        for cell in rows {
            switch cell {
            case .int(let value?):
                single.append(value)
                levels.append(1)
                withUnsafeBytes(of: value) { values += $0 }
            case .text(let value?):
                single.append(string: value)
                levels.append(1)
                values += Array(value.utf8)
                ends.append(values.count)
            case .int(nil), .text(nil):
                single.appendNull()
                levels.append(0)
            }
        }
        levels.withUnsafeBytes { levels in
            values.withUnsafeBytes { values in
                ends.withUnsafeBufferPointer {
                    bulk.append(levels: levels, values: values, ends: $0)
                }
            }
        }

        #expect(bulk.count == single.count)
        #expect(bulk.nullCount == single.nullCount)
        #expect(Array(bulk.definitionLevels) == Array(single.definitionLevels))
        #expect(Array(bulk.utf8) == Array(single.utf8))
        #expect(Array(bulk.ends) == Array(single.ends))
        let spec = ParquetColumnSpec(name: "c", type: type, isOptional: true)
        let encode = { (buffer: ParquetColumnBuffer) in
            try ParquetColumnChunkEncoder.encode(
                buffer, spec: spec, options: ParquetWriterOptions(), path: "/tmp/bulk.parquet")
        }
        let (a, b) = (try encode(bulk), try encode(single))
        #expect(a.dictionaryPage == b.dictionaryPage)
        let pages = { (chunk: ParquetEncodedColumnChunk) in
            chunk.dataPages.blocks.map { Array($0.bytes) }
        }
        #expect(pages(a) == pages(b))
    }
}
