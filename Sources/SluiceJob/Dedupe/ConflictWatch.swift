import SluiceHash
import Synchronization

/// Watches the messageIds of a run while its workers read, so that a worker keeps the raw
/// line of a copy that disagrees with an earlier copy of its messageId: such a copy is one
/// side of a conflict, and the side that loses needs its exact bytes for its quarantine
/// record. What is kept here need not be read back from the input after the dedupe.
///
/// Only a copy seen after a copy with another payload fingerprint can be recognised; the
/// first copy seen of a messageId looks like any unique event, so when it turns out to lose
/// a conflict its line is still read back (`ConflictLines`). Once a messageId has shown two
/// payloads, every later copy of it is kept, since any of them may lose to the winner.
///
/// Bounds: the table has a fixed size, chosen before the reading from the input's bytes
/// (`expectedSlots(compressedBytes:plainBytes:)`), 8 bytes a slot, at most
/// `maximumTableBytes`. A messageId whose slot is not within `Table.maximumProbes` of its
/// home goes unwatched, so a table too small for the night only means more lines read back.
/// Kept lines total at most `maximumKeptBytes`; plain duplicates are never kept. The benchmark
/// night (2M events) holds a 32 MiB table and 6 MB of kept lines.
///
/// All calls are safe from any thread, and none waits: a note claims or marks its slot with
/// one compare-and-swap. A lock taken on every note moved its cache line between the cores
/// once an event, a miss that cost more than the note itself.
final class ConflictWatch: Sendable {
    /// Caps the table: 64 MiB watches about six million messageIds, three times the
    /// benchmark night, while a night's dedupe candidates already take about 150 bytes an
    /// event.
    static let maximumTableBytes = 64 << 20
    /// Caps the kept lines: 64 MiB holds about 60,000 conflicting copies of 1 KiB; the
    /// benchmark night keeps about 5,300 (6 MB) of its 7,000 losers.
    static let maximumKeptBytes = 64 << 20
    /// The fewest slots a table gets, for the smallest inputs.
    static let minimumSlots = 1 << 16

    private let table: Table
    private let keptBytes = Atomic<Int>(0)
    private let keptByteLimit: Int

    /// A watch of `slots` slots (rounded up to a power of two, within `minimumSlots` and
    /// `maximumTableBytes`) whose kept lines stay within `maximumKeptBytes`.
    init(
        slots: Int, maximumTableBytes: Int = ConflictWatch.maximumTableBytes,
        maximumKeptBytes: Int = ConflictWatch.maximumKeptBytes
    ) {
        let most = max(Self.minimumSlots, maximumTableBytes / MemoryLayout<UInt64>.stride)
        var capacity = Self.minimumSlots
        while capacity < slots, capacity * 2 <= most { capacity *= 2 }
        table = Table(capacity: capacity)
        keptByteLimit = maximumKeptBytes
    }

    /// The slots to give a night's table: enough for its messageIds at most three quarters
    /// full, guessed from its bytes at a small event's size, 128 compressed bytes and 512
    /// plain ones (the benchmark's events take about 170 and 1,100).
    static func expectedSlots(compressedBytes: Int64, plainBytes: Int64) -> Int {
        // Far past any table's cap, and far below where `* 4` could overflow.
        let events = min(compressedBytes / 128 + plainBytes / 512, 1 << 40)
        return Int(events) / 3 * 4
    }

    /// The table's slot count, a power of two.
    var capacity: Int { table.capacity }

    /// Notes a copy of the messageId with `key` whose payload has fingerprint `content`, and
    /// whether its line should be kept: some copy noted before it had another payload.
    func isDisputed(key: Hash128, content: Hash128) -> Bool {
        table.note(Table.tag(key: key, content: content))
    }

    /// Starts loading the slot `isDisputed(key:content:)` will read first for `key`, so that
    /// when the copy's fingerprint is ready, a few microseconds later, the slot is in cache: a
    /// table of millions of slots misses the cache on nearly every note, and on this project's
    /// machines a miss costs more than the rest of the note.
    func prefetch(key: Hash128) {
        table.prefetch(Table.tag(key: key, content: Hash128(high: 0, low: 0)))
    }

    /// Notes `candidate`, the copy at `index` of `outcome`'s file whose line is `line`, and
    /// keeps a copy of the line in `outcome.keptLines` when its messageId is disputed and the
    /// line fits the budget. A blocked copy is noted but not kept: its quarantine record
    /// already holds its line.
    func note(
        _ candidate: DedupeCandidate, line: UnsafeRawBufferPointer, at index: Int32,
        in outcome: inout FileOutcome
    ) {
        guard isDisputed(key: candidate.key, content: candidate.content), !candidate.isBlocked,
            reserve(line.count)
        else { return }
        outcome.keptLines[index] = Array(line)
    }

    /// Takes `count` bytes of the kept-line budget, or returns false, taking nothing, when
    /// they do not fit.
    func reserve(_ count: Int) -> Bool {
        let total = keptBytes.wrappingAdd(count, ordering: .relaxed).newValue
        guard total > keptByteLimit else { return true }
        keptBytes.wrappingSubtract(count, ordering: .relaxed)
        return false
    }
}
