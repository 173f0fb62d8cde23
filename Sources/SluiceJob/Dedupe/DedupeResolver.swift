import SluiceHash

#if canImport(Glibc)
    import Glibc
#endif

/// A candidate by file (index in sorted path order) and index within its file.
struct CandidateRef: Hashable, Sendable {
    let file: Int32
    let index: Int32
}

/// The result of deduplicating a run by `messageId`.
struct DedupeOutcome {
    /// Per file, per candidate: whether it is the copy of its messageId that wins.
    var isWinner: [[Bool]] = []
    /// Copies that differ from their winner only in `sentAt` and `receivedAt`.
    var plainDuplicates = 0
    /// Copies whose payload differs otherwise, each with the winner it lost to.
    var conflicts: [(loser: CandidateRef, winner: CandidateRef)] = []
    /// How many sorted runs were spilled to disk (0 when everything fit in memory).
    var spilledRuns = 0
}

/// Deduplicates by `messageId` across the whole run, whatever the file order, in bounded
/// memory.
///
/// Every parsed event becomes a 48-byte entry (messageId key, `receivedAt`, file, index,
/// payload fingerprint). Entries are sorted by (key, `receivedAt`, file, index): the first of
/// each key is the copy that wins (earliest `receivedAt`, ties to the earliest path and line;
/// an event without `receivedAt` sorts after every event that has one). When the entries
/// outgrow `memoryBytes`, sorted runs go to temporary files and are merged, so the dedupe's
/// own memory stays at that bound whatever the night holds. Keys are the 128-bit fingerprint
/// of the messageId (`DedupeIndex.key`); two different ids share one with probability about
/// n²/2^129, below 10^-18 for ten billion ids.
enum DedupeResolver {
    /// Fields a retry is allowed to change: a copy differing only in these is a plain duplicate.
    static let deliveryFields: Set<String> = ["sentAt", "receivedAt"]

    struct Entry {
        var key: Hash128
        var receivedAt: Int64
        var file: Int32
        var index: Int32
        var content: Hash128

        static func < (a: Entry, b: Entry) -> Bool {
            (a.key, a.receivedAt, a.file, a.index) < (b.key, b.receivedAt, b.file, b.index)
        }
    }

    static func resolve(_ outcomes: [FileOutcome], memoryBytes: Int) throws -> DedupeOutcome {
        var result = DedupeOutcome()
        result.isWinner = outcomes.map { Array(repeating: false, count: $0.candidates.count) }
        // Half the budget a chunk: sorting one (`HashOrderSort`) holds a second copy.
        let capacity = max(1024, memoryBytes / 2 / MemoryLayout<Entry>.stride)
        var spill = SpilledRuns()
        defer { spill.removeAll() }

        var chunk: [Entry] = []
        chunk.reserveCapacity(min(capacity, outcomes.reduce(0) { $0 + $1.candidates.count }))
        for (file, outcome) in outcomes.enumerated() {
            for (index, candidate) in outcome.candidates.enumerated() {
                chunk.append(
                    Entry(
                        key: candidate.key, receivedAt: candidate.receivedAt,
                        file: Int32(file), index: Int32(index), content: candidate.content))
                if chunk.count == capacity {
                    HashOrderSort.sort(&chunk, key: \.key, by: <)
                    try spill.write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        }
        HashOrderSort.sort(&chunk, key: \.key, by: <)
        result.spilledRuns = spill.count
        var grouper = Grouper()
        if spill.count == 0 {
            for entry in chunk { grouper.take(entry, into: &result) }
        } else {
            try spill.write(chunk)
            chunk = []
            try spill.merge { grouper.take($0, into: &result) }
        }
        result.conflicts.sort { ($0.loser.file, $0.loser.index) < ($1.loser.file, $1.loser.index) }
        return result
    }

    /// Walks entries in sorted order, one key group at a time.
    struct Grouper {
        private var winner: Entry?

        mutating func take(_ entry: Entry, into result: inout DedupeOutcome) {
            guard let current = winner, current.key == entry.key else {
                winner = entry
                result.isWinner[Int(entry.file)][Int(entry.index)] = true
                return
            }
            if entry.content == current.content {
                result.plainDuplicates += 1
            } else {
                result.conflicts.append(
                    (
                        CandidateRef(file: entry.file, index: entry.index),
                        CandidateRef(file: current.file, index: current.index)
                    ))
            }
        }
    }
}
