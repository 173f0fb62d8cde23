import Dispatch
import SluiceJSON
import SluiceReader

/// The raw lines of the copies that lost a conflict, and of those withdrawn for their file's
/// damage, for their quarantine records.
///
/// The dedupe has already decided which copies conflict (`PayloadFingerprint`); only the
/// losers' exact bytes are missing, since a worker keeps no raw line of an event it loads.
/// Most were kept during the ingest (`ConflictWatch`) and a blocked loser's is in its blocked
/// record; the rest are read back from their files, each from the checkpoint before it where
/// the ingest left one in `store` (`RawLineFetcher`), else from the file's start.
enum ConflictLines {
    /// The losers' raw lines by candidate, and how they were found.
    struct Gathered: Sendable {
        var raws: [CandidateRef: [UInt8]] = [:]
        /// Lines taken from `FileOutcome.keptLines` or blocked records.
        var keptLines = 0
        /// Lines read back from the input, and from how many files.
        var readBackLines = 0
        var readBackFiles = 0
        /// Lines that could not be read back as the ingest read them (their file changed or
        /// went away), whose records go without their raw bytes.
        var missingLines = 0
        /// How the reading back went.
        var effort = RawLineFetcher.Effort()
        /// The bytes of saved inflate states the ingest left in the checkpoint store.
        var checkpointBytes: Int64 = 0
    }

    /// What the ingest learned of a line to be read back.
    typealias Expected = RawLineFetcher.ExpectedLine

    /// The raw line of each conflict's loser and of each `withdrawn` copy, keyed by its
    /// candidate. Files are read back on up to `threads` threads at once; a line that can no
    /// longer be read as the ingest read it (the file changed or went away since) is absent
    /// and counted in `missingLines`.
    static func gather(
        _ conflicts: [(loser: CandidateRef, winner: CandidateRef)],
        withdrawn: [CandidateRef] = [], outcomes: [FileOutcome], options: ReaderOptions,
        store: CheckpointStore?, threads: Int
    ) -> Gathered {
        var gathered = Gathered()
        gathered.checkpointBytes = store?.storedBytes ?? 0
        let losers = conflicts.map(\.loser) + withdrawn
        var wanted: [Int: [Int: Expected]] = [:]
        for loser in losers {
            let outcome = outcomes[Int(loser.file)]
            if let raw = outcome.keptLines[loser.index] ?? outcome.blocked[loser.index]?.raw {
                gathered.raws[loser] = raw
                gathered.keptLines += 1
            } else {
                let candidate = outcome.candidates[Int(loser.index)]
                wanted[Int(loser.file), default: [:]][Int(candidate.line)] = Expected(
                    offset: candidate.offset, content: candidate.content)
            }
        }
        gathered.readBackLines = wanted.values.map(\.count).reduce(0, +)
        gathered.readBackFiles = wanted.count
        let lines: [Int: [Int: [UInt8]]]
        (lines, gathered.effort) = fetch(
            wanted, outcomes: outcomes, options: options, store: store, threads: threads)

        for loser in losers where gathered.raws[loser] == nil {
            let line = outcomes[Int(loser.file)].candidates[Int(loser.index)].line
            gathered.raws[loser] = lines[Int(loser.file)]?[Int(line)]
            if gathered.raws[loser] == nil { gathered.missingLines += 1 }
        }
        return gathered
    }

    /// The wanted lines of each file, by file and line number, read on up to `threads`
    /// threads (each file by one of them), with what reading them took.
    private static func fetch(
        _ wanted: [Int: [Int: Expected]], outcomes: [FileOutcome], options: ReaderOptions,
        store: CheckpointStore?, threads: Int
    ) -> ([Int: [Int: [UInt8]]], RawLineFetcher.Effort) {
        let files = wanted.keys.sorted()
        let slots = ResultSlots<([Int: [UInt8]], RawLineFetcher.Effort)>(count: files.count)
        let next = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, files.count))) { _ in
            while let index = next.take(below: files.count) {
                let outcome = outcomes[files[index]]
                var effort = RawLineFetcher.Effort()
                let fetched = RawLineFetcher.fetch(
                    lines: wanted[files[index]]!, of: outcome.file,
                    identity: outcome.summary?.identity, options: options,
                    checkpoints: outcome.summary?.checkpoints ?? [], store: store,
                    effort: &effort)
                slots.store((fetched, effort), at: index)
            }
        }
        let results = slots.values()
        let lines = Dictionary(uniqueKeysWithValues: zip(files, results.map(\.0)))
        return (lines, results.map(\.1).reduce(RawLineFetcher.Effort(), +))
    }
}

extension ConflictLines.Gathered {
    /// For the stage's log line: how many lines were kept and how many read back.
    var details: [(String, JSONValue)] {
        let counts: [(String, Int64)] = [
            ("kept_lines", Int64(keptLines)), ("read_back_lines", Int64(readBackLines)),
            ("read_back_files", Int64(readBackFiles)), ("read_back_missing", Int64(missingLines)),
            ("read_back_resumed", Int64(effort.resumedReads)),
            ("read_back_bytes", effort.plainBytes), ("checkpoint_bytes", checkpointBytes),
        ]
        return counts.map { ($0.0, .number(JSONNumber($0.1))) }
    }
}
