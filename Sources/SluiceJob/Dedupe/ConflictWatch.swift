import CPrefetch
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
/// Bounds: the table holds 8 bytes a slot, at most three quarters full, so about 11 to 21
/// bytes per messageId of the run, and never more than `maximumTableBytes` (while it doubles,
/// the half-size table it leaves is held too); once full, new messageIds go unwatched and
/// their conflicts are read back. Kept lines total at most `maximumKeptBytes`; plain
/// duplicates are never kept. The benchmark night (2M events) holds a 32 MiB table and 6 MB
/// of kept lines.
///
/// All calls are safe from any thread. One lock guards the table: a note holds it for tens of
/// nanoseconds (its slot prefetched, see `prefetch(key:)`) against several microseconds of
/// work a line, so workers rarely meet there.
final class ConflictWatch: Sendable {
    /// Caps the table: 64 MiB watches about six million messageIds, three times the
    /// benchmark night, while a night's dedupe candidates already take about 150 bytes an
    /// event.
    static let maximumTableBytes = 64 << 20
    /// Caps the kept lines: 64 MiB holds about 60,000 conflicting copies of 1 KiB; the
    /// benchmark night keeps about 5,300 (6 MB) of its 7,000 losers.
    static let maximumKeptBytes = 64 << 20

    private let table: Mutex<Table>
    /// `Table.address`, stored under the lock whenever the table grows, read without it by
    /// `prefetch(key:)`; on a cache line of its own, away from the lock's.
    private let tableAddress = PaddedAtomic()
    private let keptBytes = Atomic<Int>(0)
    private let keptByteLimit: Int

    /// A watch whose table and kept lines stay within the given bytes (tests pass small ones).
    init(
        maximumTableBytes: Int = ConflictWatch.maximumTableBytes,
        maximumKeptBytes: Int = ConflictWatch.maximumKeptBytes
    ) {
        let table = Table(maximumSlots: maximumTableBytes / MemoryLayout<UInt64>.stride)
        tableAddress.value.store(table.address, ordering: .relaxed)
        self.table = Mutex(table)
        keptByteLimit = maximumKeptBytes
    }

    /// Notes a copy of the messageId with `key` whose payload has fingerprint `content`, and
    /// whether its line should be kept: some copy noted before it had another payload.
    func isDisputed(key: Hash128, content: Hash128) -> Bool {
        let tag = Table.tag(key: key, content: content)
        return table.withLock { table in
            let capacity = table.capacity
            let isDisputed = table.note(tag)
            if table.capacity != capacity {
                tableAddress.value.store(table.address, ordering: .relaxed)
            }
            return isDisputed
        }
    }

    /// Starts loading the slot `isDisputed(key:content:)` will read first for `key`, so that
    /// when the copy's fingerprint is ready, a few microseconds later, the slot is in cache: a
    /// table of millions of slots misses the cache on nearly every note, and on this project's
    /// machines a miss costs more than the rest of the note. Only a hint: it reads the table's
    /// address without the lock, and an address gone stale by the table growing merely
    /// prefetches memory nobody reads (a prefetch never faults).
    func prefetch(key: Hash128) {
        let address = tableAddress.value.load(ordering: .relaxed)
        let capacity = 1 << Int(address >> 56)
        let tag = Table.tag(key: key, content: Hash128(high: 0, low: 0))
        let slot = UInt64(Table.home(tag, capacity: capacity) * MemoryLayout<UInt64>.stride)
        guard let pointer = UnsafeRawPointer(bitPattern: UInt(address & (1 << 56 - 1) + slot))
        else { return }
        sluice_prefetch_for_write(pointer)
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

/// An atomic word alone on its cache line. A word that shares its line with a lock is missed
/// in the cache every time another thread has taken the lock, though the word itself rarely
/// changes.
private final class PaddedAtomic: Sendable {
    private let before: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
        0, 0, 0, 0, 0, 0, 0, 0
    )
    let value = Atomic<UInt64>(0)
    private let after: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
        0, 0, 0, 0, 0, 0, 0, 0
    )
}
