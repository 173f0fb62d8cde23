/// The distinct strings one key held on one worker, in first-seen order, each with a small
/// id: a repeated value (a library name, a page title, a currency) is stored once and every
/// row holds its 4-byte id.
///
/// Interning stops for good (`isClosed`) once it does not pay: when the entries pass
/// `maximumBytes`, or when, after `checkAfterLookups` values, most values were new (ids,
/// free text). Ids already given stay valid.
///
/// Layout, for few cache misses per lookup (a worker probes dozens of dictionaries per
/// event): each entry's bytes follow its 4-byte id in one byte buffer, and an
/// open-addressing table's 8-byte slot packs 16 bits of the hash, the entry's length and its
/// offset. A probe reads one slot; only a slot whose hash bits and length match leads to the
/// entry, whose id sits in the same cache line as its first bytes.
///
/// Built by one worker thread; read by any number of threads once ingest has finished.
final class KeyDictionary: @unchecked Sendable {
    /// Entries past this many bytes in all close the dictionary: past it a key is most
    /// likely an id, whose lookups would miss the cache more than its repeats save.
    static let maximumBytes = 1 << 20

    /// Past this many entries the dictionary closes too, for the same reason: its table
    /// (16 bytes of slots an entry) would no longer stay in the cache.
    static let maximumEntries = 4096

    /// A value longer than this is never interned (it is stored as text): long values rarely
    /// repeat, and one would take a large share of `maximumBytes`.
    static let maximumEntryBytes = 1024

    /// After this many values the dictionary checks that it pays, and closes if more than
    /// half of them were new.
    static let checkAfterLookups = 4096

    private static let initialSlots = 8
    private static let tagMask: UInt64 = 0xFFFF_0000_0000_0000

    // The fields every lookup reads come first: from `lookups` to the base address of `bytes`
    // they span 48 bytes, one cache line for half of the 16-byte aligned places the object
    // may start at, where the old order (counters after both buffers) always took two.
    private(set) var lookups = 0
    /// Where the entry found or added last starts in `bytes` (0: none yet). Runs of events
    /// often repeat a key's value (a session's library, locale, page), and comparing with the
    /// last entry, whose bytes are still in the cache, is cheaper than a probe.
    private var lastStart = 0
    private(set) var isClosed = false
    private var slots: UnsafeMutableBufferPointer<UInt64>
    /// Each entry as its id (`UInt32`) then its bytes.
    private var bytes = RawBuffer<UInt8>()
    /// Where each entry's bytes start in `bytes`.
    private var starts = RawBuffer<UInt32>()

    init() {
        slots = .allocate(capacity: Self.initialSlots)
        slots.initialize(repeating: 0)
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        slots.deallocate()
    }

    /// Distinct entries.
    var count: Int { starts.count }

    /// Bytes allocated for entries, their starts and the table, plus the object's own.
    var allocatedBytes: Int {
        bytes.allocatedBytes + starts.allocatedBytes + slots.count * 8 + Self.overheadBytes
    }

    /// What a dictionary costs beyond its entries and table: the object and its allocations.
    static let overheadBytes = 160

    /// The bytes of entry `id`, valid while the dictionary lives.
    @inline(__always)
    func entry(_ id: Int) -> UnsafeRawBufferPointer {
        precondition(id >= 0 && id < starts.count, "dictionary id \(id) outside \(starts.count)")
        return Self.entry(bytes: UnsafeRawPointer(bytes.base!), start: Int(starts[id]))
    }

    /// The entry whose bytes start at `start`; its length is stored in the 4 bytes before
    /// its id.
    @inline(__always)
    static func entry(bytes: UnsafeRawPointer, start: Int) -> UnsafeRawBufferPointer {
        let length = (bytes + start - 8).loadUnaligned(as: UInt32.self)
        return UnsafeRawBufferPointer(start: bytes + start, count: Int(length))
    }

    /// The entry bytes and the start of each entry in them, for readers that walk many
    /// values without calling back (`ValueCursor`).
    var storage: (bytes: UnsafeRawPointer?, starts: UnsafePointer<UInt32>?) {
        (bytes.base.map { UnsafeRawPointer($0) }, starts.base.map { UnsafePointer($0) })
    }

    /// Bytes of every entry together, without the lengths and ids stored between them.
    var entryByteCount: Int {
        guard let base = bytes.base else { return 0 }
        var total = 0
        for id in 0..<count { total += Self.entry(bytes: base, start: Int(starts[id])).count }
        return total
    }

    /// Copies every entry, in id order, into `utf8` from byte `offset` on, and each one's end
    /// offset in `utf8` into `ends`; returns the offset after the last entry. The caller
    /// gives room for `entryByteCount` bytes and `count` ends: a copy per entry, without the
    /// capacity checks and calls of appending to arrays.
    func copyEntries(
        to utf8: UnsafeMutableRawPointer, from offset: Int, ends: UnsafeMutablePointer<Int>
    ) -> Int {
        guard let base = bytes.base else { return offset }
        var end = offset
        for id in 0..<count {
            let entry = Self.entry(bytes: base, start: Int(starts[id]))
            if let source = entry.baseAddress, entry.count > 0 {
                (utf8 + end).copyMemory(from: source, byteCount: entry.count)
            }
            end += entry.count
            ends[id] = end
        }
        return end
    }

    /// The id of `value`, added if new; nil when the dictionary is closed or the value is not
    /// interned.
    @inline(__always)
    func intern(_ value: UnsafeRawBufferPointer) -> UInt32? {
        guard !isClosed, value.count <= Self.maximumEntryBytes else { return nil }
        lookups += 1
        if lookups == Self.checkAfterLookups, count * 2 > lookups { close() }
        if isClosed { return nil }

        let base = UnsafeRawPointer(bytes.base)
        if lastStart > 0 {
            let last = Self.entry(bytes: base.unsafelyUnwrapped, start: lastStart)
            if last.count == value.count,
                ShortBytes.equal(last.baseAddress, value.baseAddress, count: value.count)
            {
                return (base.unsafelyUnwrapped + lastStart - 4).loadUnaligned(as: UInt32.self)
            }
        }

        let hash = ShortHash.hash(value, seed: 0x5851_F42D_4C95_7F2D)
        let probe = hash & Self.tagMask | UInt64(value.count) << 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let packed = slots[slot]
            if packed & 0xFFFF_FFFF_0000_0000 == probe {
                let start = Int(packed & 0xFFFF_FFFF)
                if ShortBytes.equal(
                    base.unsafelyUnwrapped + start, value.baseAddress, count: value.count)
                {
                    lastStart = start
                    return (base.unsafelyUnwrapped + start - 4).loadUnaligned(as: UInt32.self)
                }
            }
            slot = (slot + 1) & mask
        }
        return insert(value, probe: probe, slot: slot)
    }

    private func insert(_ value: UnsafeRawBufferPointer, probe: UInt64, slot: Int) -> UInt32? {
        guard bytes.count + value.count <= Self.maximumBytes, starts.count < Self.maximumEntries
        else {
            close()
            return nil
        }
        let id = UInt32(starts.count)
        bytes.append(raw: UInt32(value.count))
        bytes.append(raw: id)
        starts.append(UInt32(bytes.count))
        lastStart = bytes.count
        bytes.append(bytes: value)
        slots[slot] = probe | UInt64(starts[Int(id)])
        if starts.count * 2 > slots.count { rehash() }
        return id
    }

    /// Stops interning and frees the table; entries and ids stay.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        slots.deallocate()
        slots = .allocate(capacity: 1)
        slots.initialize(repeating: 0)
    }

    private func rehash() {
        let grown = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: slots.count * 2)
        grown.initialize(repeating: 0)
        let mask = grown.count - 1
        for id in 0..<starts.count {
            let value = entry(id)
            let hash = ShortHash.hash(value, seed: 0x5851_F42D_4C95_7F2D)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = hash & Self.tagMask | UInt64(value.count) << 32 | UInt64(starts[id])
        }
        slots.deallocate()
        slots = grown
    }
}
