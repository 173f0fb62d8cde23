// Encodings.md "Bit-packed (Deprecated) (BIT_PACKED = 4)" and the hybrid's bit-packed runs:
// values are packed from the least significant bit of the first byte onwards, each value's
// own bits least significant first, so 8 values of width w fill exactly w bytes.

/// Packs groups of 8 values for the RLE hybrid's bit-packed runs.
enum BitPacking {
    /// Appends the 8 values at `group`, `bitWidth` bits each, as `bitWidth` bytes.
    ///
    /// Bits gather in a 64-bit accumulator that is stored 4 bytes at a time; the last store
    /// may write up to 3 bytes past the group into `output`'s spare capacity, which the
    /// next append overwrites. Definition levels (bytes of 0 or 1, width 1) take one
    /// multiply that moves bit 0 of each byte into the top byte.
    @inline(__always)
    static func pack<T: FixedWidthInteger & UnsignedInteger>(
        _ group: UnsafePointer<T>, bitWidth: Int, into output: ByteBuffer
    ) {
        let target = output.spareCapacity(bitWidth + 4)
        if T.self == UInt8.self && bitWidth == 1 {
            let bytes = UnsafeRawPointer(group).loadUnaligned(as: UInt64.self)
            target.storeBytes(
                of: UInt8(truncatingIfNeeded: (bytes &* gatherLowBits) >> 56), as: UInt8.self)
            output.didAppend(1)
            return
        }

        var accumulator: UInt64 = 0
        var bits = 0
        var offset = 0
        for index in 0..<8 {
            accumulator |= UInt64(group[index]) << UInt64(bits)
            bits += bitWidth
            if bits >= 32 {
                target.storeBytes(
                    of: UInt32(truncatingIfNeeded: accumulator).littleEndian,
                    toByteOffset: offset, as: UInt32.self)
                (offset, accumulator, bits) = (offset + 4, accumulator >> 32, bits - 32)
            }
        }
        target.storeBytes(
            of: UInt32(truncatingIfNeeded: accumulator).littleEndian, toByteOffset: offset,
            as: UInt32.self)
        output.didAppend(bitWidth)
    }

    /// Multiplying 8 bytes of 0 or 1 (little-endian) by this puts byte k's low bit at bit
    /// 56 + k: byte k is shifted by 56 - 7k, and every other partial product lands on a
    /// distinct bit below 56 or above 63, so no carries reach the top byte.
    private static let gatherLowBits: UInt64 = 0x0102_0408_1020_4080
}
