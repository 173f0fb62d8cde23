// MurmurHash3_x64_128 by Austin Appleby (public domain), as published in the SMHasher
// repository, file src/MurmurHash3.cpp. Reimplemented here from the algorithm description;
// the output is bit-identical to the reference for seeds below 2^32.

/// A fast non-cryptographic 128-bit hash for deduplication indexes (Segment `messageId`)
/// and content fingerprints.
///
/// The algorithm is MurmurHash3_x64_128: it is widely implemented, so fingerprints can be
/// recomputed outside Sluice (for example Python's `mmh3.hash128`, whose integer result
/// equals `high << 64 | low`), and it passes the SMHasher quality suite. It is NOT
/// resistant to deliberate collisions; do not use it where an adversary picks inputs and
/// a collision would matter. Use `SHA256` there.
///
/// Why 128 bits: with a well-mixed n-bit hash, the birthday bound puts a 50% chance of any
/// accidental collision at about 2^(n/2) items, i.e. ~2^64 (1.8 * 10^19) items here. For k
/// items the probability is about k^2 / 2^(n+1); for 10^10 ids that is
/// 10^20 / (6.8 * 10^38), about 1.5 * 10^-19, far below the rate of hardware faults.
///
/// Every function is pure and safe to call concurrently.
public enum Fingerprint128 {
    private static let c1: UInt64 = 0x87c3_7b91_1142_53d5
    private static let c2: UInt64 = 0x4cf5_ad43_2745_937f

    /// Hashes `bytes`. The reference takes a 32-bit seed and widens it to 64 bits; a
    /// seed below 2^32 gives the reference output, larger seeds extend it naturally.
    /// The result's `low` is the reference's first output word h1, `high` is h2.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> Hash128 {
        var h1 = seed
        var h2 = seed
        let blockCount = bytes.count / 16

        for block in 0..<blockCount {
            let k1 = bytes.loadUnaligned(fromByteOffset: block * 16, as: UInt64.self)
            let k2 = bytes.loadUnaligned(fromByteOffset: block * 16 + 8, as: UInt64.self)
            mixBlock(&h1, &h2, UInt64(littleEndian: k1), UInt64(littleEndian: k2))
        }

        mixTail(&h1, &h2, UnsafeRawBufferPointer(rebasing: bytes[(blockCount * 16)...]))
        return finish(h1, h2, length: UInt64(bytes.count))
    }

    /// Hashes `bytes`; same result as the buffer-pointer form.
    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> Hash128 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    /// Hashes the UTF-8 bytes of `text` (no terminator, no normalisation).
    public static func hash(_ text: String, seed: UInt64 = 0) -> Hash128 {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
    }

    @inline(__always)
    private static func mixBlock(_ h1: inout UInt64, _ h2: inout UInt64, _ k1: UInt64, _ k2: UInt64)
    {
        h1 ^= mixK1(k1)
        h1 = h1.rotatedLeft(27) &+ h2
        h1 = h1 &* 5 &+ 0x52dc_e729

        h2 ^= mixK2(k2)
        h2 = h2.rotatedLeft(31) &+ h1
        h2 = h2 &* 5 &+ 0x3849_5ab5
    }

    /// The last `bytes.count` (< 16) bytes, little-endian into k1 (bytes 0-7) and k2 (8-14).
    private static func mixTail(
        _ h1: inout UInt64, _ h2: inout UInt64, _ tail: UnsafeRawBufferPointer
    ) {
        var k1: UInt64 = 0
        var k2: UInt64 = 0
        for (index, byte) in tail.enumerated() {
            if index < 8 {
                k1 |= UInt64(byte) << UInt64(index * 8)
            } else {
                k2 |= UInt64(byte) << UInt64((index - 8) * 8)
            }
        }

        if tail.count > 8 { h2 ^= mixK2(k2) }
        if tail.count > 0 { h1 ^= mixK1(k1) }
    }

    private static func finish(_ h1: UInt64, _ h2: UInt64, length: UInt64) -> Hash128 {
        var (h1, h2) = (h1 ^ length, h2 ^ length)
        h1 &+= h2
        h2 &+= h1

        h1 = fmix64(h1)
        h2 = fmix64(h2)
        h1 &+= h2
        h2 &+= h1
        return Hash128(high: h2, low: h1)
    }

    @inline(__always)
    private static func mixK1(_ k: UInt64) -> UInt64 {
        (k &* c1).rotatedLeft(31) &* c2
    }

    @inline(__always)
    private static func mixK2(_ k: UInt64) -> UInt64 {
        (k &* c2).rotatedLeft(33) &* c1
    }

    /// The reference's 64-bit finaliser: forces every input bit to affect every output bit.
    @inline(__always)
    private static func fmix64(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33
        k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k &*= 0xc4ce_b9fe_1a85_ec53
        return k ^ (k >> 33)
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 {
        (self << n) | (self >> (64 - n))
    }
}
