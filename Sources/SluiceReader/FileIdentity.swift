#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which file an open descriptor reads and the version of its bytes, as `fstat` sees them:
/// the device and inode name the file, the size and modification time its contents.
///
/// Two identities are equal when nothing that `fstat` shows of the file changed between
/// them. A rewrite, an append, a truncation or a replacement by rename all change one of the
/// fields on Linux filesystems, which keep modification times to the nanosecond; a write that
/// sets the old time back afterwards does not, so a reader that must be sure checks the
/// bytes it reads as well.
public struct FileIdentity: Sendable, Equatable {
    public let device: UInt64
    public let inode: UInt64
    public let size: Int64
    public let modifiedSeconds: Int64
    public let modifiedNanoseconds: Int64

    public init(
        device: UInt64, inode: UInt64, size: Int64, modifiedSeconds: Int64,
        modifiedNanoseconds: Int64
    ) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
    }

    /// The identity of the file open on `fd`, or nil when `fstat` fails.
    public init?(fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        self.init(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedSeconds: Int64(info.st_mtim.tv_sec),
            modifiedNanoseconds: Int64(info.st_mtim.tv_nsec))
    }
}
