// Compression.md "GZIP": the gzip file format of RFC 1952 (a DEFLATE stream with the gzip
// header and CRC-32 trailer), one member per page body.
import CZlib

/// GZIP through zlib's deflate with the gzip wrapper, resetting one stream for every page.
final class GzipCompressor: PageCompressor {
    private let stream: UnsafeMutablePointer<z_stream>

    /// zlib's window bits plus 16 asks for the gzip wrapper instead of zlib's own.
    private static let gzipWindowBits: Int32 = 15 + 16
    /// zlib's default memory level.
    private static let memoryLevel: Int32 = 8

    init(level: Int32) throws(CodecFailure) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit2_(
            stream, min(max(level, 1), 9), Z_DEFLATED, Self.gzipWindowBits, Self.memoryLevel,
            Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw CodecFailure(codec: .gzip, status: Int(status), detail: "deflateInit2 failed")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer) throws(CodecFailure) {
        // deflateBound is computed before the reset for the stream's settings; zlib 1.2.13
        // has been seen to need a few bytes more with the gzip wrapper, so a page that does
        // not fit is compressed again into twice the room.
        var room = Int(deflateBound(stream, UInt(input.count))) + 64
        while true {
            if try compress(input, into: output, room: room) { return }
            guard room < 4 * input.count + (1 << 20) else {
                throw CodecFailure(
                    codec: .gzip, status: Int(Z_BUF_ERROR),
                    detail: "deflate did not finish in \(room) bytes")
            }
            room *= 2
        }
    }

    /// One attempt; returns false when `room` was too small.
    private func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer, room: Int)
        throws(CodecFailure) -> Bool
    {
        output.removeAll()
        deflateReset(stream)
        var finished = false
        try output.appendWriting(upTo: room) { (target) throws(CodecFailure) -> Int in
            let source = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: source)
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = target.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(room)
            let status = deflate(stream, Z_FINISH)
            switch status {
            case Z_STREAM_END: finished = true
            case Z_OK, Z_BUF_ERROR: finished = false
            default:
                throw CodecFailure(codec: .gzip, status: Int(status), detail: "deflate failed")
            }
            return room - Int(stream.pointee.avail_out)
        }
        return finished
    }
}
