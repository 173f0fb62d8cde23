#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte comparison and copying for the short strings that every stored value goes through
/// (member names, repeated values, texts): inline word loads and stores instead of a `memcmp`
/// or `memcpy` call, whose call and length dispatch cost more than a few dozen bytes.
enum ShortBytes {
    /// Past this many bytes the vector loops of `memcmp` and `memcpy` beat eight bytes at a
    /// time.
    static let inlineLimit = 32

    /// Whether the `count` bytes at `a` and at `b` are equal. Reads only those bytes; either
    /// pointer may be nil when `count` is 0.
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer?, _ b: UnsafeRawPointer?, count: Int) -> Bool {
        guard count > 0 else { return true }
        let (a, b) = (a.unsafelyUnwrapped, b.unsafelyUnwrapped)
        if count >= 8 {
            guard count <= inlineLimit else { return memcmp(a, b, count) == 0 }
            // Whole words, then the last word, which may overlap the one before it.
            var offset = 0
            while offset + 8 < count {
                if word(a, offset) != word(b, offset) { return false }
                offset += 8
            }
            return word(a, count - 8) == word(b, count - 8)
        }
        // Under eight bytes: the first and the last half-sized loads cover them all.
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        if count >= 2 {
            return a.loadUnaligned(as: UInt16.self) == b.loadUnaligned(as: UInt16.self)
                && a.load(fromByteOffset: count - 1, as: UInt8.self)
                    == b.load(fromByteOffset: count - 1, as: UInt8.self)
        }
        return a.load(as: UInt8.self) == b.load(as: UInt8.self)
    }

    /// Copies the `count` bytes at `source` to `destination`, which must not overlap them:
    /// up to `inlineLimit` bytes as inline word moves (the first and last words of a range may
    /// overlap each other), longer ones with `memcpy`. Either pointer may be nil when `count`
    /// is 0.
    @inline(__always)
    static func copy(
        to destination: UnsafeMutableRawPointer?, from source: UnsafeRawPointer?, count: Int
    ) {
        guard count > 0 else { return }
        let (to, from) = (destination.unsafelyUnwrapped, source.unsafelyUnwrapped)
        if count >= 8 {
            guard count <= inlineLimit else {
                to.copyMemory(from: from, byteCount: count)
                return
            }
            let last = word(from, count - 8)
            var offset = 0
            while offset + 8 < count {
                to.storeBytes(of: word(from, offset), toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            to.storeBytes(of: last, toByteOffset: count - 8, as: UInt64.self)
            return
        }
        // Under eight bytes: the first and the last half-sized words cover them all.
        if count >= 4 {
            let first = from.loadUnaligned(as: UInt32.self)
            let last = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            to.storeBytes(of: first, as: UInt32.self)
            to.storeBytes(of: last, toByteOffset: count - 4, as: UInt32.self)
            return
        }
        for index in 0..<count {
            let byte = from.load(fromByteOffset: index, as: UInt8.self)
            to.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
        }
    }

    @inline(__always)
    private static func word(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }
}
