#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one column chunk made of each entry of a `ParquetStringDictionary`, so an entry's
/// bytes are hashed and its statistics observed at most once per chunk however many rows use
/// it.
///
/// One `UInt32` per entry: `unseen`, the entry's id in the chunk dictionary plus 1, or
/// `plainOnly` for an entry first used after the chunk went PLAIN (its statistics are
/// counted). The table is zeroed memory from `calloc`, which for a large dictionary maps
/// pages the kernel zeroes only when a used entry first touches them. Not thread-safe.
final class DictionaryIndexMap {
    /// Held so the map is never applied to another dictionary that reuses its address.
    let entries: ParquetStringDictionary
    let slots: UnsafeMutablePointer<UInt32>

    static let unseen: UInt32 = 0
    static let plainOnly = UInt32.max

    init(_ entries: ParquetStringDictionary) {
        self.entries = entries
        let raw = calloc(max(entries.count, 1), MemoryLayout<UInt32>.stride)
        guard let raw else { fatalError("out of memory for \(entries.count) dictionary slots") }
        slots = raw.assumingMemoryBound(to: UInt32.self)
    }

    deinit { free(slots) }

    /// The slot value for chunk dictionary id `id`.
    @inline(__always)
    static func slot(forID id: Int) -> UInt32 {
        precondition(id < Int(plainOnly) - 1, "chunk dictionary id \(id) does not fit a slot")
        return UInt32(truncatingIfNeeded: id + 1)
    }
}
