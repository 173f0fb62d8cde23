import SluiceHash

/// A candidate by file (index in sorted path order) and index within its file.
struct CandidateRef: Hashable, Sendable {
    let file: Int32
    let index: Int32
}

/// The result of deduplicating a run by `messageId`.
struct DedupeOutcome {
    /// Per file, per candidate: whether it is the copy of its messageId that wins.
    var isWinner: [[Bool]] = []
    var winnerCount = 0
    /// Copies that differ from their winner only in `sentAt` and `receivedAt`.
    var plainDuplicates = 0
    /// Copies whose payload differs otherwise, each with the winner it lost to.
    var conflicts: [(loser: CandidateRef, winner: CandidateRef)] = []
}

/// Deduplicates by `messageId` across the whole run, whatever the file order.
///
/// The copy with the earliest `receivedAt` wins; ties go to the earliest (path, line), and an
/// event without `receivedAt` sorts after every event that has one. Keys are compared in
/// full, so two messageIds never merge by a hash collision.
// FIXME: the winner table is an in-memory dictionary of every messageId in the run (about
// 100 bytes an id, 200 MB for two million); past `RunConfiguration.dedupeMemoryBytes` it
// should spill sorted runs to disk and merge them, which is not built yet, so a run over
// tens of millions of events needs memory in proportion.
enum DedupeResolver {
    /// Fields a retry is allowed to change: a copy differing only in these is a plain duplicate.
    static let deliveryFields: Set<String> = ["sentAt", "receivedAt"]

    static func resolve(_ outcomes: [FileOutcome]) -> DedupeOutcome {
        var winnerOf: [String: CandidateRef] = [:]
        var losers: [CandidateRef] = []
        var result = DedupeOutcome()
        result.isWinner = outcomes.map { Array(repeating: false, count: $0.candidates.count) }
        for (file, outcome) in outcomes.enumerated() {
            winnerOf.reserveCapacity(winnerOf.count + outcome.candidates.count)
            for (index, candidate) in outcome.candidates.enumerated() {
                let ref = CandidateRef(file: Int32(file), index: Int32(index))
                guard let current = winnerOf[candidate.messageId] else {
                    winnerOf[candidate.messageId] = ref
                    continue
                }
                if candidate.receivedAt
                    < outcomes[Int(current.file)].candidates[Int(current.index)].receivedAt
                {
                    winnerOf[candidate.messageId] = ref
                    losers.append(current)
                } else {
                    losers.append(ref)
                }
            }
        }

        for ref in winnerOf.values { result.isWinner[Int(ref.file)][Int(ref.index)] = true }
        result.winnerCount = winnerOf.count
        for loser in losers {
            let candidate = outcomes[Int(loser.file)].candidates[Int(loser.index)]
            let winner = winnerOf[candidate.messageId]!
            if candidate.content == outcomes[Int(winner.file)].candidates[Int(winner.index)].content
            {
                result.plainDuplicates += 1
            } else {
                result.conflicts.append((loser, winner))
            }
        }
        result.conflicts.sort { ($0.loser.file, $0.loser.index) < ($1.loser.file, $1.loser.index) }
        return result
    }
}
