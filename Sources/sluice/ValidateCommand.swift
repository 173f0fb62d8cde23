import SluiceJSON
import SluiceJob

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `sluice validate`: lints a directory of logs against a tracking plan.
enum ValidateCommand {
    static let options: [OptionSpec] = [
        OptionSpec(
            "input", value: "<dir>", required: true,
            help: "The directory of event log files to check."),
        OptionSpec(
            "plan", value: "<file>", required: true,
            help: "The tracking plan to check them against."),
        OptionSpec(
            "enforce", value: "<setting=value>", repeatable: true,
            help: "Override one enforcement setting, as for 'sluice run' (repeatable)."),
        OptionSpec(
            "max-line-bytes", value: "<n>",
            help: "Treat lines longer than this many bytes as unreadable (default: 1048576)."),
        OptionSpec(
            "threads", value: "<n>",
            help:
                "Files checked at once; verdicts keep file and line order (default: the number of cores)."
        ),
    ]

    static var help: String {
        HelpPrinter.render(
            overview:
                "Check event logs against a tracking plan; print one NDJSON verdict per line, then a summary.",
            usage: "sluice validate --input <dir> --plan <file> [<options>]", options: options,
            notes: """
                EXIT STATUS:
                  0  every event is valid
                  1  the check failed, or its verdicts could not be written to stdout
                  2  usage error, the plan cannot be loaded, or the input holds no log files
                  3  some events are invalid, blocked or unreadable, a file was only partly
                     read, or an entry of the input could not be read (unchecked_entries)
                141  the reader of stdout went away (e.g. `| head`): the check stopped
                     quietly there, as a process SIGPIPE ends does

                """)
    }

    static func main(_ arguments: [String]) -> ExitCode {
        let run: ValidationRun
        do {
            let parsed = try ParsedArguments.parse(arguments, specs: options, command: "validate")
            let maxLine =
                try parsed.value("max-line-bytes").map { text -> Int in
                    guard let value = Int(text), value >= 1024 else {
                        throw UsageError(
                            command: "validate",
                            "The value '\(text)' for '--max-line-bytes' is not a whole number of at least 1024."
                        )
                    }
                    return value
                } ?? RunConfiguration.defaultMaxLineBytes
            let threads = try parsed.threads(command: "validate")
            run = ValidationRun(
                inputDirectory: parsed.value("input")!, planPath: parsed.value("plan")!,
                enforcementOverrides: parsed.all("enforce"), maxLineBytes: maxLine,
                threads: threads)
            guard FileSystem.isDirectory(run.inputDirectory) else {
                throw UsageError(
                    command: "validate",
                    "The input directory '\(run.inputDirectory)' does not exist or is not a directory."
                )
            }
        } catch let error as UsageError {
            return CommandLine.reportUsage(error)
        } catch {
            return CommandLine.reportUsage(UsageError(command: "validate", "\(error)"))
        }

        do {
            let summary = try run.execute(write: writeStdout)
            let line = Array((summary.json.jsonText + "\n").utf8)
            try line.withUnsafeBytes { try writeStdout($0) }
            return summary.invalid + summary.blocked + summary.unreadable + summary.partialFiles
                + summary.uncheckedEntries
                == 0 ? .success : .partial
        } catch is ClosedStdout {
            return .closedPipe
        } catch let error as JobError {
            writeStderr("sluice: error: \(error.message)\n")
            return error.code == .plan || error.code == .input ? .usage : .failure
        } catch {
            writeStderr("sluice: error: \(error)\n")
            return .failure
        }
    }

    /// Writes verdict lines to stdout; a failure stops the check: a closed pipe quietly
    /// (`ClosedStdout`), any other (a full disk) with an error naming it.
    @Sendable static func writeStdout(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        let code = FileSystem.writeAll(1, bytes)
        guard code != 0 else { return }
        if code == EPIPE { throw ClosedStdout() }
        throw JobError(
            .io,
            "Could not write the verdicts to standard output: \(FileSystem.describe(errno: code)) (errno \(code)); the check stopped there."
        )
    }
}
