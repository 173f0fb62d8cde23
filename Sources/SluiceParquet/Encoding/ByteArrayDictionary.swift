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
/// a probe touches one slot and compares bytes only on a likely match. A lookup or insert
/// allocates nothing unless a buffer grows. Not thread-safe.
struct ByteArrayDictionary {
    private(set) var bytes: [UInt8] = []
    /// Start offset of each entry in `bytes`, plus the end of the last one.
    private var starts: [Int] = [0]
    /// Full hash of each entry, so growing the table never rehashes bytes.
    private var hashes: [UInt64] = []
    /// Per slot: high 32 bits of the hash, low 32 bits the entry number + 1; 0 is empty.
    private var slots = [UInt64](repeating: 0, count: 1024)

    /// Where a probe for a value ended.
    enum Lookup {
        case found(Int)
        /// Not present; `slot` is where `insert` puts it.
        case absent(slot: Int)
    }

    var count: Int { starts.count - 1 }

    /// Size of the dictionary page body: each entry PLAIN encoded with its 4-byte length.
    var plainEncodedSize: Int { bytes.count + 4 * count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        hashes.removeAll(keepingCapacity: true)
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    @inline(__always)
    func lookup(_ value: UnsafeRawBufferPointer, hash: UInt64) -> Lookup {
        let tag = hash & 0xFFFF_FFFF_0000_0000
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let content = slots[slot]
                if content == 0 { return .absent(slot: slot) }
                if content & 0xFFFF_FFFF_0000_0000 == tag {
                    let entry = Int(truncatingIfNeeded: content & 0xFFFF_FFFF) - 1
                    if matches(entry, value) { return .found(entry) }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds a value that `lookup` reported absent at `slot`, and returns its id.
    mutating func insert(_ value: UnsafeRawBufferPointer, hash: UInt64, slot: Int) -> Int {
        bytes.append(contentsOf: value)
        starts.append(bytes.count)
        hashes.append(hash)
        let entry = count - 1
        slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(entry + 1)

        // Keep the table at most half full so probes stay short.
        if count * 2 > slots.count { grow() }
        return entry
    }

    /// Calls `body` with each entry's bytes in id order.
    func forEachEntry(_ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { stored in
            for entry in 0..<count {
                body(UnsafeRawBufferPointer(rebasing: stored[starts[entry]..<starts[entry + 1]]))
            }
        }
    }

    @inline(__always)
    private func matches(_ entry: Int, _ value: UnsafeRawBufferPointer) -> Bool {
        let start = starts[entry]
        let length = starts[entry + 1] - start
        guard length == value.count else { return false }
        if length == 0 { return true }
        return bytes.withUnsafeBytes {
            memcmp($0.baseAddress! + start, value.baseAddress!, length) == 0
        }
    }

    private mutating func grow() {
        var larger = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = larger.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while larger[slot] != 0 { slot = (slot + 1) & mask }
            larger[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(entry + 1)
        }
        slots = larger
    }
}
