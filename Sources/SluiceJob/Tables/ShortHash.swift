/// A fast 64-bit mix of short byte strings (keys, member names, repeated values), eight bytes
/// at a time; not cryptographic, since every input comes from one worker's own events and a
/// collision only costs a byte comparison.
enum ShortHash {
    /// The hash of `bytes` mixed with `seed`.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var h = seed ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            h =
                (h ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            offset += 8
        }
        h = (h ^ tail(bytes, from: offset)) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 32)
    }

    /// The last `bytes.count - offset` (under eight) bytes as an integer, read with at most
    /// three loads instead of one per byte.
    @inline(__always)
    private static func tail(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> UInt64 {
        var tail: UInt64 = 0
        var at = offset
        if bytes.count - at >= 4 {
            tail = UInt64(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            at += 4
        }
        if bytes.count - at >= 2 {
            tail = tail << 16 | UInt64(bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self))
            at += 2
        }
        if at < bytes.count { tail = tail << 8 | UInt64(bytes[at]) }
        return tail
    }
}
