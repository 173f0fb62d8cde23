import Dispatch
import Foundation
import SluiceHash
import SluiceReader
import Synchronization
import Testing

@testable import SluiceJob

/// Which copies the watch calls disputed, as copies of messageIds arrive in read order.
@Suite struct ConflictWatchTests {
    /// A copy arriving: its messageId, its payload, and whether the watch must call it
    /// disputed (some earlier copy of its messageId had another payload).
    struct Arrival: Sendable {
        var id: UInt64
        var payload: UInt64
        var isDisputed: Bool
    }

    struct Sequence: CustomTestStringConvertible, Sendable {
        var name: String
        var arrivals: [Arrival]
        var testDescription: String { name }
    }

    static func key(_ id: UInt64) -> Hash128 {
        // Spread like real keys: the watch reads shard, slot and tag from different bits.
        withUnsafeBytes(of: id) { Fingerprint128.hash($0) }
    }

    static func content(_ payload: UInt64) -> Hash128 {
        Hash128(high: payload &* 0x9E37_79B9_7F4A_7C15, low: payload)
    }

    @Test(arguments: [
        Sequence(
            name: "unique events",
            arrivals: [
                .init(id: 1, payload: 1, isDisputed: false),
                .init(id: 2, payload: 1, isDisputed: false),
            ]),
        Sequence(
            name: "plain duplicates",
            arrivals: [
                .init(id: 1, payload: 1, isDisputed: false),
                .init(id: 1, payload: 1, isDisputed: false),
                .init(id: 1, payload: 1, isDisputed: false),
            ]),
        Sequence(
            name: "a second payload",
            arrivals: [
                .init(id: 1, payload: 1, isDisputed: false),
                .init(id: 1, payload: 2, isDisputed: true),
            ]),
        Sequence(
            name: "every copy after a second payload",
            arrivals: [
                .init(id: 1, payload: 1, isDisputed: false),
                .init(id: 1, payload: 1, isDisputed: false),
                .init(id: 1, payload: 2, isDisputed: true),
                .init(id: 1, payload: 1, isDisputed: true),
                .init(id: 1, payload: 3, isDisputed: true),
            ]),
        Sequence(
            name: "another messageId is not disputed",
            arrivals: [
                .init(id: 1, payload: 1, isDisputed: false),
                .init(id: 1, payload: 2, isDisputed: true),
                .init(id: 2, payload: 1, isDisputed: false),
                .init(id: 2, payload: 1, isDisputed: false),
            ]),
    ])
    func callsCopiesDisputed(_ sequence: Sequence) {
        let watch = ConflictWatch(slots: 16)
        for (position, arrival) in sequence.arrivals.enumerated() {
            let disputed = watch.isDisputed(
                key: Self.key(arrival.id), content: Self.content(arrival.payload))
            #expect(disputed == arrival.isDisputed, "arrival \(position)")
        }
    }

    /// A table sized for a night finds every messageId of it.
    @Test func findsEveryMessageIdOfTheNightItWasSizedFor() {
        let ids = UInt64(0)..<200_000
        let watch = ConflictWatch(
            slots: ConflictWatch.expectedSlots(
                compressedBytes: Int64(ids.count) * 128, plainBytes: 0))
        #expect(watch.capacity == 1 << 19)
        #expect(ids.allSatisfy { !watch.isDisputed(key: Self.key($0), content: Self.content(1)) })
        #expect(ids.allSatisfy { watch.isDisputed(key: Self.key($0), content: Self.content(2)) })
    }

    /// Past its bound the table watches no new messageIds: their copies are never disputed
    /// (their conflicts' lines are read back), while those it holds still are.
    @Test func stopsWatchingNewMessageIdsWhenFull() {
        let watch = ConflictWatch(slots: 1 << 30, maximumTableBytes: 64 * 1024 * 8)
        #expect(watch.capacity == 64 * 1024)
        let ids = UInt64(0)..<200_000
        for id in ids { _ = watch.isDisputed(key: Self.key(id), content: Self.content(1)) }
        let watched = ids.filter { watch.isDisputed(key: Self.key($0), content: Self.content(2)) }
        #expect(watched.count <= 64 * 1024)
        #expect(watched.count >= 64 * 1024 * 3 / 4)
        #expect(watched.first == 0)
    }

    /// Four threads note the same messageIds, each with its own payload, racing for the same
    /// slots: whatever the interleaving, every copy but the first of each messageId is
    /// disputed.
    @Test func disputesEveryCopyButTheFirstAcrossThreads() {
        let ids = 100_000
        let watch = ConflictWatch(slots: ids / 3 * 4)
        let disputed = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            var count = 0
            for id in 0..<ids {
                let key = Self.key(UInt64((id * 7 + thread * 13) % ids))
                if watch.isDisputed(key: key, content: Self.content(UInt64(thread))) {
                    count += 1
                }
            }
            disputed.withLock { $0 += count }
        }
        #expect(disputed.withLock { $0 } == 3 * ids)
    }

    /// The table is sized from the night's bytes, compressed ones counting four times plain
    /// ones, and stays within its bounds.
    @Test func sizesTheTableFromTheNightsBytes() {
        let small = ConflictWatch(
            slots: ConflictWatch.expectedSlots(
                compressedBytes: 1000, plainBytes: 1000))
        #expect(small.capacity == ConflictWatch.minimumSlots)
        let compressed = ConflictWatch.expectedSlots(compressedBytes: 128 << 20, plainBytes: 0)
        let plain = ConflictWatch.expectedSlots(compressedBytes: 0, plainBytes: 512 << 20)
        #expect(compressed == plain)
        #expect(ConflictWatch(slots: compressed).capacity == 1 << 21)
        let huge = ConflictWatch(
            slots: ConflictWatch.expectedSlots(
                compressedBytes: 1 << 40, plainBytes: 1 << 40))
        #expect(huge.capacity * 8 == ConflictWatch.maximumTableBytes)
    }

    @Test func keptBytesStayWithinTheBudget() {
        let watch = ConflictWatch(slots: 16, maximumKeptBytes: 100)
        #expect(watch.reserve(60))
        #expect(!watch.reserve(50))
        #expect(watch.reserve(40))
        #expect(!watch.reserve(1))
    }

    /// Only a disputed copy that is not blocked is kept, byte for byte.
    @Test func keepsDisputedLinesButNotBlockedOnes() {
        let watch = ConflictWatch(slots: 16)
        var outcome = FileOutcome(
            file: InputFile(relativePath: "a.jsonl", absolutePath: "/nonexistent", byteCount: 0))
        let lines = [#"{"n":1}"#, #"{"n":2}"#, #"{"n":3}"#, #"{"n":4}"#]
        let payloads: [UInt64] = [1, 2, 3, 3]
        let blocked = [false, false, true, false]
        for index in lines.indices {
            let candidate = DedupeCandidate(
                key: Self.key(7), receivedAt: 0, line: Int32(index + 1), offset: 0,
                content: Self.content(payloads[index]), isBlocked: blocked[index])
            Array(lines[index].utf8).withUnsafeBytes {
                watch.note(candidate, line: $0, at: Int32(index), in: &outcome)
            }
        }
        #expect(outcome.keptLines == [1: Array(lines[1].utf8), 3: Array(lines[3].utf8)])
    }
}
