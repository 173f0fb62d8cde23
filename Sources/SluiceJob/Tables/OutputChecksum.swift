import SluiceHash

/// The SHA-256 of a data file, fed its bytes as the Parquet writer writes them
/// (`ParquetFileWriter.BytesObserver`), so a finished file is not read back to checksum it.
///
/// The digest is of the file only if every byte went through `update` in file order and the
/// writer closed without a failure. Used from the writer's thread only.
final class OutputChecksum {
    private var hasher = SHA256()

    func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bytes) }

    /// The lowercase hexadecimal digest of every byte fed; call once, after the file closed.
    func hexDigest() -> String { hasher.finalizeHex() }
}
