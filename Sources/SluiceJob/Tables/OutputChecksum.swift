import SluiceHash

/// The SHA-256 of a data file, fed its bytes as the Parquet writer writes them
/// (`ParquetFileWriter.BytesObserver`), so a finished file is not read back to checksum it.
///
/// The digest is of the file only if every byte went through `update` in file order and the
/// writer closed without a failure. Used from the writer's thread only; owns its staging
/// memory until `deinit`.
final class OutputChecksum {
    /// Small runs (page blocks of tiny partitions are often under 100 bytes) are gathered
    /// into this many bytes before they are hashed: each hashing call costs a few hundred
    /// instructions besides the bytes, and a file of hourly partitions is mostly small runs.
    static let stagingByteCount = 1 << 16

    private var hasher = SHA256()
    private let staging = UnsafeMutableRawBufferPointer.allocate(
        byteCount: OutputChecksum.stagingByteCount, alignment: 16)
    private var staged = 0

    deinit { staging.deallocate() }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if staged + bytes.count > staging.count { hashStaged() }
        guard bytes.count < staging.count else {
            hasher.update(bytes)
            return
        }
        (staging.baseAddress! + staged).copyMemory(from: source, byteCount: bytes.count)
        staged += bytes.count
    }

    /// The lowercase hexadecimal digest of every byte fed; call once, after the file closed.
    func hexDigest() -> String {
        hashStaged()
        return hasher.finalizeHex()
    }

    private func hashStaged() {
        hasher.update(UnsafeRawBufferPointer(rebasing: staging[0..<staged]))
        staged = 0
    }
}
