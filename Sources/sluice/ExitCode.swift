/// sluice's exit statuses; documented in `--help` and the README, and tested.
enum ExitCode: Int32 {
    /// Everything was loaded.
    case success = 0
    /// The run failed and committed nothing.
    case failure = 1
    /// The command line was wrong, or a plan or input could not be used; nothing was done.
    case usage = 2
    /// The run committed, but some input was quarantined, a file was only partly read, an
    /// entry of the input directory could not be read, a rerun dropped events later nights
    /// skipped, or days of the dedupe window had expired.
    case partial = 3
    /// `validate`'s reader went away (`| head`): the status of a process SIGPIPE ends, which
    /// the shell reports for a command that stops when its output is no longer read.
    case closedPipe = 141

    static let helpText = """
        EXIT STATUS:
          0  every input line was loaded (or was blank or a duplicate)
          1  the run failed and committed nothing
          2  usage error: bad flags, an unreadable plan, an input directory that cannot be read
             or holds no log file with a line in it; nothing was done
          3  the run committed, but some lines were quarantined, a file was only partly read,
             an entry of the input directory could not be read, a rerun dropped events that
             later nights skipped (rerun those; sluice status lists them), or the dedupe
             could not check every day (expired_window_days, rerun_keys_expired)

        """
}
