/// A fast non-cryptographic 64-bit hash of a byte string for dictionary lookups: eight bytes
/// at a time through a multiply-xorshift mix. Not stable across versions; never persisted.
enum ByteHasher {
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var state = UInt64(truncatingIfNeeded: bytes.count) &* multiplier
        var offset = 0
        // One unwrap of the base address, and unchecked offsets (they stay below the count),
        // keep the loop at a load, a multiply and two xors per eight bytes.
        if let base = bytes.baseAddress {
            while offset &+ 8 <= bytes.count {
                state = mix(state ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset &+= 8
            }
        }
        let rest = bytes.count - offset
        if rest > 0 { state = mix(state ^ tail(bytes, from: offset, count: rest)) }
        return finalize(state)
    }

    /// The last 1...7 bytes as an integer, read with at most two overlapping loads.
    @inline(__always)
    private static func tail(_ bytes: UnsafeRawBufferPointer, from offset: Int, count: Int)
        -> UInt64
    {
        if bytes.count >= 8 {
            let last = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
            return last >> UInt64((8 - count) * 8)
        }
        if count >= 4 {
            let low = UInt64(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            let high = UInt64(
                bytes.loadUnaligned(fromByteOffset: offset + count - 4, as: UInt32.self))
            return low | high << 32
        }
        var value = UInt64(bytes[offset])
        value |= UInt64(bytes[offset + count / 2]) << 8
        value |= UInt64(bytes[offset + count - 1]) << 16
        return value
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        let product = value.multipliedFullWidth(by: multiplier)
        return product.high ^ product.low
    }

    @inline(__always)
    private static func finalize(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return x
    }
}
