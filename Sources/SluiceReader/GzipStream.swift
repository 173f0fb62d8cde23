// Implements RFC 1952 (GZIP file format) members through zlib's inflate, which checks each
// member's CRC-32 and ISIZE trailer; section 2.2: a file is a series of members.
import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decompresses a gzip file with zlib, member after member to the end of the file.
///
/// zlib is used instead of libarchive for gzip because libarchive does not check the CRC
/// (a corrupt byte goes unnoticed) and discards its last partial output block when the
/// input is truncated; zlib hands over every byte it could decode before the damage, so
/// the reader can pass every line before it. It reads the file through a `SourceFile` (whose
/// descriptor is borrowed, never closed here) from offset 0, so it can take over from
/// `IsalGzipStream`.
final class GzipStream: DecompressedStream {
    private let source: SourceFile
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawPointer
    private let output: UnsafeMutableRawPointer
    private let blockSize: Int
    private var fileOffset: Int64 = 0
    private var isInputEnded = false
    private var isAtMemberBoundary = false
    private var pendingDamage: String?
    /// Decompressed bytes produced so far, from the file's start.
    private var producedBytes: Int64 = 0

    private(set) var compressedBytes: Int64 = 0
    /// Where in the file the last member that ended whole ends; nil before the first.
    private var lastMemberEnd: Int64?
    let compression = "gzip"
    /// The start of the member being inflated: the members before it passed their CRC-32
    /// and ISIZE checks.
    private(set) var uncheckedFrom: Int64 = 0
    private(set) var isCorrupt = false
    private(set) var endsWithTrailingBytes = false

    /// Reads the file descriptor `fd`, borrowed.
    convenience init(fd: Int32, blockSize: Int) {
        self.init(source: SourceFile(fd: fd), blockSize: blockSize)
    }

    /// Reads the file through `source`, whose descriptor stays the caller's.
    init(source: SourceFile, blockSize: Int) {
        self.source = source
        self.blockSize = blockSize
        input = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
        output = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())

        // 15 + 16: the largest window, and expect a gzip (not zlib) header and trailer.
        let status = inflateInit2_(
            stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        if status != Z_OK {
            pendingDamage = "zlib could not start inflating (\(Self.describe(status)))"
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
        output.deallocate()
    }

    func next() -> StreamChunk {
        while true {
            // Checked in the loop: the call that found the check wrong may give no bytes.
            if let failed = failedMember { return goOn(after: failed) }
            if let damage = pendingDamage { return .damage(damage) }
            if stream.pointee.avail_in == 0 && !isInputEnded { refill() }
            if let damage = pendingDamage { return .damage(damage) }
            if stream.pointee.avail_in == 0 && isInputEnded {
                if isAtMemberBoundary { return .end }
                if let trailing = trailingBytesDamage() { return trailing }
                return .damage("truncated gzip input: the file ends inside a gzip member")
            }

            let produced = inflateOnce()
            if produced > 0 {
                return .bytes(UnsafeRawBufferPointer(start: output, count: produced))
            }
        }
    }

    /// Runs inflate once into the output buffer and returns how many bytes it produced;
    /// records a member's end or the damage found.
    private func inflateOnce() -> Int {
        stream.pointee.next_out = output.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(blockSize)
        let status = inflate(stream, Z_NO_FLUSH)
        let produced = blockSize - Int(stream.pointee.avail_out)
        producedBytes += Int64(produced)

        switch status {
        case Z_STREAM_END:
            // inflate stops at a member's end, so the bytes produced end with the member.
            isAtMemberBoundary = true
            uncheckedFrom = producedBytes
            lastMemberEnd = fileOffset - Int64(stream.pointee.avail_in)
            inflateReset(stream)
        case Z_OK, Z_BUF_ERROR:
            isAtMemberBoundary = false
        default:
            let reason = stream.pointee.msg.map { String(cString: $0) } ?? Self.describe(status)
            // Only the trailer was wrong: the member's data ended where deflate said, so the
            // next member starts right after the trailer and reading goes on there.
            if let trailerLeft = Self.trailerLeft(afterFailed: reason) {
                failedMember = (reason, trailerLeft)
                return produced
            }
            // A call that produced bytes was inside a member, even when one call inflated the
            // whole member after the last and then found its check wrong; and bytes that
            // start with gzip's magic number are a member (its header or first block corrupt,
            // or an empty member failing its check), which zlib says as another message.
            let isAfterLastMember =
                isAtMemberBoundary && produced == 0 && reason == "incorrect header check"
            isCorrupt = !isAfterLastMember
            endsWithTrailingBytes = isAfterLastMember
            let place = lastMemberEnd.map { ", from byte \($0) of the file" } ?? ""
            pendingDamage =
                isAfterLastMember
                ? "the file goes on after its last gzip member with bytes that are not gzip (\(reason)\(place))"
                : "corrupt gzip data (\(reason))"
        }
        return produced
    }

    /// The member whose trailer check failed, and how many of its trailer's bytes zlib had
    /// not read yet; handed over as `.failedUnit` by the next `next()`.
    private var failedMember: (reason: String, trailerLeft: Int)?

    /// How many trailer bytes follow where zlib stopped when `reason` is one of the trailer's
    /// checks: it reads the CRC-32 whole before comparing it (the ISIZE is next) and the
    /// ISIZE whole before comparing that; nil for any other failure. The reasons are zlib's
    /// own words (1.2.x, 1.3.x): a zlib that worded them otherwise would make such a member
    /// stop the read as damage, as every failure did before, losing no line unseen.
    private static func trailerLeft(afterFailed reason: String) -> Int? {
        switch reason {
        case "incorrect data check": return 4
        case "incorrect length check": return 0
        default: return nil
        }
    }

    /// Skips the rest of a failed member's trailer, readies zlib for the next member and
    /// says the member failed. A file that ends, or a read that fails, inside the trailer is
    /// damage too, handed over by the next call: the member's failure is said first, so its
    /// lines are distrusted whatever follows.
    private func goOn(after failed: (reason: String, trailerLeft: Int)) -> StreamChunk {
        failedMember = nil
        var left = failed.trailerLeft
        while left > 0 {
            if stream.pointee.avail_in == 0 {
                if isInputEnded || pendingDamage != nil { break }
                refill()
                continue
            }
            let step = min(left, Int(stream.pointee.avail_in))
            stream.pointee.next_in += step
            stream.pointee.avail_in -= UInt32(step)
            left -= step
        }
        inflateReset(stream)
        isAtMemberBoundary = left == 0
        if left > 0, pendingDamage == nil {
            pendingDamage = "truncated gzip input: the file ends inside a gzip member's trailer"
        }
        let start = uncheckedFrom
        uncheckedFrom = producedBytes
        lastMemberEnd = fileOffset - Int64(stream.pointee.avail_in)
        return .failedUnit("corrupt gzip data (\(failed.reason))", from: start)
    }

    /// At a file's end inside what zlib took for a member's header: when the bytes after the
    /// last whole member do not start with gzip's magic number (a newline, a few stray
    /// bytes), they are no member cut short but bytes after the last one, as longer junk is.
    private func trailingBytesDamage() -> StreamChunk? {
        guard let lastMemberEnd else { return nil }
        var head: [UInt8] = [0, 0]
        let count = head.withUnsafeMutableBytes {
            source.read(into: $0.baseAddress!, count: 2, at: lastMemberEnd)
        }
        guard count > 0, !Self.magic.starts(with: head.prefix(count)) else { return nil }
        endsWithTrailingBytes = true
        return .damage(
            "the file goes on after its last gzip member with bytes that are not gzip (from "
                + "byte \(lastMemberEnd) of the file)")
    }

    /// The first bytes of every gzip member (RFC 1952, 2.3.1).
    private static let magic: [UInt8] = [0x1F, 0x8B]

    private func refill() {
        let count = source.read(into: input, count: blockSize, at: fileOffset)
        if count < 0 {
            pendingDamage = "reading the file failed: \(ReadError.describe(errno: errno))"
            return
        }
        isInputEnded = count == 0
        fileOffset += Int64(count)
        compressedBytes += Int64(count)
        stream.pointee.next_in = input.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(count)
    }

    static func describe(_ status: Int32) -> String {
        String(cString: zError(status))
    }
}
