import Foundation

@testable import SluiceReader

/// Temporary files for one test, removed when the value is released.
final class Fixtures {
    let root: String

    init() throws {
        let base =
            FileManager.default.temporaryDirectory.path + "/sluice-reader-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        root = base
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `bytes` at `relative` (creating folders) and returns the absolute path.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let path = root + "/" + relative
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func inputFile(_ relative: String, _ bytes: [UInt8]) throws -> InputFile {
        let path = try write(relative, bytes)
        return InputFile(relativePath: relative, absolutePath: path, byteCount: Int64(bytes.count))
    }
}

/// Compresses bytes with a system command (`gzip`, `zstd`, `bzip2`, `xz`), reading and
/// writing through files so large inputs cannot deadlock a pipe.
func compress(_ bytes: [UInt8], with tool: String) throws -> [UInt8] {
    let fixtures = try Fixtures()
    let input = try fixtures.write("in", bytes)
    let output = fixtures.root + "/out"
    let flags = tool == "gzip" ? "-n -c" : tool == "zstd" ? "-q -c" : "-c"

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "\(tool) \(flags) < '\(input)' > '\(output)'"]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw FixtureError(message: "\(tool) exited with \(process.terminationStatus)")
    }
    return Array(try Data(contentsOf: URL(fileURLWithPath: output)))
}

struct FixtureError: Error {
    let message: String
}

/// One line as the reader passed it, copied out of the callback.
struct ReadLine: Equatable, CustomStringConvertible {
    let number: Int
    let offset: Int64
    let text: [UInt8]
    let kind: LogLine.Kind
    let isOversized: Bool

    init(_ number: Int, _ offset: Int64, _ text: String, _ kind: LogLine.Kind = .complete) {
        self.init(number, offset, bytes: Array(text.utf8), kind)
    }

    init(_ number: Int, _ offset: Int64, bytes: [UInt8], _ kind: LogLine.Kind = .complete) {
        self.number = number
        self.offset = offset
        self.text = bytes
        self.kind = kind
        self.isOversized = false
    }

    init(_ line: LogLine) {
        number = line.lineNumber
        offset = line.byteOffset
        text = Array(line.bytes)
        kind = line.kind
        isOversized = line.isOversized
    }

    /// Equality ignoring the oversized flag, for tables that do not set it.
    func matches(_ other: ReadLine) -> Bool {
        number == other.number && offset == other.offset && text == other.text
            && kind == other.kind
    }

    var description: String {
        "#\(number)@\(offset) \(kind) '\(String(decoding: text, as: UTF8.self).prefix(40))'"
    }
}

func readAll(_ file: InputFile, options: ReaderOptions = ReaderOptions()) throws -> (
    [ReadLine], FileReadSummary
) {
    var lines: [ReadLine] = []
    let summary = try LogFileReader(file: file, options: options).forEachLine {
        lines.append(ReadLine($0))
    }
    return (lines, summary)
}

/// NDJSON lines of a recognisable shape, `count` of them, each ending in `\n`.
func sampleLines(_ count: Int) -> [String] {
    (0..<count).map { i in
        "{\"type\":\"track\",\"event\":\"Item \(i)\",\"messageId\":\"m-\(i * 7919 % 10007)\",\"userId\":\"u\(i % 97)\"}"
    }
}

func ndjson(_ lines: [String]) -> [UInt8] {
    Array(lines.map { $0 + "\n" }.joined().utf8)
}
