#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small reads by position, for the walkers of frame headers (`LZ4Frames`, `ZstdFrames`) that
/// find where a compressed file's data ends without decoding it.
enum FileBytes {
    /// The `count` bytes (1 to 4) at `offset` of the file open as `fd`, as a little-endian
    /// number; nil when they cannot be read whole.
    static func littleEndian(_ fd: Int32, at offset: Int64, count: Int = 4) -> UInt32? {
        precondition((1...4).contains(count), "\(count) bytes do not fit a 32-bit number")
        var read: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let got = withUnsafeMutableBytes(of: &read) {
            pread(fd, $0.baseAddress, count, off_t(offset))
        }
        guard got == count else { return nil }
        return withUnsafeBytes(of: read) { raw in
            raw.prefix(count).reversed().reduce(0) { $0 << 8 | UInt32($1) }
        }
    }
}
