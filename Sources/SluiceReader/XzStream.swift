// The .xz file format 1.1.0 through liblzma's lzma_stream_decoder, one stream at a time.
// Section 2.1: a file is one or more streams, each of blocks that end with their check
// (CRC32, CRC64 or SHA-256); section 2.2: null bytes in fours between and after streams
// (stream padding) are part of the format, not damage.
import CLzma

/// Decompresses an xz file with liblzma, every stream of it to the end of the file.
///
/// liblzma counts the bytes it wrote even in the call that reports damage, and LZMA2 decodes
/// as it reads, so every byte it could decode before the damage (a cut, a corrupt byte) is
/// handed over, including most of a block cut short.
///
/// Integrity: a block's check is verified after its last byte is decoded, so when it fails,
/// the block's bytes have already been handed over and the damage (at the block's end) says
/// the bytes since the start of its stream are not to be trusted (`uncheckedFrom`). Streams
/// are decoded one at a time, so a stream that ended whole stays trusted whatever follows.
/// xz writes one block per stream unless told otherwise (or when compressing with threads),
/// so the unverified part can be a whole stream: holding a block back until its check
/// passes would need unbounded memory. Bytes after the last stream that are neither stream
/// padding (null bytes in fours) nor the start of another stream are damage, as with gzip,
/// and not corruption: what came before them was checked. Memory: refused beyond
/// `memoryLimit`. The file descriptor is borrowed. Not thread-safe.
final class XzStream: DecompressedStream {
    /// The most memory the decoder may take: 256 MiB is four times what the largest preset
    /// (`xz -9`, a 64 MiB dictionary) needs to decode, so only a file written with a larger
    /// custom dictionary is refused, and readers of several files at once stay bounded.
    static let memoryLimit: UInt64 = 256 << 20

    private let input: CompressedInput
    private let stream: UnsafeMutablePointer<lzma_stream>
    private let output: UnsafeMutableRawPointer
    private let blockSize: Int
    private var isOutputFull = false
    private var isFinished = false
    private var pendingDamage: String?

    let compression = "xz"
    /// Where the stream being decoded starts in the decompressed bytes: those before it were
    /// checked when their stream ended.
    private(set) var uncheckedFrom: Int64 = 0
    private(set) var isCorrupt = false
    private(set) var endsWithTrailingBytes = false
    /// Decompressed bytes handed over so far.
    private var producedBytes: Int64 = 0
    /// Whether the last stream ended and the next one (or padding, or the end) is to come.
    private var isBetweenStreams = false
    /// Null bytes skipped since the last stream ended: stream padding, if a multiple of four.
    private var paddingBytes = 0

    var compressedBytes: Int64 { input.bytesRead }

    /// Reads the file descriptor `fd`, borrowed.
    convenience init(fd: Int32, blockSize: Int) {
        self.init(source: SourceFile(fd: fd), blockSize: blockSize)
    }

    /// Reads the file through `source`, whose descriptor stays the caller's.
    init(source: SourceFile, blockSize: Int) {
        self.blockSize = blockSize
        input = CompressedInput(source: source, capacity: blockSize)
        output = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
        stream = UnsafeMutablePointer<lzma_stream>.allocate(capacity: 1)
        stream.initialize(to: lzma_stream())

        startStream()
    }

    /// Starts liblzma on a stream; the input it has not read yet stays where it is.
    private func startStream() {
        let status = lzma_stream_decoder(stream, Self.memoryLimit, 0)
        if status != LZMA_OK {
            pendingDamage = "liblzma could not start decoding (\(Self.describe(status)))"
        }
    }

    deinit {
        lzma_end(stream)
        stream.deallocate()
        output.deallocate()
    }

    func next() -> StreamChunk {
        while true {
            if let damage = pendingDamage { return .damage(damage) }
            if isFinished { return .end }
            // liblzma calls no input at all a cut stream; for us an empty file is empty.
            if input.isEnded && input.bytesRead == 0 { return .end }
            if !isOutputFull && stream.pointee.avail_in == 0 && !input.isEnded {
                refill()
                if let failure = input.failure { return .damage(failure) }
            }
            if isBetweenStreams {
                if let chunk = nextStream() { return chunk }
                continue
            }

            let produced = decodeOnce()
            if produced > 0 {
                return .bytes(UnsafeRawBufferPointer(start: output, count: produced))
            }
        }
    }

    private func refill() {
        let count = input.refill()
        stream.pointee.next_in = UnsafePointer(input.buffer.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = count
    }

    /// Runs liblzma once into the output buffer and returns how many bytes it produced;
    /// records the end of the last stream or the damage found. Once the file has ended, the
    /// call finishes: liblzma then says whether the input ended at a stream's end.
    private func decodeOnce() -> Int {
        stream.pointee.next_out = output.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = blockSize
        let action = input.isEnded ? LZMA_FINISH : LZMA_RUN
        let status = lzma_code(stream, action)
        let produced = blockSize - stream.pointee.avail_out
        isOutputFull = stream.pointee.avail_out == 0
        producedBytes += Int64(produced)

        switch status {
        case LZMA_OK:
            break
        case LZMA_STREAM_END:
            // The stream's checks all passed; liblzma has nothing left of it to flush.
            isBetweenStreams = true
            isOutputFull = false
            uncheckedFrom = producedBytes
        case LZMA_BUF_ERROR:
            pendingDamage = "truncated xz input: the file ends inside an xz stream"
        case LZMA_DATA_ERROR, LZMA_FORMAT_ERROR:
            isCorrupt = true
            pendingDamage = "corrupt xz data (\(Self.describe(status)))"
        default:
            pendingDamage = "the xz data cannot be decoded here (\(Self.describe(status)))"
        }
        return produced
    }

    /// After a stream's end: skips stream padding, then finishes at the file's end, starts
    /// the next stream, or returns the damage of bytes that cannot start one. Returns nil
    /// when the caller is to go on reading (more input needed, or a stream started).
    private func nextStream() -> StreamChunk? {
        while stream.pointee.avail_in > 0, stream.pointee.next_in.pointee == 0 {
            stream.pointee.next_in += 1
            stream.pointee.avail_in -= 1
            paddingBytes += 1
        }
        guard stream.pointee.avail_in > 0 || input.isEnded else { return nil }
        if paddingBytes % 4 != 0 {
            endsWithTrailingBytes = true
            let start = input.bytesRead - Int64(stream.pointee.avail_in) - Int64(paddingBytes)
            let padding =
                "\(paddingBytes) null bytes from byte \(start) of the file, which are no stream "
                + "padding: padding comes in fours"
            // Another stream after them is not read: xz itself refuses such a file.
            let isBetweenTwoStreams =
                stream.pointee.avail_in > 0 && stream.pointee.next_in.pointee == Self.streamMagic[0]
            pendingDamage =
                isBetweenTwoStreams
                ? "the xz streams of the file are separated by \(padding); the streams after "
                    + "them were not read"
                : "the file goes on after its last xz stream with bytes that are not xz "
                    + "(\(padding))"
            return .damage(pendingDamage!)
        }
        guard stream.pointee.avail_in > 0 else {
            isFinished = true
            return .end
        }
        // The bytes there are compared with the magic as far as the buffer holds them;
        // a stream header cut by the buffer's end is left to liblzma.
        let available = min(Int(stream.pointee.avail_in), Self.streamMagic.count)
        let next = UnsafeBufferPointer(start: stream.pointee.next_in, count: available)
        guard next.elementsEqual(Self.streamMagic.prefix(available)) else {
            endsWithTrailingBytes = true
            pendingDamage =
                "the file goes on after its last xz stream with bytes that are not xz (from "
                + "byte \(input.bytesRead - Int64(stream.pointee.avail_in)) of the file)"
            return .damage(pendingDamage!)
        }
        isBetweenStreams = false
        paddingBytes = 0
        startStream()
        return nil
    }

    /// The first bytes of every xz stream (.xz format, section 2.1.1.1).
    private static let streamMagic: [UInt8] = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]

    static func describe(_ status: lzma_ret) -> String {
        switch status {
        case LZMA_DATA_ERROR: return "LZMA_DATA_ERROR: the data or a check is wrong"
        case LZMA_FORMAT_ERROR: return "LZMA_FORMAT_ERROR: not an xz stream"
        case LZMA_OPTIONS_ERROR: return "LZMA_OPTIONS_ERROR: unsupported stream options"
        case LZMA_MEM_ERROR: return "LZMA_MEM_ERROR: out of memory"
        case LZMA_MEMLIMIT_ERROR:
            return "LZMA_MEMLIMIT_ERROR: decoding needs more than \(memoryLimit >> 20) MiB"
        default: return "liblzma status \(status.rawValue)"
        }
    }
}
