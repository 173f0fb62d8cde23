import Dispatch
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
    /// For each winner with other copies, the earliest and latest `receivedAt` of all its
    /// copies: the prior dedupe looks from every copy's day, not only the winner's.
    var receivedSpans = ReceivedSpans()
    /// How many sorted runs were spilled to disk (0 when everything fit in memory).
    var spilledRuns = 0
}

/// Deduplicates by `messageId` across the whole run, whatever the file order, in bounded
/// memory.
///
/// Every parsed event becomes a 48-byte entry (messageId key, `receivedAt`, file, index,
/// payload fingerprint, whether the plan blocks it). Entries are sorted by (key, blocked,
/// `receivedAt`, file, index): the first of each key is the copy that wins (a copy the plan
/// loads before any it blocks, then the earliest `receivedAt`, ties to the earliest path and
/// line; an event without `receivedAt` sorts after every event that has one). So a blocked
/// copy never keeps a loadable copy of its messageId out of the tables, and a winner that is
/// blocked means every copy was. When the entries
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
        /// The file's index, with the top bit set when the plan blocks the copy: a flag of its
        /// own would grow the entry from 48 to 56 bytes.
        private var fileAndBlocked: UInt32
        var index: Int32
        var content: Hash128

        init(
            key: Hash128, receivedAt: Int64, file: Int32, index: Int32, content: Hash128,
            isBlocked: Bool = false
        ) {
            precondition(file >= 0, "file index \(file) is negative")
            (self.key, self.receivedAt) = (key, receivedAt)
            (self.index, self.content) = (index, content)
            fileAndBlocked = UInt32(file) | (isBlocked ? 1 << 31 : 0)
        }

        var file: Int32 { Int32(bitPattern: fileAndBlocked & 0x7FFF_FFFF) }

        var isBlocked: Bool { fileAndBlocked >> 31 != 0 }

        static func < (a: Entry, b: Entry) -> Bool {
            (a.key, a.fileAndBlocked >> 31, a.receivedAt, a.file, a.index)
                < (b.key, b.fileAndBlocked >> 31, b.receivedAt, b.file, b.index)
        }
    }

    /// Deduplicates `outcomes`' candidates. When their entries fit in `memoryBytes` (2,048
    /// entries at the least), the keys are split into `threads` ranges resolved at once, each
    /// on its own thread (a key's copies all fall in one range), sorted in place; else one
    /// thread sorts chunks of half the budget, since sorting one holds a second copy, spills
    /// every chunk and merges the runs. Which way is taken depends on the count alone, never
    /// on `threads`, so the spilled runs a manifest reports do not either.
    static func resolve(_ outcomes: [FileOutcome], memoryBytes: Int, threads: Int = 1) throws
        -> DedupeOutcome
    {
        let capacity = max(1024, memoryBytes / 2 / MemoryLayout<Entry>.stride)
        let total = outcomes.reduce(0) { $0 + $1.candidates.count }
        if total <= max(2 * 1024, memoryBytes / MemoryLayout<Entry>.stride) {
            return resolveInRanges(outcomes, ranges: max(1, threads))
        }

        var result = DedupeOutcome()
        let winners = Winners(outcomes)
        defer { winners.deallocate() }
        var spill = SpilledRuns()
        defer { spill.removeAll() }

        var chunk: [Entry] = []
        chunk.reserveCapacity(capacity)
        func spillChunk() throws {
            HashOrderSort.sort(&chunk, key: \.key, by: <)
            try spill.write(chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        for (file, outcome) in outcomes.enumerated() {
            for (index, candidate) in outcome.candidates.enumerated() {
                chunk.append(
                    Entry(
                        key: candidate.key, receivedAt: candidate.receivedAt,
                        file: Int32(file), index: Int32(index), content: candidate.content,
                        isBlocked: candidate.isBlocked))
                if chunk.count == capacity { try spillChunk() }
            }
        }
        if !chunk.isEmpty { try spillChunk() }
        chunk = []
        result.spilledRuns = spill.count
        var grouper = Grouper(winners: winners)
        try spill.merge { grouper.take($0) }
        result.plainDuplicates = grouper.plainDuplicates
        result.conflicts = grouper.conflicts
        result.receivedSpans = ReceivedSpans.merged([grouper.receivedSpans])
        result.conflicts.sort { ($0.loser.file, $0.loser.index) < ($1.loser.file, $1.loser.index) }
        result.isWinner = winners.arrays(outcomes)
        return result
    }

    /// Whether each candidate won, flat, so threads resolving distinct keys can mark theirs
    /// at once (each candidate is marked by the one thread that owns its key).
    struct Winners: @unchecked Sendable {
        let flags: UnsafeMutableBufferPointer<Bool>
        /// Where each file's candidates start in `flags`.
        let starts: [Int]

        init(_ outcomes: [FileOutcome]) {
            var starts: [Int] = []
            var total = 0
            for outcome in outcomes {
                starts.append(total)
                total += outcome.candidates.count
            }
            self.starts = starts
            flags = .allocate(capacity: max(1, total))
            flags.initialize(repeating: false)
        }

        func mark(_ entry: Entry) {
            flags[starts[Int(entry.file)] + Int(entry.index)] = true
        }

        /// The flags per file, as `DedupeOutcome.isWinner` holds them.
        func arrays(_ outcomes: [FileOutcome]) -> [[Bool]] {
            outcomes.indices.map { file in
                Array(flags[starts[file]..<starts[file] + outcomes[file].candidates.count])
            }
        }

        func deallocate() {
            flags.deallocate()
        }
    }

    /// Walks entries in sorted order, one key group at a time: marks each key's first entry
    /// the winner and counts or lists the rest.
    struct Grouper: Sendable {
        let winners: Winners
        private var winner: Entry?
        private(set) var plainDuplicates = 0
        private(set) var conflicts: [(loser: CandidateRef, winner: CandidateRef)] = []
        private(set) var receivedSpans = ReceivedSpans()

        init(winners: Winners) {
            self.winners = winners
        }

        mutating func take(_ entry: Entry) {
            guard let current = winner, current.key == entry.key else {
                winner = entry
                winners.mark(entry)
                return
            }
            receivedSpans.widen(
                CandidateRef(file: current.file, index: current.index), own: current.receivedAt,
                by: entry.receivedAt)
            if entry.content == current.content {
                plainDuplicates += 1
            } else {
                conflicts.append(
                    (
                        CandidateRef(file: entry.file, index: entry.index),
                        CandidateRef(file: current.file, index: current.index)
                    ))
            }
        }
    }
}
