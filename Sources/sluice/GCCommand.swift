import SluiceJob

/// `sluice gc`: removes files no live run references, after a grace period.
enum GCCommand {
    static let options: [OptionSpec] = [
        OptionSpec(
            "output", value: "<dir>", required: true, help: "The output directory to clean."),
        OptionSpec(
            "grace-hours", value: "<n>",
            help:
                "Keep unreferenced files this many hours after a rerun replaced them (other files: after their last change; default: 24)."
        ),
        OptionSpec("dry-run", help: "List what would be removed and remove nothing."),
    ]

    /// A hundred years: longer grace periods keep every file anyway, and would overflow the
    /// seconds they are counted in.
    static let maximumGraceHours: Int64 = 876_600

    static var help: String {
        HelpPrinter.render(
            overview:
                "Remove data, quarantine and index files that no live run references, and temporary files of crashed runs.",
            usage: "sluice gc --output <dir> [--grace-hours <n>] [--dry-run]", options: options)
    }

    static func main(_ arguments: [String]) -> ExitCode {
        let collector: GarbageCollector
        do {
            let parsed = try ParsedArguments.parse(arguments, specs: options, command: "gc")
            let output = parsed.value("output")!
            guard FileSystem.isDirectory(output) else {
                throw UsageError(
                    command: "gc",
                    "The output directory '\(output)' does not exist or is not a directory.")
            }
            var hours: Int64 = GarbageCollector.defaultGraceSeconds / 3600
            if let text = parsed.value("grace-hours") {
                guard let value = Int64(text), value >= 0 else {
                    throw UsageError(
                        command: "gc",
                        "The value '\(text)' for '--grace-hours' is not a whole number of hours.")
                }
                guard value <= Self.maximumGraceHours else {
                    throw UsageError(
                        command: "gc",
                        "The value '\(text)' for '--grace-hours' is over \(Self.maximumGraceHours) hours (a hundred years); to keep every file, do not run gc."
                    )
                }
                hours = value
            }
            collector = GarbageCollector(
                outputDirectory: output, graceSeconds: hours * 3600, isDryRun: parsed.has("dry-run")
            )
        } catch let error as UsageError {
            return CommandLine.reportUsage(error)
        } catch {
            return CommandLine.reportUsage(UsageError(command: "gc", "\(error)"))
        }
        do {
            let collected = try collector.collect()
            for path in collected.removed {
                print((collector.isDryRun ? "would remove " : "removed ") + path)
            }
            var summary =
                "sluice gc: \(collected.removed.count) files "
                + (collector.isDryRun ? "to remove" : "removed")
            if collected.waiting > 0 {
                let until = CivilTime(micros: collected.waitingUntil * 1_000_000).isoString
                summary +=
                    "; \(collected.waiting) more unreferenced, kept until \(until) (the grace period, --grace-hours)"
            }
            print(summary)
            return .success
        } catch {
            writeStderr("sluice: error: \(error)\n")
            return .failure
        }
    }
}
