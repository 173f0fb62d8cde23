// FNV-1a, 64-bit variant (Fowler, Noll, Vo; draft-eastlake-fnv), folded to 32 bits.

/// A short hash that never changes between runs, machines or Swift versions.
///
/// Names derived from it (a truncated column name's suffix, the name of an event whose name
/// has no usable letters) are persisted in table schemas, so the function is fixed forever:
/// FNV-1a over the UTF-8 bytes, the 64-bit result folded to 32 bits and written as 8
/// lowercase hex digits. Swift's `Hasher` is seeded per process and must not be used here.
enum StableHash {
    static func hex8(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }

        let folded = UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
        let digits = String(folded, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
