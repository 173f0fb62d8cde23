import SluiceHash
import SluiceReader
import Testing

@testable import SluiceJob

/// Resolving on several threads, on one, or through spilled sorted runs picks the same
/// winners and finds the same duplicates and conflicts.
@Suite struct DedupeResolverTests {
    /// Three files of 4,000 events over 3,000 ids: resends with the same content (plain
    /// duplicates), resends with other content (conflicts), ties on `receivedAt` broken by file
    /// and line, and events without `receivedAt`, which lose to any copy that has one.
    static func outcomes() -> [FileOutcome] {
        (0..<3).map { file in
            var outcome = FileOutcome(
                file: InputFile(relativePath: "f\(file)", absolutePath: "/f\(file)", byteCount: 0))
            for line in 0..<4_000 {
                let id = (line * 7 + file * 1_009) % 3_000
                let received: Int64 = line % 13 == 0 ? .max : Int64((line * 31 + file) % 50)
                let content = id % 5 == 0 ? UInt64(line % 2) : 7
                outcome.append(
                    DedupeCandidate(
                        key: DedupeIndex.key("m\(id)"), receivedAt: received, line: Int32(line),
                        offset: Int64(line), content: Hash128(high: content, low: UInt64(id)),
                        isBlocked: false, violationTypes: []),
                    messageId: "m\(id)")
            }
            return outcome
        }
    }

    /// Keys spread evenly over the slices the threads take, so each does its share.
    @Test(arguments: [2, 3, 8])
    func keySlicesShareTheKeysEvenly(ranges: Int) {
        var counts = [Int](repeating: 0, count: ranges)
        for id in 0..<8_000 {
            counts[DedupeResolver.range(of: DedupeIndex.key("m\(id)"), in: ranges)] += 1
        }
        let fair = 8_000 / ranges
        #expect(counts.allSatisfy { abs($0 - fair) < fair / 5 }, "\(counts)")
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

    /// One file of `count` events with distinct ids.
    static func distinctOutcomes(count: Int) -> [FileOutcome] {
        var outcome = FileOutcome(
            file: InputFile(relativePath: "f", absolutePath: "/f", byteCount: 0))
        for line in 0..<count {
            outcome.append(
                DedupeCandidate(
                    key: DedupeIndex.key("m\(line)"), receivedAt: 0, line: Int32(line),
                    offset: Int64(line), content: Hash128(high: 0, low: 0), isBlocked: false,
                    violationTypes: []),
                messageId: "m\(line)")
        }
        return [outcome]
    }

    /// Spilled runs by event count, for a budget of 1,024 entries a chunk: a chunk is spilled
    /// only when another entry follows it. The manifest reports this count, so it must not
    /// depend on `--threads`; 1,024 events once counted 1 spilled run on one thread and 0 on
    /// two, which resolve the same entries in memory.
    @Test(arguments: [(1_023, 0), (1_024, 0), (1_025, 1), (2_048, 1), (2_049, 2)])
    func chunkThatIsExactlyFullIsNotCountedAsSpilled(events: Int, spilledRuns: Int) throws {
        let budget = 2 * 1_024 * MemoryLayout<DedupeResolver.Entry>.stride
        let outcomes = Self.distinctOutcomes(count: events)
        let single = try DedupeResolver.resolve(outcomes, memoryBytes: budget, threads: 1)
        #expect(single.spilledRuns == spilledRuns)
        #expect(single.isWinner.joined().allSatisfy { $0 })
        if spilledRuns == 0 {
            let parallel = try DedupeResolver.resolve(outcomes, memoryBytes: budget, threads: 2)
            #expect(parallel.spilledRuns == single.spilledRuns)
        }
    }
}
