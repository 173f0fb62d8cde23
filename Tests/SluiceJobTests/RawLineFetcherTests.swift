import Foundation
import SluiceReader
import Testing

@testable import SluiceJob

/// Raw lines come back byte for byte, also when reading stops after the last one wanted.
@Suite struct RawLineFetcherTests {
    static let lines = (1...10).map { #"{"n":\#($0),"s":"line \#($0) é"}"# }

    static func file() throws -> InputFile {
        let path = NSTemporaryDirectory() + "/raw-line-fetcher-\(UUID().uuidString).jsonl"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return InputFile(relativePath: "a.jsonl", absolutePath: path, byteCount: 0)
    }

    @Test(arguments: [[2, 5], [1], [10], [3, 10, 7], [11], [4, 12]])
    func fetchesTheWantedLines(_ wanted: [Int]) throws {
        let file = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: file.absolutePath) }

        let found = RawLineFetcher.fetch(
            lines: Set(wanted), of: file, options: ReaderOptions(maxLineBytes: 1 << 20))

        let expected = Dictionary(
            uniqueKeysWithValues: wanted.filter { $0 <= Self.lines.count }.map {
                ($0, Array(Self.lines[$0 - 1].utf8))
            })
        #expect(found == expected)
    }
}
