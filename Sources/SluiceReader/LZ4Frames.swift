// The LZ4 frame format 1.6.x: frames (magic 0x184D2204: a descriptor, then blocks each led by
// its 4-byte size, an end mark of 4 zero bytes, an optional content checksum), skippable
// frames (magic 0x184D2A50 to 0x184D2A5F, then a 4-byte size) and the legacy frame (magic
// 0x184C2102, then blocks of at most 8 MiB each led by its 4-byte compressed size, up to the
// file's end or the next magic number).

/// Where an lz4 file's frames end, found from their headers and block sizes without
/// decompressing: libarchive ends its lz4 data at the first bytes that do not start a frame,
/// having read four of them to look, so what it consumed cannot say where the data ended.
enum LZ4Frames {
    static let frameMagic: UInt32 = 0x184D_2204
    static let legacyMagic: UInt32 = 0x184C_2102
    /// The largest compressed size of a legacy block: the bound of an 8 MiB block.
    static let legacyBlockLimit: UInt32 = 8 << 20 + (8 << 20) / 255 + 16

    /// The offset just past the last frame of the file open as `fd`, which is `size` bytes,
    /// or nil when a read fails. A frame cut short ends past `size`.
    static func dataEnd(fd: Int32, size: Int64) -> Int64? {
        var position: Int64 = 0
        while position + 4 <= size {
            guard let magic = FileBytes.littleEndian(fd, at: position) else { return nil }
            let end: Int64?
            if magic == frameMagic {
                end = frameEnd(fd, from: position, size: size)
            } else if magic & 0xFFFF_FFF0 == 0x184D_2A50 {
                end = FileBytes.littleEndian(fd, at: position + 4).map { position + 8 + Int64($0) }
            } else if magic == legacyMagic {
                end = legacyEnd(fd, from: position + 4, size: size)
            } else {
                return position
            }
            guard let end else { return nil }
            position = end
        }
        return position
    }

    /// The end of the frame starting at `start`: its descriptor (flags, block size byte, the
    /// optional content size and dictionary id, the header checksum), its blocks, the end
    /// mark and the optional content checksum.
    private static func frameEnd(_ fd: Int32, from start: Int64, size: Int64) -> Int64? {
        guard let flags = FileBytes.littleEndian(fd, at: start + 4, count: 1) else { return nil }
        let hasBlockChecksums = flags & 0x10 != 0
        let hasContentSize = flags & 0x08 != 0
        let hasContentChecksum = flags & 0x04 != 0
        let hasDictionaryId = flags & 0x01 != 0
        var position = start + 4 + 2 + (hasContentSize ? 8 : 0) + (hasDictionaryId ? 4 : 0) + 1
        while position + 4 <= size {
            guard let block = FileBytes.littleEndian(fd, at: position) else { return nil }
            position += 4
            if block == 0 { return position + (hasContentChecksum ? 4 : 0) }
            position += Int64(block & 0x7FFF_FFFF) + (hasBlockChecksums ? 4 : 0)
        }
        return max(position, size + 1)
    }

    /// The end of a legacy frame whose first block size is at `start`: it runs on to the
    /// file's end, a magic number, or a size no legacy block can have.
    private static func legacyEnd(_ fd: Int32, from start: Int64, size: Int64) -> Int64? {
        var position = start
        while position + 4 <= size {
            guard let block = FileBytes.littleEndian(fd, at: position) else { return nil }
            let isMagic =
                block == frameMagic || block == legacyMagic || block & 0xFFFF_FFF0 == 0x184D_2A50
            if isMagic || block > legacyBlockLimit { return position }
            position += 4 + Int64(block)
        }
        return position
    }
}
