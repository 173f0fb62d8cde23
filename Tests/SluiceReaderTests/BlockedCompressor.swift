import CBzip2
import CLzma
import CZstd

/// The codecs with their own stream, as the tests name them (also their CLI tools' names).
enum Codec: String, CaseIterable, Sendable, CustomStringConvertible {
    case zstd, bzip2, xz

    var description: String { rawValue }
}

/// A compressed file built in-process so that its structure is known: each member (a zstd
/// frame, a bzip2 or xz stream) is compressed on its own, and each of its chunks is flushed
/// into blocks of its own, so the offsets where blocks and members end are recorded.
struct BlockedFile {
    /// Where one block ends: its last compressed byte (exclusive; for bzip2, whose blocks are
    /// bit-aligned, the bytes written when it was flushed, one short of its last bits) and
    /// the decompressed offset of its end.
    struct Boundary {
        let compressed: Int
        let decompressed: Int
    }

    var bytes: [UInt8] = []
    var blocks: [Boundary] = []
    var members: [Boundary] = []

    /// Compresses `contents`, one member per list of chunks, each chunk ending a block.
    init(_ codec: Codec, members contents: [[[UInt8]]]) {
        var decompressed = 0
        for chunks in contents {
            let start = bytes.count
            var ends: [Int] = []
            let compressed = Self.compress(codec, chunks, flushedAt: &ends)
            for (end, chunk) in zip(ends, chunks) {
                decompressed += chunk.count
                blocks.append(Boundary(compressed: start + end, decompressed: decompressed))
            }
            bytes += compressed
            members.append(Boundary(compressed: bytes.count, decompressed: decompressed))
        }
    }

    static func compress(_ codec: Codec, _ chunks: [[UInt8]], flushedAt ends: inout [Int])
        -> [UInt8]
    {
        switch codec {
        case .zstd: return zstd(chunks, &ends)
        case .bzip2: return bzip2(chunks, &ends)
        case .xz: return xz(chunks, &ends)
        }
    }

    /// One frame with a content checksum; ZSTD_e_flush closes a block per chunk (chunks stay
    /// under zstd's 128 KiB block limit so that each is one block).
    static func zstd(_ chunks: [[UInt8]], _ ends: inout [Int]) -> [UInt8] {
        let context = ZSTD_createCCtx()
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        var out: [UInt8] = []
        for (index, chunk) in chunks.enumerated() {
            let mode = index == chunks.count - 1 ? ZSTD_e_end : ZSTD_e_flush
            out += drive(chunk) { input, output in
                ZSTD_compressStream2(context, &output, &input, mode)
            }
            ends.append(out.count)
        }
        if chunks.isEmpty {
            out = drive([]) { input, output in
                ZSTD_compressStream2(context, &output, &input, ZSTD_e_end)
            }
        }
        return out
    }

    /// Feeds `chunk` to `step` (which returns libzstd's bytes still to flush) until done.
    static func drive(
        _ chunk: [UInt8], _ step: (inout ZSTD_inBuffer, inout ZSTD_outBuffer) -> Int
    ) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        chunk.withUnsafeBytes { source in
            var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            var more = true
            while more || input.pos < input.size {
                buffer.withUnsafeMutableBytes { target in
                    var output = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
                    let remaining = step(&input, &output)
                    precondition(ZSTD_isError(remaining) == 0, "libzstd failed: \(remaining)")
                    more = remaining != 0
                    out += target.prefix(output.pos)
                }
            }
        }
        return out
    }

    /// One stream of 900 kB blocks; BZ_FLUSH closes a block per chunk.
    static func bzip2(_ chunks: [[UInt8]], _ ends: inout [Int]) -> [UInt8] {
        var stream = bz_stream()
        BZ2_bzCompressInit(&stream, 9, 0, 0)
        defer { BZ2_bzCompressEnd(&stream) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        for (index, chunk) in (chunks + [[]]).enumerated() {
            let action = index == chunks.count ? BZ_FINISH : BZ_FLUSH
            var chunk = chunk
            chunk.withUnsafeMutableBytes { source in
                stream.next_in = source.baseAddress?.assumingMemoryBound(to: CChar.self)
                stream.avail_in = UInt32(source.count)
                var status: Int32 = 0
                repeat {
                    buffer.withUnsafeMutableBytes { target in
                        stream.next_out = target.baseAddress!.assumingMemoryBound(to: CChar.self)
                        stream.avail_out = UInt32(target.count)
                        status = BZ2_bzCompress(&stream, action)
                        out += target.prefix(target.count - Int(stream.avail_out))
                    }
                } while status == BZ_FLUSH_OK || status == BZ_FINISH_OK
            }
            if index < chunks.count { ends.append(out.count) }
        }
        return out
    }

    /// One stream with CRC64 checks; LZMA_FULL_FLUSH closes a block per chunk.
    static func xz(_ chunks: [[UInt8]], _ ends: inout [Int]) -> [UInt8] {
        var stream = lzma_stream()
        precondition(lzma_easy_encoder(&stream, 6, LZMA_CHECK_CRC64) == LZMA_OK)
        defer { lzma_end(&stream) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        for (index, chunk) in (chunks + [[]]).enumerated() {
            let action = index == chunks.count ? LZMA_FINISH : LZMA_FULL_FLUSH
            chunk.withUnsafeBytes { source in
                stream.next_in = source.baseAddress?.assumingMemoryBound(to: UInt8.self)
                stream.avail_in = source.count
                var status = LZMA_OK
                repeat {
                    buffer.withUnsafeMutableBytes { target in
                        stream.next_out = target.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        stream.avail_out = target.count
                        status = lzma_code(&stream, action)
                        out += target.prefix(target.count - stream.avail_out)
                    }
                } while status == LZMA_OK
            }
            if index < chunks.count { ends.append(out.count) }
        }
        return out
    }
}
