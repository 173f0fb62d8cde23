import SluiceHash

#if canImport(Glibc)
    import Glibc
#endif

extension ConflictWatch {
    /// An open-addressing table of 8-byte tags: the top 40 bits of the messageId's key with
    /// the highest forced to 1 (so 39 bits tell keys apart, and no tag is zero; the low ones
    /// also pick the slot), 23 bits of the payload fingerprint, and a bit set once a second
    /// payload has been seen. Zero is an empty slot. It starts at `initialSlots` and doubles at
    /// three quarters full, up to `maximumSlots`; past that it takes no new messageIds.
    ///
    /// The slots are one allocation, so that past a few MiB they sit on huge pages: notes land
    /// on random slots, and with 4 KiB pages nearly every one would also miss the TLB.
    struct Table: ~Copyable {
        static let initialSlots = 1 << 16
        private static let disputed: UInt64 = 1
        private static let contentBits: UInt64 = 0xFF_FFFE
        private static let keyBits: UInt64 = ~0xFF_FFFF

        private var memory: SlotMemory
        private(set) var capacity = Table.initialSlots
        private var count = 0
        private let maximumSlots: Int

        init(maximumSlots: Int) {
            self.maximumSlots = max(Table.initialSlots, maximumSlots)
            memory = SlotMemory(count: Table.initialSlots)
        }

        deinit {
            memory.release()
        }

        /// Where the slots are, with log2 of their count in the top byte (a user-space address
        /// fits in 48 bits), for `ConflictWatch.prefetch` to find a slot without the lock.
        var address: UInt64 {
            UInt64(UInt(bitPattern: memory.slots)) | UInt64(capacity.trailingZeroBitCount) << 56
        }

        static func tag(key: Hash128, content: Hash128) -> UInt64 {
            // The top bit is always set, so no tag is an empty slot.
            let keyPart = (key.high | 1 << 63) & keyBits
            return keyPart | (content.high ^ content.low) << 1 & contentBits
        }

        /// The slot a tag is looked for first, in a table of `capacity` slots.
        static func home(_ tag: UInt64, capacity: Int) -> Int {
            Int(truncatingIfNeeded: tag >> 24) & (capacity - 1)
        }

        /// Notes `tag` and says whether its messageId is disputed; see `isDisputed`.
        mutating func note(_ tag: UInt64) -> Bool {
            let slots = memory.slots
            var index = Table.home(tag, capacity: capacity)
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

        private mutating func insert(_ tag: UInt64, at index: Int) {
            if (count + 1) * 4 > capacity * 3 {
                // A full table watches no new messageIds rather than grow past its bound.
                guard capacity * 2 <= maximumSlots else { return }
                grow()
                place(tag)
            } else {
                memory.slots[index] = tag
            }
            count += 1
        }

        private mutating func grow() {
            let old = memory
            let oldCapacity = capacity
            capacity *= 2
            memory = SlotMemory(count: capacity)
            for index in 0..<oldCapacity where old.slots[index] != 0 { place(old.slots[index]) }
            old.release()
        }

        /// Puts `tag` in the first empty slot from its home; the count is the caller's.
        private func place(_ tag: UInt64) {
            var index = Table.home(tag, capacity: capacity)
            while memory.slots[index] != 0 { index = (index + 1) & (capacity - 1) }
            memory.slots[index] = tag
        }
    }

    /// Zeroed slots: from `calloc` while small, else mapped on 2 MiB boundaries and marked for
    /// huge pages, which the kernel grants when transparent huge pages are `madvise` or
    /// `always` (and which merely go unused otherwise).
    struct SlotMemory {
        private static let hugePage = 2 << 20

        let slots: UnsafeMutablePointer<UInt64>
        private let mapping: (base: UnsafeMutableRawPointer, length: Int)?

        init(count: Int) {
            let bytes = count * MemoryLayout<UInt64>.stride
            if bytes >= Self.hugePage,
                let base = mmap(
                    nil, bytes + Self.hugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                    -1, 0),
                base != UnsafeMutableRawPointer(bitPattern: -1)
            {
                let aligned =
                    (UInt(bitPattern: base) + UInt(Self.hugePage - 1)) & ~UInt(Self.hugePage - 1)
                let start = UnsafeMutableRawPointer(bitPattern: aligned)!
                _ = madvise(start, bytes, MADV_HUGEPAGE)
                slots = start.bindMemory(to: UInt64.self, capacity: count)
                mapping = (base, bytes + Self.hugePage)
            } else {
                slots = calloc(count, MemoryLayout<UInt64>.stride)!
                    .bindMemory(to: UInt64.self, capacity: count)
                mapping = nil
            }
        }

        func release() {
            if let mapping {
                munmap(mapping.base, mapping.length)
            } else {
                free(slots)
            }
        }
    }
}
