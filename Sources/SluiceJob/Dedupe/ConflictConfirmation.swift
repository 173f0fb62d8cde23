import Dispatch
import SluiceJSON
import SluiceReader

/// Settles the suspected conflicts of a dedupe: copies whose raw fingerprints differ are read
/// back from their files and compared structurally, so copies that differ only in member
/// order, whitespace or escaping are plain duplicates after all.
///
/// Each file holding a suspect is read once more; suspects are rare (a fraction of the
/// duplicates, which are a few percent of a night). The confirmed conflicts' raw lines come
/// back with them, for their quarantine records.
enum ConflictConfirmation {
    /// Moves suspects that are structurally equal into `plainDuplicates`; returns the raw
    /// line of each remaining conflict's loser, keyed by its candidate. Files are read back
    /// on up to `threads` threads at once.
    static func confirm(
        _ dedupe: inout DedupeOutcome, outcomes: [FileOutcome], options: ReaderOptions,
        threads: Int
    ) -> [CandidateRef: [UInt8]] {
        guard !dedupe.conflicts.isEmpty else { return [:] }
        var wanted: [Int: Set<Int>] = [:]
        for pair in dedupe.conflicts {
            for ref in [pair.loser, pair.winner] {
                wanted[Int(ref.file), default: []].insert(
                    Int(outcomes[Int(ref.file)].candidates[Int(ref.index)].line))
            }
        }
        let lines = fetch(wanted, outcomes: outcomes, options: options, threads: threads)

        var raws: [CandidateRef: [UInt8]] = [:]
        var confirmed: [(loser: CandidateRef, winner: CandidateRef)] = []
        for pair in dedupe.conflicts {
            let loserRaw = raw(pair.loser, outcomes, lines)
            let winnerRaw = raw(pair.winner, outcomes, lines)
            if let a = loserRaw.flatMap(payload), let b = winnerRaw.flatMap(payload),
                PayloadFingerprint.hash(a) == PayloadFingerprint.hash(b)
            {
                dedupe.plainDuplicates += 1
                continue
            }
            confirmed.append(pair)
            raws[pair.loser] = loserRaw
        }
        dedupe.conflicts = confirmed
        return raws
    }

    /// The wanted lines of each file, by file and line number, read on up to `threads`
    /// threads (each file by one of them).
    private static func fetch(
        _ wanted: [Int: Set<Int>], outcomes: [FileOutcome], options: ReaderOptions,
        threads: Int
    ) -> [Int: [Int: [UInt8]]] {
        let files = wanted.keys.sorted()
        let inputs = files.map { outcomes[$0].file }
        let numbers = files.map { wanted[$0]! }
        let slots = ResultSlots<[Int: [UInt8]]>(count: files.count)
        let next = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, files.count))) { _ in
            while let index = next.take(below: files.count) {
                let fetched = RawLineFetcher.fetch(
                    lines: numbers[index], of: inputs[index], options: options)
                slots.store(fetched, at: index)
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(files, slots.values()))
    }

    private static func raw(
        _ ref: CandidateRef, _ outcomes: [FileOutcome], _ lines: [Int: [Int: [UInt8]]]
    ) -> [UInt8]? {
        lines[Int(ref.file)]?[Int(outcomes[Int(ref.file)].candidates[Int(ref.index)].line)]
    }

    private static func payload(_ bytes: [UInt8]) -> JSONObject? {
        (try? JSONParser().parse(bytes))?.objectValue
    }
}
