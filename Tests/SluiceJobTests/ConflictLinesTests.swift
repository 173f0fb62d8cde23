import Foundation
import SluiceHash
import SluiceJSON
import SluiceReader
import Testing

@testable import SluiceJob

/// Losing lines come from where the ingest left them, and the rest are read back byte for
/// byte: the fallback for what the watch did not keep.
@Suite struct ConflictLinesTests {
    static let lines = (1...8).map { #"{"n":\#($0),"s":"copy \#($0) é"}"# }

    /// Each file holds `lines`, read once as the ingest reads it; candidate i of each file is
    /// line i + 1, with the offset and fingerprint the ingest gives it.
    static func outcomes(files: Int) throws -> [FileOutcome] {
        let expected = RawLineFetcherTests.expected(Array(1...lines.count), of: lines)
        return try (0..<files).map { file in
            let path = NSTemporaryDirectory() + "/conflict-lines-\(UUID().uuidString).jsonl"
            let text = lines.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let input = InputFile(relativePath: "f\(file).jsonl", absolutePath: path, byteCount: 0)
            var outcome = FileOutcome(file: input)
            outcome.summary = try LogFileReader(file: input).forEachLine { _ in }
            for index in lines.indices {
                let line = expected[index + 1]!
                outcome.append(
                    DedupeCandidate(
                        key: Hash128(high: 0, low: UInt64(index)), receivedAt: 0,
                        line: Int32(index + 1), offset: line.offset, content: line.content,
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

    /// A file gone since the ingest leaves its losers' lines out, and they are counted.
    @Test func aVanishedFileLeavesItsLinesOut() throws {
        let outcomes = try Self.outcomes(files: 1)
        try FileManager.default.removeItem(atPath: outcomes[0].file.absolutePath)
        let gathered = ConflictLines.gather(
            [(loser: Self.ref(0, 3), winner: Self.ref(0, 0))], outcomes: outcomes,
            options: ReaderOptions(maxLineBytes: 1 << 20), store: nil, threads: 1)
        #expect(gathered.raws.isEmpty)
        #expect(gathered.readBackLines == 1)
        #expect(gathered.missingLines == 1)
    }

    /// A file rewritten since the ingest, even one that `fstat` cannot tell from the file
    /// the ingest read, gives no line that is not the one the ingest read; the record of a
    /// loser without its line says why.
    @Test func aRewrittenFileGivesOnlyTheLinesItStillHolds() throws {
        var outcomes = try Self.outcomes(files: 1)
        defer { try? FileManager.default.removeItem(atPath: outcomes[0].file.absolutePath) }
        var changed = Self.lines
        changed[3] = changed[3].replacingOccurrences(of: "copy", with: "copt")
        let handle = try FileHandle(
            forWritingTo: URL(fileURLWithPath: outcomes[0].file.absolutePath))
        try handle.write(contentsOf: Data((changed.joined(separator: "\n") + "\n").utf8))
        try handle.close()
        // The ingest's identity is taken to be this file's, as a write that set the
        // modification time back would leave it.
        outcomes[0].summary = try LogFileReader(file: outcomes[0].file).forEachLine { _ in }
        let conflicts = [Self.ref(0, 3), Self.ref(0, 5)].map {
            (loser: $0, winner: Self.ref(0, 0))
        }

        let gathered = ConflictLines.gather(
            conflicts, outcomes: outcomes, options: ReaderOptions(maxLineBytes: 1 << 20),
            store: nil, threads: 1)
        let isWinner = outcomes.map { [Bool](repeating: true, count: $0.candidates.count) }
        let records = NightlyRun.conflictRecords(
            conflicts, outcomes, raws: gathered.raws, isWinner: isWinner)

        #expect(gathered.raws == [Self.ref(0, 5): Array(Self.lines[5].utf8)])
        #expect(gathered.missingLines == 1)
        let json = records.map { $0.json.objectValue! }
        #expect(json[0]["raw"] == .null)
        #expect(json[0]["raw_unavailable"]?.stringValue?.contains("changed") == true)
        #expect(json[1]["raw"] == .string(Self.lines[5]))
        #expect(json[1]["raw_unavailable"] == nil)
    }
}

/// Withdrawn copies' lines are read back for their quarantine records only up to a budget:
/// past it, a night of large damaged files would hold every line in memory at once.
@Suite struct WithdrawnBudgetTests {
    @Test func linesPastTheBudgetAreNotReadBackAndSaySo() throws {
        let outcomes = try ConflictLinesTests.outcomes(files: 2)
        defer {
            for o in outcomes { try? FileManager.default.removeItem(atPath: o.file.absolutePath) }
        }
        let withdrawn = (0..<2).flatMap { file in
            (0..<8).map { ConflictLinesTests.ref(Int32(file), Int32($0)) }
        }
        // Every line takes the same bytes with its newline: a budget of three and a bit
        // takes the first three.
        let size = ConflictLinesTests.lines[0].utf8.count + 1
        let (readBack, overBudget) = NightlyRun.withinBudget(
            withdrawn, outcomes, budget: 3 * size + 1)
        #expect(readBack == Array(withdrawn.prefix(3)))
        #expect(overBudget == Set(withdrawn.dropFirst(3)))

        let gathered = ConflictLines.gather(
            [], withdrawn: readBack, outcomes: outcomes, options: ReaderOptions(), store: nil,
            threads: 1)
        let records = NightlyRun.withdrawnRecords(
            withdrawn, outcomes, raws: gathered.raws, overBudget: overBudget)
        #expect(records.prefix(3).allSatisfy { $0.raw != nil })
        #expect(records.dropFirst(3).allSatisfy { $0.raw == nil })
        #expect(
            records.dropFirst(3).allSatisfy { $0.rawUnavailable?.contains("MiB of lines") == true })
    }
}
