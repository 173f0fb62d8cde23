// Compression.md "ZSTD": one Zstandard frame (RFC 8878) per page body.
import CZstd

/// ZSTD through libzstd, reusing one compression context for every page.
final class ZstdCompressor: PageCompressor {
    private let context: OpaquePointer
    private let level: Int32

    init(level: Int32) throws(CodecFailure) {
        guard let context = ZSTD_createCCtx() else {
            throw CodecFailure(codec: .zstd, status: 0, detail: "ZSTD_createCCtx returned null")
        }
        self.context = context
        self.level = level
    }

    deinit { ZSTD_freeCCtx(context) }

    func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer) throws(CodecFailure) {
        let bound = ZSTD_compressBound(input.count)
        output.removeAll()

        try output.appendWriting(upTo: bound) { (target) throws(CodecFailure) -> Int in
            let status = ZSTD_compressCCtx(
                context, target, bound, input.baseAddress, input.count, level)
            guard ZSTD_isError(status) == 0 else {
                let name = String(cString: ZSTD_getErrorName(status))
                throw CodecFailure(codec: .zstd, status: status, detail: name)
            }
            return status
        }
    }
}
