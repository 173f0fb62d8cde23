/// No process reads `validate`'s output any more (`| head` has all it wanted): the check stops
/// without a message and exits as a process SIGPIPE ends would (`ExitCode.closedPipe`).
struct ClosedStdout: Error {}
