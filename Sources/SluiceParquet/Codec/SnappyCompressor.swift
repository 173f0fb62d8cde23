// Compression.md "SNAPPY": the raw Snappy block format, no framing.
import CSnappy

/// SNAPPY through libsnappy's C interface.
final class SnappyCompressor: PageCompressor {
    func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer) throws(CodecFailure) {
        let bound = snappy_max_compressed_length(input.count)
        output.removeAll()

        try output.appendWriting(upTo: bound) { (target) throws(CodecFailure) -> Int in
            var length = bound
            let source = input.baseAddress?.assumingMemoryBound(to: CChar.self)
            let status = snappy_compress(
                source, input.count, target.assumingMemoryBound(to: CChar.self), &length)
            guard status == SNAPPY_OK else {
                throw CodecFailure(
                    codec: .snappy, status: Int(status.rawValue), detail: "snappy_compress failed")
            }
            return length
        }
    }
}
