// RFC 8878 (Zstandard), through libzstd's ZSTD_decompressStream. Section 3.1: a file is a
// series of frames, Zstandard frames and skippable frames (magic 0x184D2A50 to 0x184D2A5F);
// section 3.1.1: a frame's optional content checksum follows its last block.
import CZstd

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decompresses a zstd file with libzstd, frame after frame to the end of the file.
///
/// Every byte libzstd decodes before it reports damage is handed over, so the reader passes
/// every line before it. libzstd reports the bytes it wrote only when a call succeeds, so
/// each call is given at most the input that completes one decoding step (a block, a header,
/// the checksum; see `inputForNextCall`): a call that finds damage then has written nothing
/// that would be lost. A block is decoded only once all of it is read, so a file cut inside
/// a block hands over the blocks before it (a block holds at most 128 KiB decoded).
///
/// Integrity: a frame's checksum covers the whole frame and is checked after its last block,
/// so when it fails, the frame's bytes have already been handed over. Frames do not depend on
/// each other, so the stream says the frame failed (`.failedUnit`) and goes on with the next
/// one, which starts where the frame's block headers say the frame ends (`ZstdFrames`); other
/// damage stops the stream, since a frame whose block cannot be decoded says nothing of what
/// its later blocks held. Bytes after the last frame that are not a frame are damage, as with
/// gzip; a file cut exactly at a frame boundary cannot be told from a whole file. Memory:
/// libzstd's default window limit (128 MiB) refuses frames that need more; the CLI writes
/// such frames only with `--long` past 27. The file descriptor is borrowed. Not thread-safe.
final class ZstdStream: DecompressedStream {
    /// The input given for a frame's first call: the smallest frame header, so that the
    /// first call cannot reach a block (libzstd's hints then take over).
    static let frameStartHint = 5 + blockHeaderBytes

    /// A block header's size, which libzstd adds to its input hint to preload the next one.
    static let blockHeaderBytes = 3

    private let source: SourceFile
    private let input: CompressedInput
    private let context: OpaquePointer?
    private let output: UnsafeMutableRawPointer
    private let blockSize: Int
    private var inputStart = 0
    private var inputEnd = 0
    private var hint = ZstdStream.frameStartHint
    private var isOutputFull = false
    private var isAtFrameBoundary = true
    private var framesEnded = 0
    private var pendingDamage: String?
    /// Where in the file the frame being decoded starts.
    private var frameStart: Int64 = 0
    /// The message of a frame that failed its checksum, handed over as `.failedUnit` by the
    /// next `next()`, once the input is at the next frame.
    private var failedFrame: String?
    /// Decompressed bytes produced so far.
    private var producedBytes: Int64 = 0

    let compression = "zstd"
    /// The start of the frame being decoded: the frames before it passed their checksums
    /// (or had none to check).
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
        self.source = source
        input = CompressedInput(source: source, capacity: blockSize)
        output = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
        context = ZSTD_createDCtx()
        if context == nil { pendingDamage = "libzstd could not allocate a decompression context" }
    }

    deinit {
        ZSTD_freeDCtx(context)
        output.deallocate()
    }

    func next() -> StreamChunk {
        while true {
            if let failed = failedFrame {
                failedFrame = nil
                let start = uncheckedFrom
                uncheckedFrom = producedBytes
                return .failedUnit(failed, from: start)
            }
            if let damage = pendingDamage { return .damage(damage) }
            if !isOutputFull && inputStart == inputEnd {
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
        inputStart = 0
        inputEnd = input.refill()
        if let failure = input.failure { return .damage(failure) }
        guard inputEnd == 0 else { return nil }
        return isAtFrameBoundary
            ? .end : .damage("truncated zstd input: the file ends inside a zstd frame")
    }

    /// Runs libzstd once into the output buffer and returns how many bytes it produced;
    /// records a frame's end or the damage found.
    private func decompressOnce() -> Int {
        if isAtFrameBoundary { frameStart = inputPosition }
        var source = ZSTD_inBuffer(
            src: input.buffer + inputStart, size: inputForNextCall(), pos: 0)
        var target = ZSTD_outBuffer(dst: output, size: blockSize, pos: 0)
        let result = ZSTD_decompressStream(context, &target, &source)
        inputStart += source.pos
        isOutputFull = target.pos == blockSize
        producedBytes += Int64(target.pos)

        if ZSTD_isError(result) != 0 {
            let reason = String(cString: ZSTD_getErrorName(result))
            if ZSTD_getErrorCode(result) == ZSTD_error_checksum_wrong, goOnAfterFailedFrame() {
                failedFrame = "corrupt zstd data (\(reason))"
                return target.pos
            }
            if ZSTD_getErrorCode(result) == ZSTD_error_dictionary_wrong {
                // Not damage to the bytes: the frame is not for a reader without the dictionary.
                pendingDamage = dictionaryMessage()
                return target.pos
            }
            // Only bytes without a frame's magic number are not a frame; a frame whose header
            // or first block is corrupt is damage to the frame.
            let isAfterLastFrame =
                isAtFrameBoundary && framesEnded > 0 && target.pos == 0
                && ZSTD_getErrorCode(result) == ZSTD_error_prefix_unknown
            isCorrupt = !isAfterLastFrame
            endsWithTrailingBytes = isAfterLastFrame
            pendingDamage =
                isAfterLastFrame
                ? "the file goes on after its last zstd frame with bytes that are not zstd (\(reason))"
                : "corrupt zstd data (\(reason))"
            return target.pos
        }
        // A call that only flushed output leaves a frame boundary where it was.
        let wasFlushOnly = source.pos == 0 && result != 0
        if wasFlushOnly && isAtFrameBoundary { return target.pos }
        isAtFrameBoundary = result == 0
        if result == 0 {
            // A call returns at a frame's end, so the bytes produced end with the frame.
            framesEnded += 1
            uncheckedFrom = producedBytes
        }
        hint = result == 0 ? Self.frameStartHint : result
        return target.pos
    }

    /// What to do about a frame that needs a dictionary: libzstd says only "Dictionary
    /// mismatch".
    private func dictionaryMessage() -> String {
        var header = [UInt8](repeating: 0, count: 18)
        let count = header.withUnsafeMutableBytes {
            source.read(into: $0.baseAddress!, count: $0.count, at: frameStart)
        }
        let id = count > 0 ? ZSTD_getDictID_fromFrame(header, count) : 0
        let which = id == 0 ? "a dictionary" : "dictionary \(id)"
        return "the zstd frame at byte \(frameStart) of the file was compressed with \(which), "
            + "which Sluice is not given: decompress the file with it (zstd -d -D <dictionary>) "
            + "and load the result"
    }

    /// Where in the file the next input byte given to libzstd is.
    private var inputPosition: Int64 {
        input.bytesRead - Int64(inputEnd - inputStart)
    }

    /// Moves the input to the end of the frame that just failed its checksum and readies
    /// libzstd for the next frame; false when the frame's end cannot be found or lies before
    /// what libzstd has read, and the failure is to stop the stream instead.
    private func goOnAfterFailedFrame() -> Bool {
        var status = stat()
        guard fstat(source.fd, &status) == 0,
            let end = ZstdFrames.frameEnd(
                fd: source.fd, from: frameStart, size: Int64(status.st_size)),
            end >= inputPosition
        else { return false }

        if end <= input.bytesRead {
            inputStart = Int(end - (input.bytesRead - Int64(inputEnd)))
        } else {
            input.skip(to: end)
            inputStart = 0
            inputEnd = 0
        }
        ZSTD_DCtx_reset(context, ZSTD_reset_session_only)
        isAtFrameBoundary = true
        isOutputFull = false
        hint = Self.frameStartHint
        framesEnded += 1
        return true
    }

    /// Input for one call. After a call that filled the output, none: libzstd only flushes.
    /// Otherwise its hint less the next block header it asks to preload, at least one byte:
    /// the call then completes one step and stops before the next, whose damage it would
    /// otherwise report while discarding what it had just written.
    private func inputForNextCall() -> Int {
        if isOutputFull { return 0 }
        return min(inputEnd - inputStart, max(1, hint - Self.blockHeaderBytes))
    }
}
