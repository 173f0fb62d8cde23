#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SHA256 {
    /// Read size for `hexDigest(ofFileAt:)`: 1 MiB keeps the system-call count low (one
    /// call per MiB) while the buffer stays small enough to allocate per call.
    public static let fileReadBlockByteCount = 1 << 20

    /// The lowercase hexadecimal SHA-256 digest of the file at `path`, read in blocks of
    /// `fileReadBlockByteCount` bytes. Memory use is one block regardless of file size.
    /// Safe to call concurrently; the file is opened read-only and closed before return.
    /// Throws `HashError` when the file cannot be opened or a read fails.
    public static func hexDigest(ofFileAt path: String) throws(HashError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw HashError(code: .openFailed, path: path, errno: errno, offset: 0)
        }
        defer { close(descriptor) }

        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: fileReadBlockByteCount, alignment: 16)
        defer { buffer.deallocate() }

        var hashedByteCount: UInt64 = 0
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw HashError(
                    code: .readFailed, path: path, errno: errno, offset: hashedByteCount)
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            hashedByteCount += UInt64(count)
        }
        return hexString(hasher.finalize())
    }
}
