import SluiceHash
import SluiceReader
import Testing

@testable import SluiceJob

/// Resolving on several threads, on one, or through spilled sorted runs picks the same
/// winners and finds the same duplicates and conflicts.
@Suite struct DedupeResolverTests {
    /// Three files of 4,000 events over 3,000 ids: resends with the same content (plain
    /// duplicates), resends with other content (conflicts), ties on `receivedAt` broken by file
    /// and line, events without `receivedAt`, which lose to any copy that has one, and copies
    /// the plan blocks, which lose to any it loads.
    static func outcomes(lines: Int = 4_000, ids: Int = 3_000) -> [FileOutcome] {
        (0..<3).map { file in
            var outcome = FileOutcome(
                file: InputFile(relativePath: "f\(file)", absolutePath: "/f\(file)", byteCount: 0))
            for line in 0..<lines {
                let id = (line * 7 + file * 1_009) % ids
                let received: Int64 = line % 13 == 0 ? .max : Int64((line * 31 + file) % 50)
                let content = id % 5 == 0 ? UInt64(line % 2) : 7
                outcome.append(
                    DedupeCandidate(
                        key: DedupeIndex.key("m\(id)"), receivedAt: received, line: Int32(line),
                        offset: Int64(line), content: Hash128(high: content, low: UInt64(id)),
                        isBlocked: line % 11 == 3),
                    messageId: "m\(id)")
            }
            return outcome
        }
    }

    /// The dedupe sorts one entry per event of a night in `--dedupe-memory`; the blocked flag
    /// rides in the file index's top bit rather than growing the entry.
    @Test func anEntryTakesFortyEightBytes() {
        #expect(MemoryLayout<DedupeResolver.Entry>.stride == 48)
        let entry = DedupeResolver.Entry(
            key: Hash128(high: 1, low: 2), receivedAt: 3, file: Int32.max, index: 4,
            content: Hash128(high: 5, low: 6), isBlocked: true)
        #expect(entry.file == Int32.max && entry.isBlocked && entry.index == 4)
    }

    /// A blocked first copy of a messageId used to win over a later copy the plan allows, so
    /// neither loaded and the valid copy's record named the blocked one as the copy loaded.
    /// A copy the plan loads now wins over every blocked copy, on every way of resolving;
    /// among blocked copies only, the earliest still wins.
    @Test func aLoadableCopyWinsOverAnEarlierBlockedOne() throws {
        var outcome = FileOutcome(
            file: InputFile(relativePath: "f", absolutePath: "/f", byteCount: 0))
        let copies: [(id: String, received: Int64, content: UInt64, blocked: Bool)] = [
            ("a", 1, 1, true), ("a", 2, 2, false), ("a", 3, 3, false),
            ("b", 1, 1, true), ("b", 2, 2, true),
            ("c", 5, 1, false), ("c", 1, 1, true),
        ]
        for (line, copy) in copies.enumerated() {
            outcome.append(
                DedupeCandidate(
                    key: DedupeIndex.key(copy.id), receivedAt: copy.received, line: Int32(line),
                    offset: Int64(line), content: Hash128(high: copy.content, low: 0),
                    isBlocked: copy.blocked),
                messageId: copy.id)
        }
        for threads in [1, 2] {
            let resolved = try DedupeResolver.resolve(
                [outcome], memoryBytes: 512 << 20, threads: threads)
            #expect(resolved.isWinner == [[false, true, false, true, false, true, false]])
            #expect(resolved.plainDuplicates == 1)
            let conflicts = resolved.conflicts.map { "\($0.loser.index)>\($0.winner.index)" }
            #expect(conflicts == ["0>1", "2>1", "4>3"])
        }
    }

    /// Every event of a night keeps its candidate until the run ends, so its size is part of
    /// what a night's memory grows by per event.
    @Test func aCandidateTakesFiftySixBytes() {
        #expect(MemoryLayout<DedupeCandidate>.stride == 56)
    }

    /// Keys spread evenly over the ranges of buckets the threads take, so each does its share,
    /// and every key falls in exactly one range.
    @Test(arguments: [2, 3, 8])
    func keySlicesShareTheKeysEvenly(ranges: Int) {
        let layout = DedupeResolver.BucketLayout(Self.distinctOutcomes(count: 8_000), shares: 1)
        let counts = (0..<ranges).map { range in
            layout.buckets(ofRange: range, of: ranges).reduce(0) {
                $0 + layout.entries(ofBucket: $1).count
            }
        }
        #expect(counts.reduce(0, +) == 8_000)
        let fair = 8_000 / ranges
        #expect(counts.allSatisfy { abs($0 - fair) < fair / 5 }, "\(counts)")
    }

    /// Each share of the files writes its entries to slots of its own in each bucket, and
    /// together the shares fill every slot once.
    @Test(arguments: [1, 2, 3, 8])
    func sharesFillEveryBucketSlotOnce(shares: Int) {
        let outcomes = Self.outcomes()
        let layout = DedupeResolver.BucketLayout(outcomes, shares: shares)
        var filled = [Int](repeating: 0, count: layout.total)
        for share in 0..<shares {
            var next = layout.shareStarts[share]
            for file in stride(from: share, to: outcomes.count, by: shares) {
                for candidate in outcomes[file].candidates {
                    let bucket = Int(candidate.key.high >> layout.shift)
                    #expect(layout.entries(ofBucket: bucket).contains(next[bucket]))
                    filled[next[bucket]] += 1
                    next[bucket] += 1
                }
            }
        }
        #expect(layout.total == 12_000)
        #expect(filled.allSatisfy { $0 == 1 })
    }

    @Test func threadsAndSpillsGiveTheSameOutcome() throws {
        let outcomes = Self.outcomes()
        let single = try DedupeResolver.resolve(outcomes, memoryBytes: 512 << 20, threads: 1)
        #expect(single.spilledRuns == 0)
        #expect(single.isWinner.joined().filter { $0 }.count == 3_000)
        #expect(single.plainDuplicates > 0 && !single.conflicts.isEmpty)

        let spilled = try DedupeResolver.resolve(outcomes, memoryBytes: 200_000, threads: 2)
        #expect(spilled.spilledRuns > 1)
        for threads in [2, 3, 8] {
            let parallel = try DedupeResolver.resolve(
                outcomes, memoryBytes: 512 << 20, threads: threads)
            for other in [parallel, spilled] {
                #expect(other.isWinner == single.isWinner, "\(threads) threads")
                #expect(other.plainDuplicates == single.plainDuplicates)
                #expect(other.conflicts.map(\.loser) == single.conflicts.map(\.loser))
                #expect(other.conflicts.map(\.winner) == single.conflicts.map(\.winner))
            }
        }
    }

    /// More spilled runs than one merge reads at once (75 runs of 1,024 entries, past two
    /// groups of `SpilledRuns.maximumFanIn`) are merged in passes to the same outcome; they
    /// were once all opened together, which ran out of file descriptors on big nights.
    @Test func runsPastTheFanInMergeInPassesToTheSameOutcome() throws {
        let outcomes = Self.outcomes(lines: 25_000, ids: 20_000)
        let inMemory = try DedupeResolver.resolve(outcomes, memoryBytes: 512 << 20, threads: 2)
        let spilled = try DedupeResolver.resolve(outcomes, memoryBytes: 1, threads: 1)
        #expect(spilled.spilledRuns > 2 * SpilledRuns.maximumFanIn)
        #expect(spilled.isWinner == inMemory.isWinner)
        #expect(spilled.plainDuplicates == inMemory.plainDuplicates)
        #expect(spilled.conflicts.map(\.loser) == inMemory.conflicts.map(\.loser))
        #expect(spilled.conflicts.map(\.winner) == inMemory.conflicts.map(\.winner))
    }

    /// One file of `count` events with distinct ids.
    static func distinctOutcomes(count: Int) -> [FileOutcome] {
        var outcome = FileOutcome(
            file: InputFile(relativePath: "f", absolutePath: "/f", byteCount: 0))
        for line in 0..<count {
            outcome.append(
                DedupeCandidate(
                    key: DedupeIndex.key("m\(line)"), receivedAt: 0, line: Int32(line),
                    offset: Int64(line), content: Hash128(high: 0, low: 0), isBlocked: false),
                messageId: "m\(line)")
        }
        return [outcome]
    }

    /// Spilled runs by event count, for a budget of 2,048 entries: up to that many are resolved
    /// in memory, and past it every chunk of 1,024 (the last one partly full) is spilled. The
    /// manifest reports this count, so it must not depend on `--threads`; 1,024 events once
    /// counted 1 spilled run on one thread and 0 on two, which resolved the same entries in
    /// memory.
    @Test(arguments: [(1_024, 0), (1_025, 0), (2_048, 0), (2_049, 3), (3_072, 3), (3_073, 4)])
    func spilledRunsFollowTheEventCountNotTheThreads(events: Int, spilledRuns: Int) throws {
        let budget = 2 * 1_024 * MemoryLayout<DedupeResolver.Entry>.stride
        let outcomes = Self.distinctOutcomes(count: events)
        let single = try DedupeResolver.resolve(outcomes, memoryBytes: budget, threads: 1)
        #expect(single.spilledRuns == spilledRuns)
        #expect(single.isWinner.joined().allSatisfy { $0 })
        let parallel = try DedupeResolver.resolve(outcomes, memoryBytes: budget, threads: 2)
        #expect(parallel.spilledRuns == single.spilledRuns)
        #expect(parallel.isWinner == single.isWinner)
    }

    /// Entries that fit the whole `--dedupe-memory` budget are resolved in memory, whatever the
    /// parity of their count: an odd count in a budget of exactly its entries' bytes was
    /// spilled in 2 runs, since the bound was twice half the budget rounded down.
    @Test(arguments: [2_049, 3_001])
    func entriesThatFitTheWholeBudgetAreNotSpilled(events: Int) throws {
        let budget = events * MemoryLayout<DedupeResolver.Entry>.stride
        let outcomes = Self.distinctOutcomes(count: events)
        for threads in [1, 2, 3] {
            let outcome = try DedupeResolver.resolve(
                outcomes, memoryBytes: budget, threads: threads)
            #expect(outcome.spilledRuns == 0, "\(threads) threads")
        }
    }
}
