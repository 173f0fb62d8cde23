#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The distinct strings one key held on one worker, in first-seen order, each with a small
/// id: a repeated value (a library name, a page title, a currency) is stored once and every
/// row holds its 4-byte id.
///
/// Interning stops for good (`isClosed`) once it does not pay: when the entries pass
/// `maximumBytes`, past which a Parquet chunk dictionary would be abandoned anyway, or when,
/// after `checkAfterLookups` values, most values were new (ids, free text). Ids already given
/// stay valid. Entries live in one byte buffer indexed by an open-addressing table whose slots
/// pack 32 bits of the hash with the id, so a probe touches one slot and compares bytes only
/// on a likely match.
///
/// Built by one worker thread; read by any number of threads once ingest has finished.
final class KeyDictionary: @unchecked Sendable {
    /// Entries past this many bytes in all close the dictionary: 1 MiB is the Parquet writer's
    /// chunk dictionary limit, beyond which a column is written PLAIN anyway.
    static let maximumBytes = 1 << 20

    /// A value longer than this is never interned (it is stored as text): long values rarely
    /// repeat, and one would take a large share of `maximumBytes`.
    static let maximumEntryBytes = 1024

    /// After this many values the dictionary checks that it pays, and closes if more than
    /// half of them were new.
    static let checkAfterLookups = 4096

    private static let initialSlots = 64
    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    private var bytes = RawBuffer<UInt8>()
    /// The end offset of each entry in `bytes`.
    private var ends = RawBuffer<UInt32>()
    private var slots: UnsafeMutableBufferPointer<UInt64>
    private var lookups = 0
    private(set) var isClosed = false

    init() {
        slots = .allocate(capacity: Self.initialSlots)
        slots.initialize(repeating: 0)
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
        slots.deallocate()
    }

    /// Distinct entries.
    var count: Int { ends.count }

    /// Bytes allocated for entries, ends and the table.
    var allocatedBytes: Int { bytes.allocatedBytes + ends.allocatedBytes + slots.count * 8 }

    /// The bytes of entry `id`, valid while the dictionary lives.
    @inline(__always)
    func entry(_ id: Int) -> UnsafeRawBufferPointer {
        precondition(id >= 0 && id < ends.count, "dictionary id \(id) outside \(ends.count)")
        let start = id == 0 ? 0 : Int(ends[id - 1])
        return UnsafeRawBufferPointer(
            start: bytes.base.map { UnsafeRawPointer($0 + start) }, count: Int(ends[id]) - start)
    }

    /// Every entry's bytes back to back, and each entry's end offset in them.
    var entries: (utf8: UnsafeRawBufferPointer, ends: UnsafeBufferPointer<UInt32>) {
        (UnsafeRawBufferPointer(start: bytes.base, count: bytes.count), ends.buffer)
    }

    /// The id of `value`, added if new; nil when the dictionary is closed or the value is not
    /// interned.
    @inline(__always)
    func intern(_ value: UnsafeRawBufferPointer) -> UInt32? {
        guard !isClosed, value.count <= Self.maximumEntryBytes else { return nil }
        lookups += 1
        if lookups == Self.checkAfterLookups, count * 2 > lookups { close() }
        if isClosed { return nil }

        let hash = ShortHash.hash(value, seed: 0x5851_F42D_4C95_7F2D)
        let tag = hash & Self.tagMask
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let packed = slots[slot]
            if packed & Self.tagMask == tag {
                let id = Int(packed & 0xFFFF_FFFF) - 1
                let stored = entry(id)
                if stored.count == value.count,
                    value.isEmpty
                        || memcmp(stored.baseAddress!, value.baseAddress!, value.count) == 0
                {
                    return UInt32(id)
                }
            }
            slot = (slot + 1) & mask
        }
        return insert(value, tag: tag, slot: slot)
    }

    private func insert(_ value: UnsafeRawBufferPointer, tag: UInt64, slot: Int) -> UInt32? {
        guard bytes.count + value.count <= Self.maximumBytes else {
            close()
            return nil
        }
        bytes.append(bytes: value)
        ends.append(UInt32(bytes.count))
        let id = ends.count - 1
        slots[slot] = tag | UInt64(id + 1)
        if ends.count * 2 > slots.count { rehash() }
        return UInt32(id)
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
        for id in 0..<ends.count {
            let hash = ShortHash.hash(entry(id), seed: 0x5851_F42D_4C95_7F2D)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = hash & Self.tagMask | UInt64(id + 1)
        }
        slots.deallocate()
        slots = grown
    }
}
