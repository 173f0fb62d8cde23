import SluiceJob

/// `sluice backfill`: one run per day directory, resumable.
enum BackfillCommand {
    static let options: [OptionSpec] =
        [
            OptionSpec(
                "from", value: "<YYYY-MM-DD>", required: true,
                help: "The first day directory to load."),
            OptionSpec(
                "to", value: "<YYYY-MM-DD>", required: true, help: "The last day directory to load."
            ),
        ]
        + RunCommand.options.filter { !["batch", "run-id"].contains($0.name) }.map { spec in
            spec.name == "input"
                ? OptionSpec(
                    "input", value: "<root>", required: true,
                    help: "The directory holding one YYYY-MM-DD directory of logs per day.")
                : spec
        }

    static var help: String {
        HelpPrinter.render(
            overview:
                "Load day directories ROOT/YYYY-MM-DD one batch per day, in order; days already loaded from the same files are skipped.",
            usage:
                "sluice backfill --input <root> --from <day> --to <day> --plan <file> --output <dir> [<options>]",
            options: options, notes: exitStatusHelp)
    }

    /// The backfill's statuses, which sum up its days' runs.
    static let exitStatusHelp = """
        EXIT STATUS:
          0  every day loaded every line (or was skipped, its earlier load having done so)
          1  a day failed and committed nothing; the days before it stay committed, and the
             same backfill resumes there
          2  usage error: bad flags, an unreadable plan or input root; nothing was done
          3  every day committed or was skipped, but a day did not load every line
             (quarantined lines, a partly read file, or an earlier partial load it skipped),
             had no directory or no log files, or a run's dedupe or rerun needs a look; each
             such day is named on stderr

        """

    static func main(_ arguments: [String]) -> ExitCode {
        let backfill: Backfill
        let console: Console
        let isQuiet: Bool
        do {
            let parsed = try ParsedArguments.parse(arguments, specs: options, command: "backfill")
            let from = parsed.value("from")!
            let to = parsed.value("to")!
            for day in [from, to] where !Backfill.isDay(day) {
                throw UsageError(
                    command: "backfill",
                    "'\(day)' is not a day of the calendar written YYYY-MM-DD (as 2026-11-30).")
            }
            guard from <= to else {
                throw UsageError(
                    command: "backfill",
                    "The range '\(from)' to '\(to)' is empty; --from must not be after --to.")
            }
            let template = try RunCommand.makeConfiguration(parsed, command: "backfill")
            backfill = Backfill(
                root: template.inputDirectory, from: from, to: to, template: template)
            isQuiet = parsed.has("quiet")
            console = Console(
                format: try LogFormat.parse(parsed.value("log-format")), isQuiet: isQuiet)
        } catch let error as UsageError {
            return CommandLine.reportUsage(error)
        } catch {
            return CommandLine.reportUsage(UsageError(command: "backfill", "\(error)"))
        }

        var status = ExitCode.success
        do {
            try backfill.execute(observer: console) { result in
                console.finish()
                switch result {
                case .skipped(let day, let manifest, let wasComplete):
                    if !isQuiet {
                        print("sluice backfill \(day): already loaded from the same files, skipped")
                    }
                    if !wasComplete {
                        writeStderr(
                            "sluice backfill \(day): its run did not load every line "
                                + "(quarantined or unreadable; see \(manifest)); the backfill "
                                + "loads the day again only when its files change\n")
                        status = .partial
                    }
                case .missing(let day):
                    writeStderr(
                        "sluice backfill \(day): no directory '\(backfill.root)/\(day)'; nothing loaded for that day\n"
                    )
                    status = .partial
                case .empty(let day):
                    writeStderr(
                        "sluice backfill \(day): '\(backfill.root)/\(day)' holds no log files "
                            + "with a line in them; nothing loaded for that day\n")
                    status = .partial
                case .ran(let day, let report):
                    if !isQuiet { print(report.summaryLine) }
                    // A day exits the backfill as its run would (each reason of `RunCounters.
                    // partialCounts` makes it partial); the messages say what to do.
                    if !report.isComplete { status = .partial }
                    let c = report.counters
                    if c.droppedByRerun > 0 || c.rerunKeysExpired > 0 {
                        writeStderr(
                            "sluice backfill \(day): this rerun lacks events its replaced run "
                                + "loaded, or cannot tell (its keys expired); later nights that "
                                + "skipped them as prior duplicates need loading again (sluice "
                                + "status lists them, and a backfill over them loads them)\n")
                    }
                    if c.expiredWindowDays > 0 {
                        writeStderr(
                            "sluice backfill \(day): \(c.expiredWindowDays) days of its "
                                + "dedupe window had expired from the index, so ids loaded "
                                + "then were not checked; look for doubles of the "
                                + "neighbouring nights' events\n")
                    }
                    if c.hasUnloadedLines {
                        writeStderr(
                            "sluice backfill \(day): not every line was loaded (see "
                                + "\(report.manifestPath ?? "its manifest")); the day stays "
                                + "committed and later days go on\n")
                    }
                }
            }
            return status
        } catch let error as JobError {
            console.finish()
            console.error(error.message)
            return .failure
        } catch {
            console.error("\(error)")
            return .failure
        }
    }
}
