#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which file an open descriptor reads and the version of its bytes, as `fstat` sees them:
/// the device and inode name the file; the size, the modification time and the status-change
/// time its contents.
///
/// Two identities are equal when none of these changed between them. A rewrite, an append, a
/// truncation or a replacement by rename each change one of them on Linux filesystems, which
/// keep times to the nanosecond. The modification time can be set back by anyone who may
/// write the file (`touch -d`); the status-change time cannot, since setting a time changes
/// it too. It also changes when only metadata does (`chmod`, a new hard link), which makes
/// such a file count as changed: the safe side for a reader that must see the same bytes.
public struct FileIdentity: Sendable, Equatable {
    public let device: UInt64
    public let inode: UInt64
    public let size: Int64
    public let modifiedSeconds: Int64
    public let modifiedNanoseconds: Int64
    public let changedSeconds: Int64
    public let changedNanoseconds: Int64

    public init(
        device: UInt64, inode: UInt64, size: Int64, modifiedSeconds: Int64,
        modifiedNanoseconds: Int64, changedSeconds: Int64, changedNanoseconds: Int64
    ) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changedSeconds = changedSeconds
        self.changedNanoseconds = changedNanoseconds
    }

    /// The identity of the file open on `fd`, or nil when `fstat` fails.
    public init?(fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        self.init(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedSeconds: Int64(info.st_mtim.tv_sec),
            modifiedNanoseconds: Int64(info.st_mtim.tv_nsec),
            changedSeconds: Int64(info.st_ctim.tv_sec),
            changedNanoseconds: Int64(info.st_ctim.tv_nsec))
    }
}
