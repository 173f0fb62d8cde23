import SluiceHash
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

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
/// bytes per messageId of the run, and never more than `maximumTableBytes`; once full, new
/// messageIds go unwatched and their conflicts are read back. Kept lines total at most
/// `maximumKeptBytes`; plain duplicates are never kept. All calls are safe from any thread.
final class ConflictWatch: Sendable {
    /// Caps the table: 64 MiB watches about six million messageIds, three times the
    /// benchmark night, while a night's dedupe candidates already take about 150 bytes an
    /// event.
    static let maximumTableBytes = 64 << 20
    /// Caps the kept lines: 64 MiB holds about 60,000 conflicting copies of 1 KiB; the
    /// benchmark night keeps 7,000 (8 MB).
    static let maximumKeptBytes = 64 << 20

    /// Shards with a lock each, so two workers rarely wait for each other.
    private let shards: [Shard]
    private let keptBytes = Atomic<Int>(0)
    private let keptByteLimit: Int

    /// A watch whose table and kept lines stay within the given bytes (tests pass small ones).
    init(
        maximumTableBytes: Int = ConflictWatch.maximumTableBytes,
        maximumKeptBytes: Int = ConflictWatch.maximumKeptBytes
    ) {
        let shardSlots = maximumTableBytes / 8 / ConflictWatch.shardCount
        shards = (0..<ConflictWatch.shardCount).map { _ in Shard(maximumSlots: shardSlots) }
        keptByteLimit = maximumKeptBytes
    }

    private static let shardCount = 64

    /// Notes a copy of the messageId with `key` whose payload has fingerprint `content`, and
    /// whether its line should be kept: some copy noted before it had another payload.
    func isDisputed(key: Hash128, content: Hash128) -> Bool {
        let shard = shards[Int(key.low >> 58)]
        let tag = Table.tag(key: key, content: content)
        return shard.table.withLock { $0.note(tag) }
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

    private final class Shard: Sendable {
        let table: Mutex<Table>

        init(maximumSlots: Int) {
            table = Mutex(Table(maximumSlots: maximumSlots))
        }

        deinit {
            table.withLock { free($0.slots) }
        }
    }

    /// An open-addressing table of 8-byte tags: 40 bits of the messageId's key (their low
    /// bits also pick the slot), 23 bits of the payload fingerprint, and a bit set once a second
    /// payload has been seen. Zero is an empty slot. It starts small and doubles at three
    /// quarters full, up to `maximumSlots`.
    struct Table {
        static let initialSlots = 1 << 10
        private static let disputed: UInt64 = 1
        private static let contentBits: UInt64 = 0xFF_FFFE
        private static let keyBits: UInt64 = ~0xFF_FFFF

        var slots: UnsafeMutablePointer<UInt64>
        private var capacity = Table.initialSlots
        private var count = 0
        private let maximumSlots: Int

        init(maximumSlots: Int) {
            self.maximumSlots = max(Table.initialSlots, maximumSlots)
            slots = Table.allocate(Table.initialSlots)
        }

        static func tag(key: Hash128, content: Hash128) -> UInt64 {
            // The top bit is always set, so no tag is an empty slot.
            let keyPart = (key.high | 1 << 63) & keyBits
            return keyPart | (content.high ^ content.low) << 1 & contentBits
        }

        /// Notes `tag` and says whether its messageId is disputed; see `isDisputed`.
        mutating func note(_ tag: UInt64) -> Bool {
            var index = home(tag)
            while true {
                let slot = slots[index]
                if slot == 0 {
                    insert(tag, at: index)
                    return false
                }
                if slot & Table.keyBits == tag & Table.keyBits {
                    if slot & Table.disputed != 0 { return true }
                    if slot & Table.contentBits == tag & Table.contentBits { return false }
                    slots[index] = slot | Table.disputed
                    return true
                }
                index = (index + 1) & (capacity - 1)
            }
        }

        private func home(_ tag: UInt64) -> Int {
            Int(truncatingIfNeeded: tag >> 24) & (capacity - 1)
        }

        private mutating func insert(_ tag: UInt64, at index: Int) {
            if (count + 1) * 4 > capacity * 3 {
                // A full table watches no new messageIds rather than grow past its bound.
                guard capacity * 2 <= maximumSlots else { return }
                grow()
                place(tag)
            } else {
                slots[index] = tag
            }
            count += 1
        }

        private mutating func grow() {
            let old = slots
            let oldCapacity = capacity
            capacity *= 2
            slots = Table.allocate(capacity)
            for index in 0..<oldCapacity where old[index] != 0 { place(old[index]) }
            free(old)
        }

        /// Puts `tag` in the first empty slot from its home; the count is the caller's.
        private mutating func place(_ tag: UInt64) {
            var index = home(tag)
            while slots[index] != 0 { index = (index + 1) & (capacity - 1) }
            slots[index] = tag
        }

        private static func allocate(_ count: Int) -> UnsafeMutablePointer<UInt64> {
            let raw = calloc(count, MemoryLayout<UInt64>.stride)!
            return raw.bindMemory(to: UInt64.self, capacity: count)
        }
    }
}
