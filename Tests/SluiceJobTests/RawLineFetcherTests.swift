import Foundation
import SluiceHash
import SluiceJSON
import SluiceReader
import Testing

@testable import SluiceJob
@testable import SluiceReader

/// Raw lines come back byte for byte, also when reading stops after the last one wanted,
/// and only as the ingest read them.
@Suite struct RawLineFetcherTests {
    static let lines = (1...10).map { #"{"n":\#($0),"s":"line \#($0) é"}"# }

    static func file() throws -> InputFile {
        let path = NSTemporaryDirectory() + "/raw-line-fetcher-\(UUID().uuidString).jsonl"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return InputFile(relativePath: "a.jsonl", absolutePath: path, byteCount: 0)
    }

    /// What the ingest learns of each wanted line of `lines` (written one per line): where it
    /// starts and its fingerprint; a line past the end gets an expectation nothing meets.
    static func expected(_ wanted: [Int], of lines: [String]) -> [Int: RawLineFetcher
        .ExpectedLine]
    {
        var offsets: [Int64] = [0]
        for line in lines { offsets.append(offsets.last! + Int64(line.utf8.count + 1)) }
        var tape = JSONTape()
        var fingerprint = PayloadFingerprint()
        var expected: [Int: RawLineFetcher.ExpectedLine] = [:]
        for number in wanted {
            guard number <= lines.count else {
                expected[number] = .init(offset: 0, content: Hash128(high: 0, low: 0))
                continue
            }
            let bytes = Array(lines[number - 1].utf8)
            let content = bytes.withUnsafeBytes { line in
                try! tape.parse(line)
                return fingerprint.hash(line, tape: tape)
            }
            expected[number] = .init(offset: offsets[number - 1], content: content)
        }
        return expected
    }

    static func identity(of file: InputFile, options: ReaderOptions = ReaderOptions()) throws
        -> FileIdentity
    {
        try #require(try LogFileReader(file: file, options: options).forEachLine { _ in }.identity)
    }

    @Test(arguments: [[2, 5], [1], [10], [3, 10, 7], [11], [4, 12]])
    func fetchesTheWantedLines(_ wanted: [Int]) throws {
        let file = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: file.absolutePath) }

        var effort = RawLineFetcher.Effort()
        let found = RawLineFetcher.fetch(
            lines: Self.expected(wanted, of: Self.lines), of: file,
            identity: try Self.identity(of: file), options: ReaderOptions(maxLineBytes: 1 << 20),
            effort: &effort)

        let expected = Dictionary(
            uniqueKeysWithValues: wanted.filter { $0 <= Self.lines.count }.map {
                ($0, Array(Self.lines[$0 - 1].utf8))
            })
        #expect(found == expected)
    }

    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "/raw-line-fetcher-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// 4,000 lines gzipped, read once with a checkpoint every 4 KiB of text (none in the last
    /// 64 KiB, which igzip decodes ahead of the reads).
    static func checkpointed(in folder: String) throws -> (
        InputFile, [String], ReaderOptions, CheckpointStore, [InflateCheckpoint], FileIdentity
    ) {
        let lines = (1...4_000).map {
            #"{"n":\#($0),"pad":"\#(String(repeating: "p", count: $0 % 50))"}"#
        }
        let plain = folder + "/lines.jsonl"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: plain))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -n -c < '\(plain)' > '\(plain).gz'"]
        try gzip.run()
        gzip.waitUntilExit()
        let file = InputFile(
            relativePath: "lines.jsonl.gz", absolutePath: plain + ".gz", byteCount: 0)

        var options = ReaderOptions(maxLineBytes: 1 << 20, blockSize: 4096)
        options.checkpointInterval = 4096
        let store = try #require(CheckpointStore(directory: folder))
        let summary = try LogFileReader(file: file, options: options).forEachLine(
            checkpointingInto: store
        ) { _ in }
        return (file, lines, options, store, summary.checkpoints, try #require(summary.identity))
    }

    @Test(arguments: [[2, 5], [2_400], [1, 2_500, 4_000], [4_001], [700, 701, 702, 2_300]])
    func readsFromCheckpointsGiveTheSameLines(_ wanted: [Int]) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (file, lines, options, store, checkpoints, identity) = try Self.checkpointed(
            in: folder)
        #expect(checkpoints.count > 20)

        var resumed = RawLineFetcher.Effort()
        let found = RawLineFetcher.fetch(
            lines: Self.expected(wanted, of: lines), of: file, identity: identity,
            options: options, checkpoints: checkpoints, store: store, effort: &resumed)
        var fromStart = RawLineFetcher.Effort()
        let foundFromStart = RawLineFetcher.fetch(
            lines: Self.expected(wanted, of: lines), of: file, identity: identity,
            options: options, effort: &fromStart)

        let expected = Dictionary(
            uniqueKeysWithValues: wanted.filter { $0 <= lines.count }.map {
                ($0, Array(lines[$0 - 1].utf8))
            })
        #expect(found == expected)
        #expect(foundFromStart == expected)
        // Lines past the first checkpoint are read from checkpoints, through far fewer bytes
        // when no line is wanted from the tail without checkpoints.
        if wanted.contains(where: { $0 > 100 && $0 <= lines.count }) {
            #expect(resumed.resumedReads > 0)
        }
        if wanted.allSatisfy({ $0 > 100 && $0 <= 2_400 }) {
            #expect(resumed.plainBytes * 4 < fromStart.plainBytes)
        }
    }

    /// Checkpoints whose states cannot be loaded cost only speed: the lines are read from
    /// the file's start instead.
    @Test func unloadableCheckpointsFallBackToTheStart() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (file, lines, options, store, checkpoints, identity) = try Self.checkpointed(
            in: folder)
        let broken = checkpoints.map { $0.moved(stateBytes: $0.stateBytes - 1) }

        var effort = RawLineFetcher.Effort()
        let found = RawLineFetcher.fetch(
            lines: Self.expected([10, 2_000, 3_500], of: lines), of: file, identity: identity,
            options: options, checkpoints: broken, store: store, effort: &effort)

        #expect(
            found == [
                10: Array(lines[9].utf8), 2_000: Array(lines[1_999].utf8),
                3_500: Array(lines[3_499].utf8),
            ])
        #expect(effort.resumedReads == 0)
    }

    /// A file that is no longer the one the ingest read gives no lines at all, from the
    /// start or from its checkpoints.
    @Test func aChangedFileGivesNoLines() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (file, lines, options, store, checkpoints, identity) = try Self.checkpointed(
            in: folder)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file.absolutePath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0x1F, 0x8B]))
        try handle.close()

        var effort = RawLineFetcher.Effort()
        let found = RawLineFetcher.fetch(
            lines: Self.expected([10, 2_000], of: lines), of: file, identity: identity,
            options: options, checkpoints: checkpoints, store: store, effort: &effort)

        #expect(found.isEmpty)
        #expect(effort.plainBytes == 0)
    }

    /// A file rewritten in place where `fstat` cannot tell (here the identity is taken after
    /// the rewrite, as a filesystem with coarse times could give it): the lines whose bytes
    /// changed are still refused, by their offsets and fingerprints, and the others come back.
    @Test func linesChangedBehindAnUnchangedIdentityAreRefused() throws {
        let file = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: file.absolutePath) }
        let expected = Self.expected([2, 3, 5], of: Self.lines)

        // Line 2 gets other text of its length; lines 3 and 4 (of equal length) swap places.
        var changed = Self.lines
        changed[1] = changed[1].replacingOccurrences(of: "line", with: "lime")
        changed.swapAt(2, 3)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file.absolutePath))
        try handle.write(contentsOf: Data((changed.joined(separator: "\n") + "\n").utf8))
        try handle.close()

        var effort = RawLineFetcher.Effort()
        let found = RawLineFetcher.fetch(
            lines: expected, of: file, identity: try Self.identity(of: file),
            options: ReaderOptions(maxLineBytes: 1 << 20), effort: &effort)

        #expect(found == [5: Array(Self.lines[4].utf8)])
    }

    @Test func linesAreGroupedByTheLastCheckpointBeforeThem() {
        let checkpoints = [4, 10, 15].map {
            InflateCheckpoint(
                plainOffset: Int64($0 * 100), nextLine: $0, isMidLine: false,
                compressedOffset: 0, storeOffset: 0, stateBytes: 0, stateChecksum: 0)
        }
        let groups = RawLineFetcher.groups([1, 3, 4, 9, 20, 21], by: checkpoints)
        #expect(groups.map(\.0?.nextLine) == [nil, 4, 15])
        #expect(groups.map(\.1) == [[1, 3], [4, 9], [20, 21]])
    }
}

extension InflateCheckpoint {
    /// This checkpoint claiming a state of `stateBytes` bytes.
    func moved(stateBytes: Int) -> InflateCheckpoint {
        InflateCheckpoint(
            plainOffset: plainOffset, nextLine: nextLine, isMidLine: isMidLine,
            compressedOffset: compressedOffset, storeOffset: storeOffset, stateBytes: stateBytes,
            stateChecksum: stateChecksum)
    }
}
