#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Encodings.md "Dictionary Encoding (PLAIN_DICTIONARY = 2 and RLE_DICTIONARY = 8)": the
// distinct values go into one PLAIN dictionary page; data pages hold their ids.

/// The distinct byte-array values of one column chunk, in first-seen order.
///
/// Entries live in one contiguous byte buffer with end offsets, indexed by an open-addressing
/// hash table of entry numbers, so a lookup or insert allocates nothing unless a buffer grows.
struct ByteArrayDictionary {
    private(set) var bytes: [UInt8] = []
    /// End offset of each entry in `bytes`.
    private(set) var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// Entry number + 1 per slot; 0 marks an empty slot.
    private var slots = [Int32](repeating: 0, count: 1024)

    var count: Int { ends.count }

    /// Size of the dictionary page body: each entry PLAIN encoded with its 4-byte length.
    var plainEncodedSize: Int { bytes.count + 4 * ends.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        for index in slots.indices { slots[index] = 0 }
    }

    /// The id of `value` if it is already present.
    func find(_ value: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return bytes.withUnsafeBytes { stored in
            while true {
                let entry = Int(slots[slot]) - 1
                if entry < 0 { return nil }
                if hashes[entry] == hash && matches(entry, value, stored) { return entry }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds a value known to be absent and returns its id.
    mutating func insert(_ value: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        if (ends.count + 1) * 2 > slots.count { grow() }
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
        hashes.append(hash)

        let entry = ends.count - 1
        placeInSlot(entry, hash: hash)
        return entry
    }

    /// Calls `body` with each entry's bytes in id order.
    func forEachEntry(_ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { stored in
            var start = 0
            for end in ends {
                body(UnsafeRawBufferPointer(rebasing: stored[start..<end]))
                start = end
            }
        }
    }

    private func matches(
        _ entry: Int, _ value: UnsafeRawBufferPointer, _ stored: UnsafeRawBufferPointer
    ) -> Bool {
        let start = entry == 0 ? 0 : ends[entry - 1]
        let length = ends[entry] - start
        guard length == value.count else { return false }
        if length == 0 { return true }
        return memcmp(stored.baseAddress! + start, value.baseAddress!, length) == 0
    }

    private mutating func placeInSlot(_ entry: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for entry in 0..<ends.count { placeInSlot(entry, hash: hashes[entry]) }
    }
}
