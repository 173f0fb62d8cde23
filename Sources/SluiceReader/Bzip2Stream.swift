// bzip2 streams through libbz2's BZ2_bzDecompress (bzip2 1.0.8 manual, section 3.3: the
// low-level interface). A stream is "BZh" and a level, then blocks, each holding its own
// CRC, then an end marker with the stream's combined CRC; a file may hold several streams
// back to back, as `cat a.bz2 b.bz2` writes and `bzip2 -d` reads.
import CBzip2

/// Decompresses a bzip2 file with libbz2, stream after stream to the end of the file.
///
/// libbz2 writes decoded bytes straight into the output buffer and counts them even in the
/// call that reports damage, so every byte it decodes before the damage is handed over.
/// A block is decoded only once all of it is read (the Burrows-Wheeler transform needs the
/// whole block), so a file cut inside a block hands over the blocks before it; a block holds
/// at most 900 kB before bzip2's run-length step.
///
/// Integrity: a block's CRC is checked after its last byte is decoded, so when it fails, the
/// block's bytes have already been handed over and the damage (at the block's end) says the
/// file is not to be trusted; a corrupt Huffman code or block header usually fails earlier,
/// before the block yields anything. Bytes after the last stream that are not a stream are
/// damage, as with gzip. Memory: about 3.7 MB per stream for 900 kB blocks, whatever the
/// file. The file descriptor is borrowed. Not thread-safe.
final class Bzip2Stream: DecompressedStream {
    private let input: CompressedInput
    private let stream: UnsafeMutablePointer<bz_stream>
    private let output: UnsafeMutableRawPointer
    private let blockSize: Int
    private var isOutputFull = false
    private var isAtStreamBoundary = true
    private var streamsEnded = 0
    private var isInitialised = false
    private var pendingDamage: String?
    /// Decompressed bytes produced so far.
    private var producedBytes: Int64 = 0

    let compression = "bzip2"
    /// The start of the bzip2 stream being decoded. libbz2 checks each block's CRC but does
    /// not say where blocks end, so the whole stream counts as unchecked until its end.
    private(set) var uncheckedFrom: Int64 = 0
    private(set) var isCorrupt = false
    private(set) var endsWithTrailingBytes = false

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
        stream = UnsafeMutablePointer<bz_stream>.allocate(capacity: 1)
        stream.initialize(to: bz_stream())
        startStream()
    }

    deinit {
        if isInitialised { BZ2_bzDecompressEnd(stream) }
        stream.deallocate()
        output.deallocate()
    }

    func next() -> StreamChunk {
        while true {
            if let damage = pendingDamage { return .damage(damage) }
            if !isOutputFull && stream.pointee.avail_in == 0 {
                if let end = refill() { return end }
            }

            let produced = decompressOnce()
            if produced > 0 {
                return .bytes(UnsafeRawBufferPointer(start: output, count: produced))
            }
        }
    }

    /// Reads more input; returns the end or the damage when there is none.
    private func refill() -> StreamChunk? {
        let count = input.refill()
        if let failure = input.failure { return .damage(failure) }
        stream.pointee.next_in = input.buffer.assumingMemoryBound(to: CChar.self)
        stream.pointee.avail_in = UInt32(count)
        guard count == 0 else { return nil }
        return isAtStreamBoundary
            ? .end : .damage("truncated bzip2 input: the file ends inside a bzip2 stream")
    }

    /// Runs libbz2 once into the output buffer and returns how many bytes it produced;
    /// records a stream's end or the damage found.
    private func decompressOnce() -> Int {
        stream.pointee.next_out = output.assumingMemoryBound(to: CChar.self)
        stream.pointee.avail_out = UInt32(blockSize)
        let availableBefore = stream.pointee.avail_in
        let status = BZ2_bzDecompress(stream)
        let produced = blockSize - Int(stream.pointee.avail_out)
        isOutputFull = stream.pointee.avail_out == 0
        producedBytes += Int64(produced)

        switch status {
        case BZ_STREAM_END:
            // A call returns at a stream's end, so the bytes produced end with the stream.
            isAtStreamBoundary = true
            streamsEnded += 1
            uncheckedFrom = producedBytes
            restartStream()
        case BZ_OK:
            isAtStreamBoundary = isAtStreamBoundary && stream.pointee.avail_in == availableBefore
        default:
            let reason = Self.describe(status)
            let isAfterLastStream = status == BZ_DATA_ERROR_MAGIC && streamsEnded > 0
            isCorrupt = !isAfterLastStream
            endsWithTrailingBytes = isAfterLastStream
            pendingDamage =
                isAfterLastStream
                ? "the file goes on after its last bzip2 stream with bytes that are not bzip2 (\(reason))"
                : "corrupt bzip2 data (\(reason))"
        }
        return produced
    }

    /// Ends the finished stream and starts the next, keeping the input libbz2 has not read.
    private func restartStream() {
        let nextIn = stream.pointee.next_in
        let availIn = stream.pointee.avail_in
        BZ2_bzDecompressEnd(stream)
        isInitialised = false
        stream.pointee = bz_stream()

        startStream()
        stream.pointee.next_in = nextIn
        stream.pointee.avail_in = availIn
    }

    private func startStream() {
        // Verbosity 0 prints nothing; small 0 takes the fast 3.7 MB decoder over the 2.3 MB one.
        let status = BZ2_bzDecompressInit(stream, 0, 0)
        isInitialised = status == BZ_OK
        if !isInitialised {
            pendingDamage = "libbz2 could not start decompressing (\(Self.describe(status)))"
        }
    }

    static func describe(_ status: Int32) -> String {
        switch status {
        case BZ_DATA_ERROR: return "BZ_DATA_ERROR: a CRC does not match or the data is malformed"
        case BZ_DATA_ERROR_MAGIC:
            return "BZ_DATA_ERROR_MAGIC: the stream does not start with 'BZh' and a level 1 to 9"
        case BZ_MEM_ERROR: return "BZ_MEM_ERROR: out of memory"
        case BZ_PARAM_ERROR: return "BZ_PARAM_ERROR"
        case BZ_CONFIG_ERROR: return "BZ_CONFIG_ERROR: libbz2 was built wrongly for this machine"
        default: return "libbz2 status \(status)"
        }
    }
}
