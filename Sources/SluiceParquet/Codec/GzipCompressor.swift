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
        let bound = Int(deflateBound(stream, UInt(input.count)))
        output.removeAll()
        deflateReset(stream)

        try output.appendWriting(upTo: bound) { (target) throws(CodecFailure) -> Int in
            let source = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: source)
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = target.assumingMemoryBound(to: Bytef.self)

            stream.pointee.avail_out = uInt(bound)
            let status = deflate(stream, Z_FINISH)
            guard status == Z_STREAM_END else {
                throw CodecFailure(
                    codec: .gzip, status: Int(status), detail: "deflate did not finish")
            }
            return bound - Int(stream.pointee.avail_out)
        }
    }
}
