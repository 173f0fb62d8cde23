import CPrefetch
import SluiceHash
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension ConflictWatch {
    /// An open-addressing table of 8-byte tags, of a fixed power-of-two size: the top 40 bits
    /// of the messageId's key with the highest forced to 1 (so 39 bits tell keys apart, and no
    /// tag is zero; the low ones also pick the slot), 23 bits of the payload fingerprint, and a
    /// bit set once a second payload has been seen. Zero is an empty slot.
    ///
    /// Threads share it without a lock: a slot only ever goes from empty to a tag, and from a
    /// tag to the same tag marked disputed, each by one compare-and-swap, so a note that loses
    /// a race reads the slot again and decides on what won. A slot once claimed keeps its key
    /// for good, so a probe never misses a key claimed on its path.
    ///
    /// The slots are one mapping, so that past a few MiB they sit on huge pages: notes land
    /// on random slots, and with 4 KiB pages nearly every one would also miss the TLB.
    final class Table: @unchecked Sendable {
        /// Slots a note looks at from a tag's home before it gives the messageId up as
        /// unwatched. Far more than a table three quarters full needs on average (2.5), so it
        /// only bites when the night has more messageIds than the table was sized for.
        static let maximumProbes = 64

        private static let disputed: UInt64 = 1
        private static let contentBits: UInt64 = 0xFF_FFFE
        private static let keyBits: UInt64 = ~0xFF_FFFF

        private let memory: SlotMemory
        let capacity: Int

        /// A table of `capacity` slots, a power of two, or of fewer when the memory cannot be
        /// mapped (a smaller table only watches fewer messageIds).
        init(capacity: Int) {
            precondition(
                capacity > 0 && capacity & (capacity - 1) == 0,
                "A conflict table needs a power-of-two slot count, not \(capacity)")
            var capacity = capacity
            var memory = SlotMemory(count: capacity)
            while memory == nil, capacity > 1 {
                capacity /= 2
                memory = SlotMemory(count: capacity)
            }
            guard let memory else {
                fatalError("Could not map even one slot for the conflict table: out of memory")
            }
            self.capacity = capacity
            self.memory = memory
        }

        deinit {
            memory.release()
        }

        static func tag(key: Hash128, content: Hash128) -> UInt64 {
            // The top bit is always set, so no tag is an empty slot.
            let keyPart = (key.high | 1 << 63) & keyBits
            return keyPart | (content.high ^ content.low) << 1 & contentBits
        }

        /// The slot a tag is looked for first.
        private func home(_ tag: UInt64) -> Int {
            Int(truncatingIfNeeded: tag >> 24) & (capacity - 1)
        }

        /// Starts loading the home slot of `tag`'s key.
        func prefetch(_ tag: UInt64) {
            sluice_prefetch_for_write(memory.slots + home(tag))
        }

        /// Notes `tag` and says whether its messageId is disputed; see `isDisputed`. A
        /// messageId with no slot within `maximumProbes` of its home is never disputed.
        func note(_ tag: UInt64) -> Bool {
            let slots = memory.slots
            var index = home(tag)
            var probes = 0
            while probes < Self.maximumProbes {
                let slot = slots[index].load(ordering: .relaxed)
                if slot == 0 {
                    let (claimed, found) = slots[index].compareExchange(
                        expected: 0, desired: tag, ordering: .relaxed)
                    if claimed { return false }
                    // Another thread claimed the slot first: decide on its tag, as if read.
                    if let answer = Self.answer(tag, found, at: slots + index) { return answer }
                } else if let answer = Self.answer(tag, slot, at: slots + index) {
                    return answer
                }
                index = (index + 1) & (capacity - 1)
                probes += 1
            }
            return false
        }

        /// What a note of `tag` finds in a slot holding `slot` (not empty): nil when the slot
        /// holds another key, else whether the key is disputed, marking it so when `tag` brings
        /// a second payload.
        private static func answer(
            _ tag: UInt64, _ slot: UInt64, at address: UnsafeMutablePointer<Atomic<UInt64>>
        ) -> Bool? {
            guard slot & keyBits == tag & keyBits else { return nil }
            if slot & disputed != 0 { return true }
            if slot & contentBits == tag & contentBits { return false }
            // Whether this note or a racing one sets the mark, the key is disputed now.
            address.pointee.bitwiseOr(disputed, ordering: .relaxed)
            return true
        }
    }

    /// Zeroed slots: mapped on 2 MiB boundaries and marked for huge pages, which the kernel
    /// grants when transparent huge pages are `madvise` or `always` (and which merely go
    /// unused otherwise). Zero bytes are an `Atomic<UInt64>` holding zero, so the mapping is
    /// bound to atomics without writing it.
    struct SlotMemory {
        private static let hugePage = 2 << 20

        let slots: UnsafeMutablePointer<Atomic<UInt64>>
        private let mapping: (base: UnsafeMutableRawPointer, length: Int)

        /// `count` zeroed slots, or nil when the system will not map them.
        init?(count: Int) {
            let bytes = count * MemoryLayout<UInt64>.stride
            let length = bytes + Self.hugePage
            guard
                let base = mmap(
                    nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                base != UnsafeMutableRawPointer(bitPattern: -1)
            else { return nil }
            let aligned =
                (UInt(bitPattern: base) + UInt(Self.hugePage - 1)) & ~UInt(Self.hugePage - 1)
            let start = UnsafeMutableRawPointer(bitPattern: aligned)!
            _ = madvise(start, bytes, MADV_HUGEPAGE)
            slots = start.bindMemory(to: Atomic<UInt64>.self, capacity: count)
            mapping = (base, length)
        }

        func release() {
            munmap(mapping.base, mapping.length)
        }
    }
}
