// RFC 8878 (Zstandard), section 3.1.1: a frame is its magic number, a frame header (a
// descriptor byte, an optional window descriptor, dictionary id and content size), blocks each
// led by a 3-byte header (last-block flag, type, size) and an optional 4-byte content checksum.

/// Where a zstd frame ends, found from its header and its blocks' headers without decoding:
/// libzstd says that a frame failed its checksum but not where the frame ended, and the next
/// frame, which does not depend on it, starts there.
enum ZstdFrames {
    static let frameMagic: UInt32 = 0xFD2F_B528

    /// The offset just past the frame that starts at `start` in the file open as `fd`, which
    /// is `size` bytes; nil when the bytes there are no zstd frame, a read fails or the frame
    /// runs past the file's end.
    static func frameEnd(fd: Int32, from start: Int64, size: Int64) -> Int64? {
        guard let magic = FileBytes.littleEndian(fd, at: start), magic == frameMagic,
            let descriptor = FileBytes.littleEndian(fd, at: start + 4, count: 1)
        else { return nil }

        let isSingleSegment = descriptor & 0x20 != 0
        let contentSizeBytes: Int64 =
            switch descriptor >> 6 {
            case 0: isSingleSegment ? 1 : 0
            case 1: 2
            case 2: 4
            default: 8
            }
        let dictionaryIdBytes: Int64 = [0, 1, 2, 4][Int(descriptor & 0x03)]
        let hasChecksum = descriptor & 0x04 != 0
        var position =
            start + 5 + (isSingleSegment ? 0 : 1) + dictionaryIdBytes + contentSizeBytes

        while position + 3 <= size {
            guard let header = FileBytes.littleEndian(fd, at: position, count: 3) else {
                return nil
            }
            position += 3
            let blockSize = Int64(header >> 3)
            switch header >> 1 & 0x03 {
            case 0, 2: position += blockSize
            case 1: position += 1
            default: return nil
            }
            if header & 1 == 1 {
                let end = position + (hasChecksum ? 4 : 0)
                return end <= size ? end : nil
            }
        }
        return nil
    }
}
