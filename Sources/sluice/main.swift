import SluiceJob

#if canImport(Glibc)
    import Glibc
#endif

/// sluice's version, as the manifest and Parquet `created_by` record it.
let sluiceVersion = SluiceVersion.current

let subcommands: [(String, String)] = [
    ("run", "Load a directory of event logs into tables (the nightly job)."),
    ("validate", "Check event logs against a tracking plan and print a verdict per event."),
    ("backfill", "Load one batch per day directory over a date range, resumably."),
    ("status", "Show the runs, tables and dedupe window of an output directory."),
    ("gc", "Remove files no live run references, after a grace period."),
]

let topHelp = HelpPrinter.render(
    overview: "Sluice loads Segment-style event logs into clean, deduplicated Parquet tables.",
    usage: "sluice <subcommand> [<options>]",
    options: [OptionSpec("version", help: "Show the version.")],
    subcommands: subcommands,
    notes: "See 'sluice help <subcommand>' for a subcommand's options.\n\n" + ExitCode.helpText)

extension CommandLine {
    /// Prints a usage error and a pointer to help; returns exit code 2.
    static func reportUsage(_ error: UsageError) -> ExitCode {
        writeStderr("sluice: error: \(error.message)\n")
        let helpCommand = error.command.map { "sluice \($0) --help" } ?? "sluice --help"
        writeStderr("Run '\(helpCommand)' for usage.\n")
        return .usage
    }
}

func dispatch(_ arguments: [String]) -> ExitCode {
    guard let first = arguments.first else {
        print(topHelp, terminator: "")
        return .usage
    }
    let rest = Array(arguments.dropFirst())
    let wantsHelp = rest.contains("--help") || rest.contains("-h")
    switch first {
    case "--help", "-h":
        print(topHelp, terminator: "")
        return .success
    case "--version":
        print("sluice \(sluiceVersion)")
        return .success
    case "help":
        return dispatch((rest.first.map { [$0, "--help"] }) ?? ["--help"])
    case "run":
        if wantsHelp { print(RunCommand.help, terminator: ""); return .success }
        return RunCommand.main(rest)
    case "backfill":
        if wantsHelp { print(BackfillCommand.help, terminator: ""); return .success }
        return BackfillCommand.main(rest)
    case "status":
        if wantsHelp { print(StatusCommand.help, terminator: ""); return .success }
        return StatusCommand.main(rest)
    case "gc":
        if wantsHelp { print(GCCommand.help, terminator: ""); return .success }
        return GCCommand.main(rest)
    case "validate":
        if wantsHelp { print(ValidateCommand.help, terminator: ""); return .success }
        return ValidateCommand.main(rest)
    default:
        let names = subcommands.map(\.0)
        let nearest = names.min {
            ParsedArguments.editDistance($0, first) < ParsedArguments.editDistance($1, first)
        }
        var message = "Unknown subcommand '\(first)'."
        if let nearest, ParsedArguments.editDistance(nearest, first) <= 2 {
            message += " Did you mean '\(nearest)'?"
        }
        return CommandLine.reportUsage(UsageError(command: nil, message))
    }
}

StandardDescriptors.ensureOpen()
WriteSignals.ignore()
exit(dispatch(Array(CommandLine.arguments.dropFirst())).rawValue)
