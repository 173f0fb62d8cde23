/// A fast 64-bit mix of short byte strings (keys, member names, repeated values), eight bytes
/// at a time; not cryptographic, since every input comes from one worker's own events and a
/// collision only costs a byte comparison.
enum ShortHash {
    /// The hash of `bytes` mixed with `seed`. Every byte counts, and so does the length: the
    /// last word is read overlapping the one before it, and under eight bytes two overlapping
    /// loads (or the first, middle and last byte) cover the input without a loop over the
    /// tail.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let count = bytes.count
        var h = seed ^ UInt64(count)
        guard let base = bytes.baseAddress, count > 0 else { return finish(h) }
        if count >= 8 {
            var offset = 0
            while offset + 8 < count {
                h = mix(h ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            h = mix(h ^ base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        } else if count >= 4 {
            let first = UInt64(base.loadUnaligned(as: UInt32.self))
            let last = UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            h = mix(h ^ (first << 32 | last))
        } else {
            let first = UInt64(base.load(as: UInt8.self))
            let middle = UInt64(base.load(fromByteOffset: count / 2, as: UInt8.self))
            let last = UInt64(base.load(fromByteOffset: count - 1, as: UInt8.self))
            h = mix(h ^ (first << 16 | middle << 8 | last))
        }
        return finish(h)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        let h = value &* 0xFF51_AFD7_ED55_8CCD
        return h ^ (h >> 29)
    }

    /// Folds the high bits, which the multiplies mix best, into the low bits that tables mask.
    @inline(__always)
    private static func finish(_ h: UInt64) -> UInt64 {
        let f = h &* 0xC4CE_B9FE_1A85_EC53
        return f ^ (f >> 32)
    }
}
