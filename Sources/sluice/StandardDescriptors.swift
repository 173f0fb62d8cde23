#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps descriptors 0, 1 and 2 from being handed to the run's own files.
///
/// A process started with one of them closed (`sluice run >&- 2>&-` from a careless cron
/// line) would get it back from the next `open`: a lock, a spill or a checkpoint file would
/// then be where `print` and the log lines write, and those writes would land in its bytes.
enum StandardDescriptors {
    /// Opens `/dev/null` on each of the three that is closed; any that stays closed (no
    /// `/dev/null` in a bare container) is left to the same risk as before.
    static func ensureOpen() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDWR)
            // `open` takes the lowest free descriptor, which is `fd`; anything else means
            // another thread raced this one, so the extra descriptor is given back.
            if opened >= 0 && opened != fd { close(opened) }
        }
    }
}
