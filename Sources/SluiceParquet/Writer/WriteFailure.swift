#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What to do about a failed write, by its `errno`: the advice an error message ends with, so
/// that a file too large for `ulimit -f` is not blamed on a full disk.
public enum WriteFailure {
    /// A clause such as "free space on its file system or raise the quota", without a final
    /// period.
    public static func advice(errno code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT:
            return "free space on its file system or raise the quota"
        case EFBIG:
            return "the file outgrew the process's file size limit (`ulimit -f`) or the file "
                + "system's largest file; raise the limit or write to another file system"
        case EACCES, EPERM, EROFS:
            return "make the directory writable for this user"
        case ENOENT, ENOTDIR:
            return "a directory on the path is missing or is a file; create it or use another path"
        case EMFILE, ENFILE:
            return "raise the open-file limit (`ulimit -n`)"
        case EIO:
            return "the device reported an I/O error; check the disk and the file system's health"
        default:
            return "check that the directory is writable and has free space"
        }
    }
}
