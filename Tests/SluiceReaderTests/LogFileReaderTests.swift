import Testing

@testable import SluiceReader

/// One file and exactly what the reader must make of it.
struct ReaderCase: Sendable, CustomStringConvertible {
    let description: String
    let bytes: @Sendable () throws -> [UInt8]
    let lines: [ReadLine]
    let lineCount: Int
    let blankLineCount: Int
    let compression: String
}

extension ReadLine: @unchecked Sendable {}

let twoLines = Array("{\"a\":1}\n{\"b\":2}\n".utf8)
let twoLinesRead = [ReadLine(1, 0, "{\"a\":1}"), ReadLine(2, 8, "{\"b\":2}")]

@Suite struct LogFileReaderTests {
    static let cases: [ReaderCase] = [
        ReaderCase(
            description: "plain lines", bytes: { twoLines }, lines: twoLinesRead, lineCount: 2,
            blankLineCount: 0, compression: "none"),
        ReaderCase(
            description: "last line without newline", bytes: { Array("a\nbc".utf8) },
            lines: [ReadLine(1, 0, "a"), ReadLine(2, 2, "bc")], lineCount: 2, blankLineCount: 0,
            compression: "none"),
        ReaderCase(
            description: "CRLF", bytes: { Array("a\r\nb\r\nc\r".utf8) },
            lines: [ReadLine(1, 0, "a"), ReadLine(2, 3, "b"), ReadLine(3, 6, "c")], lineCount: 3,
            blankLineCount: 0, compression: "none"),
        ReaderCase(
            description: "BOM only at the start",
            bytes: { [0xEF, 0xBB, 0xBF] + Array("a\n\u{FEFF}b\n".utf8) },
            lines: [ReadLine(1, 3, "a"), ReadLine(2, 5, "\u{FEFF}b")], lineCount: 2,
            blankLineCount: 0, compression: "none"),
        ReaderCase(
            description: "blank lines", bytes: { Array("a\n\n  \t\n\r\nb\n \n".utf8) },
            lines: [ReadLine(1, 0, "a"), ReadLine(5, 9, "b")], lineCount: 6, blankLineCount: 4,
            compression: "none"),
        ReaderCase(
            description: "empty file", bytes: { [] }, lines: [], lineCount: 0, blankLineCount: 0,
            compression: "none"),
        ReaderCase(
            description: "NUL and invalid UTF-8 pass through untouched",
            bytes: { [0x7B, 0x00, 0x7D, 0x0A, 0xFF, 0xFE, 0x0A] },
            lines: [
                ReadLine(1, 0, bytes: [0x7B, 0x00, 0x7D]), ReadLine(2, 4, bytes: [0xFF, 0xFE]),
            ],
            lineCount: 2, blankLineCount: 0, compression: "none"),
        ReaderCase(
            description: "gzip", bytes: { try compress(twoLines, with: "gzip") },
            lines: twoLinesRead,
            lineCount: 2, blankLineCount: 0, compression: "gzip"),
        ReaderCase(
            description: "gzip of nothing", bytes: { try compress([], with: "gzip") }, lines: [],
            lineCount: 0, blankLineCount: 0, compression: "gzip"),
        ReaderCase(
            description: "multi-member gzip split inside a line",
            bytes: {
                try compress(Array("a\nb".utf8), with: "gzip") + compress([], with: "gzip")
                    + compress(Array("c\nd\n".utf8), with: "gzip")
            },
            lines: [ReadLine(1, 0, "a"), ReadLine(2, 2, "bc"), ReadLine(3, 5, "d")], lineCount: 3,
            blankLineCount: 0, compression: "gzip"),
        ReaderCase(
            description: ".gz name on plain text", bytes: { twoLines }, lines: twoLinesRead,
            lineCount: 2, blankLineCount: 0, compression: "none"),
        ReaderCase(
            description: "zstd", bytes: { try compress(twoLines, with: "zstd") },
            lines: twoLinesRead,
            lineCount: 2, blankLineCount: 0, compression: "zstd"),
        ReaderCase(
            description: "zstd of nothing", bytes: { try compress([], with: "zstd") }, lines: [],
            lineCount: 0, blankLineCount: 0, compression: "zstd"),
        ReaderCase(
            description: "multi-frame zstd split inside a line",
            bytes: {
                try compress(Array("a\nb".utf8), with: "zstd")
                    + compress(Array("c\nd\n".utf8), with: "zstd")
            },
            lines: [ReadLine(1, 0, "a"), ReadLine(2, 2, "bc"), ReadLine(3, 5, "d")], lineCount: 3,
            blankLineCount: 0, compression: "zstd"),
        ReaderCase(
            description: "multi-stream bzip2",
            bytes: {
                try compress(Array("a\nb".utf8), with: "bzip2")
                    + compress(Array("c\nd\n".utf8), with: "bzip2")
            },
            lines: [ReadLine(1, 0, "a"), ReadLine(2, 2, "bc"), ReadLine(3, 5, "d")], lineCount: 3,
            blankLineCount: 0, compression: "bzip2"),
        ReaderCase(
            description: "multi-stream xz",
            bytes: {
                try compress(Array("a\nb".utf8), with: "xz")
                    + compress(Array("c\nd\n".utf8), with: "xz")
            },
            lines: [ReadLine(1, 0, "a"), ReadLine(2, 2, "bc"), ReadLine(3, 5, "d")], lineCount: 3,
            blankLineCount: 0, compression: "xz"),
        ReaderCase(
            description: "bzip2", bytes: { try compress(twoLines, with: "bzip2") },
            lines: twoLinesRead, lineCount: 2, blankLineCount: 0, compression: "bzip2"),
        ReaderCase(
            description: "xz", bytes: { try compress(twoLines, with: "xz") }, lines: twoLinesRead,
            lineCount: 2, blankLineCount: 0, compression: "xz"),
        ReaderCase(
            description: "BOM and CRLF inside gzip",
            bytes: { try compress([0xEF, 0xBB, 0xBF] + Array("a\r\n\r\nb".utf8), with: "gzip") },
            lines: [ReadLine(1, 3, "a"), ReadLine(3, 8, "b")], lineCount: 3, blankLineCount: 1,
            compression: "gzip"),
    ]

    @Test(arguments: cases)
    func readsExactly(_ testCase: ReaderCase) throws {
        let fixtures = try Fixtures()
        // Named as what it holds: an empty file named as compressed counts as damaged.
        let name = testCase.compression == "none" ? "logs/file.log" : "logs/file.gz"
        let file = try fixtures.inputFile(name, testCase.bytes())
        let (lines, summary) = try readAll(file)
        #expect(lines.count == testCase.lines.count)
        for (got, want) in zip(lines, testCase.lines) {
            #expect(got.matches(want), "\(got) != \(want)")
        }
        #expect(summary.lineCount == testCase.lineCount)
        #expect(summary.blankLineCount == testCase.blankLineCount)
        #expect(summary.compression == testCase.compression)
        #expect(summary.damage == nil)
    }

    /// Every block size, down to one byte, must cut the same lines at the same offsets.
    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func linesDoNotDependOnBlockSize(blockSize: Int) throws {
        let text =
            [0xEF, 0xBB, 0xBF] + Array("{\"a\":1}\r\n\n  \n".utf8)
            + Array(repeating: UInt8(ascii: "x"), count: 300) + Array("\nlast".utf8)
        let fixtures = try Fixtures()
        let options = ReaderOptions(maxLineBytes: 100, blockSize: 1 << 20, tooLongPrefixBytes: 10)
        for bytes in [text, try compress(text, with: "gzip"), try compress(text, with: "zstd")] {
            let file = try fixtures.inputFile("f.log", bytes)
            let (expected, expectedSummary) = try readAll(file, options: options)
            var small = options
            small.blockSize = blockSize
            let (lines, summary) = try readAll(file, options: small)
            #expect(lines == expected)
            #expect(summary == expectedSummary)
            #expect(expected.map(\.number) == [1, 4, 5])
            #expect(
                expected[1]
                    == ReadLine(4, 16, String(repeating: "x", count: 10), .tooLong(totalBytes: 300))
            )
        }
    }
}
