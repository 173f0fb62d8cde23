// RFC 1952 (GZIP file format) members through ISA-L's igzip inflate, which parses each
// member's header and checks its CRC-32 and ISIZE trailer (crc_flag ISAL_GZIP).
import CIsal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decompresses a gzip file with ISA-L, about three times faster than zlib, and hands the
/// file to `GzipStream` (zlib) the moment anything is not plainly well-formed.
///
/// Every anomaly (a truncated member, a corrupt block, a bad CRC, bytes after the last
/// member, a member boundary ISA-L cannot locate exactly) switches to zlib, which re-reads
/// the file from its start and skips the bytes ISA-L already delivered; so the lines, the
/// damage offset and the damage message are zlib's, by construction. Deflate decodes to the
/// same bytes in both, so the skipped prefix is identical. Both read through one `SourceFile`,
/// whose descriptor is borrowed, so a digest it takes hashes the re-read prefix only once.
final class IsalGzipStream: DecompressedStream {
    private let source: SourceFile
    private let blockSize: Int
    private let state: UnsafeMutablePointer<inflate_state>
    private let input: UnsafeMutableRawPointer
    private let output: UnsafeMutableRawPointer
    private var fileOffset: Int64 = 0
    private var isInputEnded = false
    private var isAtMemberBoundary = false
    /// Whether the next input bytes start a member whose header flags are still unchecked.
    private var isAtMemberStart = true
    private var mustFallBack = false

    /// Decompressed bytes handed over by ISA-L, which zlib skips after taking over.
    private var delivered: Int64 = 0
    private var fallback: GzipStream?
    private var fallbackSkip: Int64 = 0

    let compression = "gzip"

    var compressedBytes: Int64 { fallback?.compressedBytes ?? fileOffset }

    /// The start of the member being inflated; zlib's once it has taken over, which counts
    /// from the file's start too.
    var uncheckedFrom: Int64 { fallback?.uncheckedFrom ?? memberStart }

    /// Only zlib reports damage, so only it can say what kind.
    var isCorrupt: Bool { fallback?.isCorrupt ?? false }
    var endsWithTrailingBytes: Bool { fallback?.endsWithTrailingBytes ?? false }

    /// Where the member igzip is inflating starts in the decompressed stream.
    private var memberStart: Int64 = 0

    /// Whether zlib has taken over.
    var hasFallenBack: Bool { fallback != nil }

    /// Reads the file descriptor `fd`, borrowed.
    convenience init(fd: Int32, blockSize: Int) {
        self.init(source: SourceFile(fd: fd), blockSize: blockSize)
    }

    /// Reads the file through `source`, whose descriptor stays the caller's.
    init(source: SourceFile, blockSize: Int) {
        self.source = source
        self.blockSize = blockSize
        input = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
        output = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
        state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
    }

    /// Resumes a read where `checkpoint` was taken, with the state saved in `store`; nil when
    /// that state cannot be read back or is not one this build's ISA-L could have saved.
    /// The file must be the one the checkpoint was taken in, as it was then.
    convenience init?(
        source: SourceFile, blockSize: Int, resumingAt checkpoint: InflateCheckpoint,
        in store: CheckpointStore
    ) {
        self.init(source: source, blockSize: blockSize)
        guard restore(checkpoint, from: store) else { return nil }
    }

    deinit {
        state.deallocate()
        input.deallocate()
        output.deallocate()
    }

    func next() -> StreamChunk {
        if let fallback { return nextSkipping(fallback) }
        while !mustFallBack {
            if state.pointee.avail_in == 0 && !isInputEnded { refill() }
            if mustFallBack { break }
            if state.pointee.avail_in == 0 && isInputEnded {
                if isAtMemberBoundary { return .end }
                break
            }
            if isAtMemberStart {
                guard hasOnlyKnownHeaderFlags() else { break }
                isAtMemberStart = false
            }

            let produced = inflateOnce()
            if produced > 0 {
                delivered += Int64(produced)
                return .bytes(UnsafeRawBufferPointer(start: output, count: produced))
            }
        }
        return switchToZlib()
    }

    /// Runs igzip once into the output buffer and returns the bytes it produced; marks a
    /// member's end, or an anomaly for zlib. A call that fails returns none: the output it
    /// counts before reporting corrupt data is not all decoded data (on a damaged file, stale
    /// bytes of the buffer reached the lines, different from run to run), so zlib, which
    /// skips only the bytes of calls that succeeded, decodes that stretch itself and stops
    /// where the damage is.
    private func inflateOnce() -> Int {
        state.pointee.next_out = output.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = UInt32(blockSize)
        let availableBefore = state.pointee.avail_in
        let status = isal_inflate(state)
        let produced = blockSize - Int(state.pointee.avail_out)

        // A call that neither read nor wrote would repeat forever: leave it to zlib.
        let isStuck = produced == 0 && state.pointee.avail_in == availableBefore
        let isOK =
            status == ISAL_DECOMP_OK || status == ISAL_END_INPUT || status == ISAL_OUT_OVERFLOW
        guard isOK && !(isStuck && state.pointee.block_state != ISAL_BLOCK_FINISH) else {
            mustFallBack = true
            return 0
        }
        if state.pointee.block_state == ISAL_BLOCK_FINISH {
            // igzip stops at a member's end, so the bytes produced end with the member.
            memberStart = delivered + Int64(produced)
            startNextMember()
        } else {
            isAtMemberBoundary = false
        }
        return produced
    }

    /// Resets igzip for the next member, giving back any input bytes it buffered past the
    /// trailer (ISA-L 2.30 gives them back itself and leaves none; the check guards other
    /// versions); when they came from an earlier read, only zlib can go on exactly.
    private func startNextMember() {
        let buffered = Int(max(0, state.pointee.read_in_length)) / 8
        let consumed = UnsafeRawPointer(state.pointee.next_in!) - UnsafeRawPointer(input)
        guard buffered <= consumed else {
            mustFallBack = true
            return
        }

        let nextIn = state.pointee.next_in! - buffered
        let availIn = state.pointee.avail_in + UInt32(buffered)
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        state.pointee.next_in = nextIn
        state.pointee.avail_in = availIn
        isAtMemberBoundary = true
        isAtMemberStart = true
    }

    /// Whether the member header at the input sets no reserved flag bit. RFC 1952 (2.3.1.2)
    /// has a decompressor report an error for one, which ISA-L does not, so such a member
    /// goes to zlib, which reports it as damage. A header cut by the end of a read also goes
    /// to zlib (rare: the 3 bytes before it end the read).
    private func hasOnlyKnownHeaderFlags() -> Bool {
        guard state.pointee.avail_in >= 4, let header = state.pointee.next_in else { return false }
        return header[3] & 0xE0 == 0
    }

    private func refill() {
        let count = source.read(into: input, count: blockSize, at: fileOffset)
        guard count >= 0 else {
            mustFallBack = true
            return
        }
        isInputEnded = count == 0
        fileOffset += Int64(count)
        state.pointee.next_in = input.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_in = UInt32(count)
    }

    /// The bytes of `inflate_state` a checkpoint saves before the history: every field but
    /// the output buffer, whose first `tmp_out_valid` bytes (the history) follow them.
    private static let savedPrefixBytes = sluice_isal_history_offset()

    /// Saves igzip's state, as it stands between two `next()` calls, in `store`: the fields,
    /// the current block's decoding tables and the history, about 53 KiB. Returns where it
    /// went, its CRC-32 and the file offset to read on from, or nil when this point cannot be
    /// resumed (zlib has taken over, a member starts or ends here, the store refused it).
    func saveState(into store: CheckpointStore) -> (
        compressedOffset: Int64, storeOffset: Int64, byteCount: Int, checksum: UInt32
    )? {
        guard fallback == nil, !mustFallBack, !isAtMemberStart,
            Self.isResumable(state.pointee.block_state)
        else { return nil }

        let count = Self.savedPrefixBytes + Int(state.pointee.tmp_out_valid)
        let saved = UnsafeRawBufferPointer(start: UnsafeRawPointer(state), count: count)
        guard let storeOffset = store.append(saved) else { return nil }
        let checksum = crc32_gzip_refl(
            0, saved.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(count))
        return (fileOffset - Int64(state.pointee.avail_in), storeOffset, count, checksum)
    }

    /// Loads the state saved at `checkpoint` and points the next read at its compressed
    /// offset; false, leaving the stream unusable, when the saved bytes are not such a state.
    private func restore(_ checkpoint: InflateCheckpoint, from store: CheckpointStore) -> Bool {
        let count = checkpoint.stateBytes
        guard count >= Self.savedPrefixBytes, count <= MemoryLayout<inflate_state>.size,
            store.read(
                into: UnsafeMutableRawPointer(state), count: count, at: checkpoint.storeOffset)
        else { return false }

        // igzip follows its tables and lengths without checking them, so only the very bytes
        // `saveState` wrote are loaded; the fields are checked as well, in case changed bytes
        // match the checksum by chance.
        let loaded = UnsafeRawPointer(state).assumingMemoryBound(to: UInt8.self)
        guard crc32_gzip_refl(0, loaded, UInt64(count)) == checkpoint.stateChecksum else {
            return false
        }

        let history = Int(state.pointee.tmp_out_valid)
        let processed = Int(state.pointee.tmp_out_processed)
        guard history == count - Self.savedPrefixBytes, (0...history).contains(processed),
            Self.isResumable(state.pointee.block_state)
        else { return false }

        state.pointee.next_in = input.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_in = 0
        state.pointee.next_out = nil
        state.pointee.avail_out = 0
        fileOffset = checkpoint.compressedOffset
        delivered = checkpoint.plainOffset
        memberStart = checkpoint.plainOffset
        isAtMemberStart = false
        return true
    }

    /// Whether igzip is inside a member's deflate blocks, where a saved state resumes; its
    /// header and trailer states are left out.
    private static func isResumable(_ blockState: isal_block_state) -> Bool {
        [ISAL_BLOCK_NEW_HDR, ISAL_BLOCK_HDR, ISAL_BLOCK_TYPE0, ISAL_BLOCK_CODED].contains(
            blockState)
    }

    private func switchToZlib() -> StreamChunk {
        let zlib = GzipStream(source: source, blockSize: blockSize)
        fallback = zlib
        fallbackSkip = delivered
        return nextSkipping(zlib)
    }

    /// zlib's next chunk, after dropping the first `delivered` bytes of its output.
    private func nextSkipping(_ zlib: GzipStream) -> StreamChunk {
        while fallbackSkip > 0 {
            let chunk = zlib.next()
            guard case .bytes(let block) = chunk else { return chunk }
            if Int64(block.count) <= fallbackSkip {
                fallbackSkip -= Int64(block.count)
                continue
            }
            let rest = UnsafeRawBufferPointer(rebasing: block[Int(fallbackSkip)...])
            fallbackSkip = 0
            return .bytes(rest)
        }
        return zlib.next()
    }
}
