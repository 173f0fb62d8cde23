import Foundation
import SluiceHash
import SluiceReader
import Testing

@testable import SluiceJob

/// Losing lines come from where the ingest left them, and the rest are read back byte for
/// byte: the fallback for what the watch did not keep.
@Suite struct ConflictLinesTests {
    static let lines = (1...8).map { #"{"n":\#($0),"s":"copy \#($0) é"}"# }

    /// Each file holds `lines`; candidate i of each file is line i + 1.
    static func outcomes(files: Int) throws -> [FileOutcome] {
        try (0..<files).map { file in
            let path = NSTemporaryDirectory() + "/conflict-lines-\(UUID().uuidString).jsonl"
            let text = lines.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            var outcome = FileOutcome(
                file: InputFile(relativePath: "f\(file).jsonl", absolutePath: path, byteCount: 0))
            for index in lines.indices {
                outcome.append(
                    DedupeCandidate(
                        key: Hash128(high: 0, low: UInt64(index)), receivedAt: 0,
                        line: Int32(index + 1), offset: 0, content: Hash128(high: 0, low: 0),
                        isBlocked: false),
                    messageId: "m\(index)")
            }
            return outcome
        }
    }

    static func ref(_ file: Int32, _ index: Int32) -> CandidateRef {
        CandidateRef(file: file, index: index)
    }

    @Test(arguments: [1, 2])
    func keptLinesAndReadBackLinesAgree(threads: Int) throws {
        var outcomes = try Self.outcomes(files: 3)
        defer {
            for o in outcomes { try? FileManager.default.removeItem(atPath: o.file.absolutePath) }
        }
        // Kept during the ingest, blocked with its record, and read back from two files.
        outcomes[0].keptLines[2] = Array(Self.lines[2].utf8)
        outcomes[1].blocked[5] = QuarantineRecord(
            reason: "blocked", detail: "", file: "f1.jsonl", line: 6, offset: 0,
            raw: Array(Self.lines[5].utf8))
        let losers = [
            Self.ref(0, 2), Self.ref(0, 7), Self.ref(1, 0), Self.ref(1, 5), Self.ref(2, 4),
        ]
        let conflicts = losers.map { (loser: $0, winner: Self.ref(2, 0)) }

        let gathered = ConflictLines.gather(
            conflicts, outcomes: outcomes, options: ReaderOptions(maxLineBytes: 1 << 20),
            store: nil, threads: threads)

        for loser in losers {
            #expect(gathered.raws[loser] == Array(Self.lines[Int(loser.index)].utf8))
        }
        #expect(gathered.keptLines == 2)
        #expect(gathered.readBackLines == 3)
        #expect(gathered.readBackFiles == 3)
    }

    /// A file gone since the ingest leaves its losers' lines out; their records are retried
    /// when written.
    @Test func aVanishedFileLeavesItsLinesOut() throws {
        let outcomes = try Self.outcomes(files: 1)
        try FileManager.default.removeItem(atPath: outcomes[0].file.absolutePath)
        let gathered = ConflictLines.gather(
            [(loser: Self.ref(0, 3), winner: Self.ref(0, 0))], outcomes: outcomes,
            options: ReaderOptions(maxLineBytes: 1 << 20), store: nil, threads: 1)
        #expect(gathered.raws.isEmpty)
        #expect(gathered.readBackLines == 1)
    }
}
