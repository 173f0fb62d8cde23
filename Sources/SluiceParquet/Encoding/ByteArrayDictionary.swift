// Encodings.md "Dictionary Encoding (PLAIN_DICTIONARY = 2 and RLE_DICTIONARY = 8)": the
// distinct values go into one PLAIN dictionary page; data pages hold their ids.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The distinct byte-array values of one column chunk, in first-seen order.
///
/// Entries live in one contiguous byte buffer with start offsets, indexed by an
/// open-addressing hash table whose slots pack the entry number with 32 bits of its hash, so
/// a probe touches one slot and compares bytes only on a likely match. All storage is raw
/// memory owned by this object, so a lookup does no reference counting and allocates nothing;
/// an insert allocates only when a buffer grows. Not thread-safe.
final class ByteArrayDictionary {
    /// Concatenated entries.
    private let bytes = ByteBuffer()
    /// `Int` start offset of each entry in `bytes`, plus the end of the last one.
    private let starts = ByteBuffer()
    /// `UInt64` full hash of each entry, so growing the table never rehashes bytes.
    private let hashes = ByteBuffer()
    /// Per slot: high 32 bits of the hash, low 32 bits the entry number + 1; 0 is empty.
    private var slots: UnsafeMutableBufferPointer<UInt64>
    private(set) var count = 0

    private static let initialSlots = 16
    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    /// Where a probe for a value ended.
    enum Lookup {
        case found(Int)
        /// Not present; `slot` is where `insert` puts it.
        case absent(slot: Int)
    }

    init() {
        slots = .allocate(capacity: Self.initialSlots)
        slots.initialize(repeating: 0)
        starts.appendNative(0)
    }

    deinit { slots.deallocate() }

    /// Size of the dictionary page body: each entry PLAIN encoded with its 4-byte length.
    var plainEncodedSize: Int { bytes.count + 4 * count }

    func removeAll() {
        count = 0
        bytes.removeAll()
        starts.removeAll()
        starts.appendNative(0)
        hashes.removeAll()
        slots.update(repeating: 0)
    }

    @inline(__always)
    func lookup(_ value: UnsafeRawBufferPointer, hash: UInt64) -> Lookup {
        let tag = hash & Self.tagMask
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let content = slots[slot]
            if content == 0 { return .absent(slot: slot) }
            let entry = Int(truncatingIfNeeded: content & 0xFFFF_FFFF) - 1
            if content & Self.tagMask == tag && matches(entry, value) { return .found(entry) }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a value that `lookup` reported absent at `slot`, and returns its id.
    func insert(_ value: UnsafeRawBufferPointer, hash: UInt64, slot: Int) -> Int {
        bytes.append(value)
        starts.appendNative(bytes.count)
        hashes.appendNative(hash)
        let entry = count

        count += 1
        slots[slot] = hash & Self.tagMask | UInt64(entry + 1)
        // Keep the table at most half full so probes stay short.
        if count * 2 > slots.count { grow() }
        return entry
    }

    /// Calls `body` with each entry's bytes in id order.
    func forEachEntry(_ body: (UnsafeRawBufferPointer) -> Void) {
        for entry in 0..<count { body(self[entry]) }
    }

    /// The bytes of entry `entry`, valid until the next insert.
    subscript(entry: Int) -> UnsafeRawBufferPointer {
        let start = starts.loadNative(Int.self, at: entry)
        let end = starts.loadNative(Int.self, at: entry + 1)
        return UnsafeRawBufferPointer(start: bytes.base + start, count: end - start)
    }

    @inline(__always)
    private func matches(_ entry: Int, _ value: UnsafeRawBufferPointer) -> Bool {
        let stored = self[entry]
        guard stored.count == value.count else { return false }
        guard stored.count > 0 else { return true }
        return Self.equal(stored.baseAddress!, value.baseAddress!, count: stored.count)
    }

    /// Whether `count` bytes at `a` and `b` are equal; values of up to 16 bytes (most
    /// dictionary entries: names, enums, short ids) are compared with two overlapping loads
    /// each instead of a call to `memcmp`.
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        if count >= 8 && count <= 16 {
            let tail = count - 8
            return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: tail, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: tail, as: UInt64.self)
        }
        if count >= 4 && count < 8 {
            let tail = count - 4
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: tail, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: tail, as: UInt32.self)
        }
        return memcmp(a, b, count) == 0
    }

    private func grow() {
        let larger = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: slots.count * 2)
        larger.initialize(repeating: 0)
        let mask = larger.count - 1
        for entry in 0..<count {
            let hash = hashes.loadNative(UInt64.self, at: entry)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while larger[slot] != 0 { slot = (slot + 1) & mask }
            larger[slot] = hash & Self.tagMask | UInt64(entry + 1)
        }
        slots.deallocate()
        slots = larger
    }
}
