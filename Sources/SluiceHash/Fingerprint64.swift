/// A fast 64-bit hash of short byte strings and of pairs of hashes, for fingerprints assembled
/// from many small parts (the members of a JSON document), where `Fingerprint128`'s
/// finalisation per call would cost more than the bytes.
///
///     let key = Fingerprint64.hash(keyBytes, tag: 1)
///     let value = Fingerprint64.hash(valueBytes, tag: 2)
///     let member = Fingerprint64.combine(key.hash, value.hash)
///
/// Each step folds a 64 x 64 -> 128-bit product into 64 bits (high half XOR low half). Up to
/// 16 bytes cost two multiplications and every further 16 bytes one more; the length and the
/// tag enter the last one, so inputs that differ only in trailing zero bytes, or only in their
/// tag, differ. `combine` costs one multiplication, and the hashes of two parts can be computed
/// side by side before it, which keeps the chain of dependent multiplications short.
///
/// Results are deterministic (no per-process seed) but not a published algorithm: keep them
/// inside one run and never persist them. Two different inputs collide with probability about
/// 2^-64; like `Fingerprint128` it is NOT resistant to deliberate collisions. Every function
/// is pure and safe to call concurrently.
public enum Fingerprint64 {
    // Odd constants with evenly mixed bits: the golden ratio's and two well-known primes of
    // 64-bit mixers; any odd constants of that kind would do.
    @usableFromInline static let k0: UInt64 = 0x9E37_79B9_7F4A_7C15
    @usableFromInline static let k1: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    @usableFromInline static let k2: UInt64 = 0x1656_67B1_9E37_79F9

    /// The hash of `bytes` under `tag` (below 2^32; different tags give unrelated hashes),
    /// and whether every byte is below 0x80 (ASCII), which costs nothing beyond the loads.
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer, tag: UInt64)
        -> (hash: UInt64, isASCII: Bool)
    {
        let count = bytes.count
        var chain = k0
        var highBits: UInt64 = 0
        var a: UInt64 = 0
        var b: UInt64 = 0
        if count > 16 {
            var offset = 0
            while count - offset > 16 {
                let x = load(bytes, offset)
                let y = load(bytes, offset + 8)
                highBits |= x | y
                chain = fold(x ^ k1, y ^ chain)
                offset += 16
            }
            // The last 16 bytes, overlapping what the loop took when the length is not a
            // multiple of 16; the length, folded in last, keeps such inputs apart.
            a = load(bytes, count - 16)
            b = load(bytes, count - 8)
        } else if count >= 8 {
            a = load(bytes, 0)
            b = load(bytes, count - 8)
        } else if count >= 4 {
            a = UInt64(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian)
            b = UInt64(bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self).littleEndian)
        } else if count > 0 {
            a = UInt64(bytes[0]) << 16 | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count - 1])
        }
        highBits |= a | b
        // The bytes and the length with the tag go through separate multiplications: XORed into
        // the same operand, a length one longer could cancel a one-bit change of the bytes.
        let data = fold(a ^ k1, b ^ chain ^ k2)
        let lengthAndTag = UInt64(truncatingIfNeeded: count) | tag << 32
        return (fold(data ^ k2, lengthAndTag ^ k1), highBits & 0x8080_8080_8080_8080 == 0)
    }

    /// Combines two hashes into one, in order: `combine(a, b)` and `combine(b, a)` differ.
    @inlinable @inline(__always)
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        fold(a ^ k0, b ^ k1)
    }

    @inlinable @inline(__always)
    static func load(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inlinable @inline(__always)
    static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }
}
