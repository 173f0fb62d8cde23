import SluiceHash
import SluiceReader
import Testing

@testable import SluiceJob

/// A worker reserves each file's candidate arrays from the files it read before, so they
/// are written once instead of growing by doubling.
@Suite struct OutcomeSizingTests {
    static func outcome(events: Int, byteCount: Int64, damage: FileDamage? = nil) -> FileOutcome {
        var outcome = FileOutcome(
            file: InputFile(relativePath: "f", absolutePath: "/f", byteCount: byteCount))
        outcome.summary = FileReadSummary(compressedBytes: byteCount, damage: damage)
        for line in 0..<events {
            outcome.append(
                DedupeCandidate(
                    key: DedupeIndex.key("m\(line)"), receivedAt: 0, line: Int32(line),
                    offset: 0, content: Hash128(high: 0, low: 0), isBlocked: false),
                messageId: "message-\(line)")
        }
        return outcome
    }

    static func emptyOutcome() -> FileOutcome {
        FileOutcome(file: InputFile(relativePath: "g", absolutePath: "/g", byteCount: 0))
    }

    @Test func reservesTheLearnedEventsPerByteWithSlack() {
        var sizing = OutcomeSizing()
        sizing.learn(from: Self.outcome(events: 1_000, byteCount: 10_000))
        var next = Self.emptyOutcome()
        sizing.reserve(&next, byteCount: 30_000)

        #expect(next.candidates.capacity >= 3_000)
        #expect(next.candidates.capacity < 4_000)
    }

    @Test func reservesNothingBeforeAnyFileIsLearned() {
        var next = Self.emptyOutcome()
        OutcomeSizing().reserve(&next, byteCount: 30_000)

        #expect(next.candidates.capacity == 0)
    }

    /// A damaged file stopped early: its events per byte would understate the next file's.
    @Test func damagedFileIsNotLearned() {
        var sizing = OutcomeSizing()
        let damage = FileDamage(byteOffset: 10, message: "cut")
        sizing.learn(from: Self.outcome(events: 10, byteCount: 10_000, damage: damage))
        var next = Self.emptyOutcome()
        sizing.reserve(&next, byteCount: 30_000)

        #expect(next.candidates.capacity == 0)
    }

    @Test func reservationStopsAtTheMaximum() {
        var sizing = OutcomeSizing()
        sizing.learn(from: Self.outcome(events: 1_000, byteCount: 1_000))
        var next = Self.emptyOutcome()
        sizing.reserve(&next, byteCount: 1 << 40)

        #expect(next.candidates.capacity >= OutcomeSizing.maximumReservedCandidates)
        #expect(next.candidates.capacity < OutcomeSizing.maximumReservedCandidates * 2)
    }
}
