/// Copies `count` bytes; up to 32 bytes, the common size of a string value, with overlapping
/// 8-byte loads and stores instead of a call to `memcpy`. The ranges must not overlap.
@inline(__always)
func copyBytes(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
    func move(_ offset: Int) {
        target.storeBytes(
            of: source.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
            toByteOffset: offset, as: UInt64.self)
    }
    switch count {
    case 8...16:
        move(0)
        move(count - 8)
    case 17...32:
        move(0)
        move(8)
        move(count - 16)
        move(count - 8)
    case 4..<8:
        let head = source.loadUnaligned(as: UInt32.self)
        let tail = source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        target.storeBytes(of: head, as: UInt32.self)
        target.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
    case 0..<4:
        for offset in 0..<count {
            target.storeBytes(
                of: source.load(fromByteOffset: offset, as: UInt8.self),
                toByteOffset: offset, as: UInt8.self)
        }
    default: target.copyMemory(from: source, byteCount: count)
    }
}
