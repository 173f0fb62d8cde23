#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns the signals that kill a process on a failed write into failed writes.
///
/// By default a write past the file size limit (`ulimit -f`) raises SIGXFSZ and a write to a
/// closed pipe raises SIGPIPE, and either ends the process at once, without a word and in the
/// middle of whatever it was writing. Ignored, they make the write fail with `EFBIG` or
/// `EPIPE` instead, which the run reports as it reports a full disk: it names the file and
/// the cause, and commits nothing.
enum WriteSignals {
    static func ignore() {
        signal(SIGXFSZ, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
    }
}
