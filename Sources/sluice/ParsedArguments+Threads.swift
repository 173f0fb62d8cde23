#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ParsedArguments {
    /// `--threads`: a whole number from 1 to 256, by default the number of cores online.
    ///
    /// - Throws: `UsageError` of `command` for any other value.
    func threads(command: String) throws -> Int {
        guard let text = value("threads") else { return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
        guard let count = Int(text), count >= 1, count <= 256 else {
            throw UsageError(
                command: command,
                "The value '\(text)' for '--threads' is not a whole number from 1 to 256.")
        }
        return count
    }
}
