import SluiceJob

/// `sluice run`: the nightly job.
enum RunCommand {
    static let options: [OptionSpec] = [
        OptionSpec(
            "input", value: "<dir>", required: true,
            help: "The directory of event log files to load (searched recursively)."),
        OptionSpec(
            "plan", value: "<file>", required: true,
            help: "The tracking plan (Segment Public API, Config API or typewriter JSON)."),
        OptionSpec(
            "output", value: "<dir>", required: true,
            help: "The output directory holding the tables, quarantine and manifests."),
        OptionSpec("partition", value: "day|hour", help: "Partition granularity (default: day)."),
        OptionSpec(
            "partition-by", value: "received|event",
            help: "Partition by receivedAt or by the event's timestamp (default: received)."),
        OptionSpec(
            "compression", value: "<codec>",
            help: "Parquet codec: zstd, snappy, gzip or uncompressed (default: zstd)."),
        OptionSpec("threads", value: "<n>", help: "Worker threads (default: the number of cores)."),
        OptionSpec(
            "enforce", value: "<setting=value>", repeatable: true,
            help:
                "Override one enforcement setting of the plan, e.g. track.unplanned-events=block (repeatable)."
        ),
        OptionSpec(
            "max-quarantine-rate", value: "<fraction>",
            help:
                "Fail without committing when more than this fraction of lines is quarantined (default: no limit)."
        ),
        OptionSpec(
            "max-line-bytes", value: "<n>",
            help:
                "Quarantine lines longer than this many bytes, 1024 to 1073741824 (default: 1048576)."
        ),
        OptionSpec(
            "received-at-fallback", value: "<policy>",
            help:
                "For events without receivedAt: event-time (timestamp, else originalTimestamp, else sentAt, else the run start), run-time or reject (default: event-time)."
        ),
        OptionSpec(
            "batch", value: "<name>",
            help:
                "The batch this run loads; a rerun of a batch replaces it (default: the input directory's name)."
        ),
        OptionSpec(
            "run-id", value: "<id>",
            help:
                "Use this run id instead of a generated one (default: UTC start time and a random suffix)."
        ),
        OptionSpec(
            "dedupe-memory", value: "<bytes>",
            help:
                "Memory for the dedupe's entries (48 bytes an event) before it spills sorted runs to disk (default: 536870912)."
        ),
        OptionSpec(
            "row-memory", value: "<bytes>",
            help:
                "Memory for loaded rows waiting to be written, shared by the worker threads, before each spills its rows to a file under $TMPDIR (default: 268435456)."
        ),
        OptionSpec(
            "dedupe-window-days", value: "<n>|unbounded",
            help:
                "Count a messageId already loaded within this many received days as a prior duplicate (default: 7)."
        ),
        OptionSpec(
            "allow-widening",
            help:
                "Let a column's type widen (int64 to double to string) instead of discarding values that do not fit."
        ),
        OptionSpec(
            "dry-run", help: "Read, dedupe and validate, print the summary, and write nothing."),
        OptionSpec(
            "quiet", short: "q",
            help: "Print no progress and no summary line; errors still go to stderr."),
        OptionSpec(
            "log-format", value: "text|json",
            help: "Log lines on stderr as text or one JSON object per stage (default: text)."),
    ]

    static var help: String {
        HelpPrinter.render(
            overview:
                "Load a directory of Segment-style event logs into deduplicated, validated Parquet tables.",
            usage: "sluice run --input <dir> --plan <file> --output <dir> [<options>]",
            options: options,
            notes: ExitCode.helpText + "\n" + """
                ENFORCEMENT SETTINGS (for --enforce; defaults are Segment Protocols' defaults):
                  track.unplanned-events=allow|block        track.unplanned-properties=allow|omit
                  track.violations=allow|omit|block         identify.unplanned-traits=allow|omit
                  identify.violations=allow|omit|block      group.unplanned-traits=allow|omit
                  group.violations=allow|omit|block         common.violations=allow|omit|block

                """)
    }

    static func main(_ arguments: [String]) -> ExitCode {
        let configuration: RunConfiguration
        let logFormat: LogFormat
        let isQuiet: Bool
        do {
            let parsed = try ParsedArguments.parse(arguments, specs: options, command: "run")
            configuration = try makeConfiguration(parsed)
            logFormat = try LogFormat.parse(parsed.value("log-format"))
            isQuiet = parsed.has("quiet")
        } catch let error as UsageError {
            return CommandLine.reportUsage(error)
        } catch {
            return CommandLine.reportUsage(UsageError(command: "run", "\(error)"))
        }

        let console = Console(format: logFormat, isQuiet: isQuiet)
        let run = NightlyRun(configuration: configuration, observer: console)
        do {
            let report = try run.execute()
            console.finish()
            if !isQuiet {
                print(logFormat == .json ? Console.jsonLine(report.logFields) : report.summaryLine)
            }
            console.log(event: "run_finished", report.logFields)
            return report.isComplete ? .success : .partial
        } catch let error as JobError {
            console.finish()
            console.error(error.message)
            console.log(
                event: "run_failed",
                [("code", .string(error.code.rawValue)), ("message", .string(error.message))])
            let isUsage = [.usage, .plan, .input, .emptyInput].contains(error.code)
            return isUsage ? .usage : .failure
        } catch {
            console.finish()
            console.error("\(error)")
            return .failure
        }
    }

    static func makeConfiguration(_ parsed: ParsedArguments, command: String = "run") throws
        -> RunConfiguration
    {
        var configuration = RunConfiguration(
            inputDirectory: parsed.value("input")!, planPath: parsed.value("plan")!,
            outputDirectory: parsed.value("output")!,
            threads: try parsed.threads(command: command))
        configuration.partitioning = try choice(parsed, "partition", default: .day)
        configuration.partitionTime = try choice(parsed, "partition-by", default: .received)
        configuration.receivedAtFallback = try choice(
            parsed, "received-at-fallback", default: .eventTime)
        if let codec = parsed.value("compression") {
            let codecs = ["zstd", "snappy", "gzip", "uncompressed"]
            guard codecs.contains(codec) else {
                throw UsageError(
                    command: "run",
                    "Unknown compression '\(codec)'; choose one of \(codecs.joined(separator: ", "))."
                )
            }
            configuration.compression = codec
        }
        if let rate = parsed.value("max-quarantine-rate") {
            guard let value = Double(rate), value >= 0, value <= 1 else {
                throw UsageError(
                    command: "run",
                    "The value '\(rate)' for '--max-quarantine-rate' is not a fraction from 0 to 1."
                )
            }
            configuration.maxQuarantineRate = value
        }
        if let bytes = parsed.value("max-line-bytes") {
            let maximum = RunConfiguration.maximumLineBytes
            guard let value = Int(bytes), value >= 1024, value <= maximum else {
                throw UsageError(
                    command: "run",
                    "The value '\(bytes)' for '--max-line-bytes' is not a whole number from 1024 to \(maximum)."
                )
            }
            configuration.maxLineBytes = value
        }
        if let memory = parsed.value("dedupe-memory") {
            guard let bytes = Int(memory), bytes >= 49_152 else {
                throw UsageError(
                    command: command,
                    "The value '\(memory)' for '--dedupe-memory' is not a whole number of bytes of at least 49152."
                )
            }
            configuration.dedupeMemoryBytes = bytes
        }
        if let memory = parsed.value("row-memory") {
            let minimum = RunConfiguration.minimumRowMemoryBytes
            guard let bytes = Int(memory), bytes >= minimum else {
                throw UsageError(
                    command: command,
                    "The value '\(memory)' for '--row-memory' is not a whole number of bytes of at least \(minimum)."
                )
            }
            configuration.rowMemoryBytes = bytes
        }
        if let window = parsed.value("dedupe-window-days") {
            if window == "unbounded" {
                configuration.dedupeWindowDays = nil
            } else if let days = Int(window), days >= 0, days <= 36_500 {
                configuration.dedupeWindowDays = days
            } else {
                throw UsageError(
                    command: "run",
                    "The value '\(window)' for '--dedupe-window-days' is not a whole number of days from 0 to 36500, or 'unbounded'."
                )
            }
        }
        configuration.enforcementOverrides = parsed.all("enforce")
        configuration.batchName = parsed.value("batch")
        if let runId = parsed.value("run-id") {
            let allowed = runId.utf8.allSatisfy { byte in
                (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ".")
            }
            guard allowed, let first = runId.utf8.first, first != UInt8(ascii: "."),
                runId.utf8.count <= 100
            else {
                throw UsageError(
                    command: command,
                    "The run id '\(runId)' is not usable in file names; use 1 to 100 letters, digits, '-', '_' or '.', not starting with '.'."
                )
            }
            configuration.runId = runId
        }
        if let batch = parsed.value("batch"), batch.isEmpty {
            throw UsageError(command: command, "The batch name given with '--batch' is empty.")
        }
        // Batch names go into manifests, status tables and log lines one per line.
        if let batch = parsed.value("batch"),
            batch.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            throw UsageError(
                command: command,
                "The batch name given with '--batch' holds a control character (a newline or "
                    + "tab, say); give a name of printable characters.")
        }
        configuration.isDryRun = parsed.has("dry-run")
        configuration.allowsTypeWidening = parsed.has("allow-widening")
        try checkPaths(configuration)
        return configuration
    }

    static func checkPaths(_ configuration: RunConfiguration) throws {
        guard FileSystem.isDirectory(configuration.inputDirectory) else {
            throw UsageError(
                command: "run",
                "The input directory '\(configuration.inputDirectory)' does not exist or is not a directory."
            )
        }
        guard FileSystem.exists(configuration.planPath),
            !FileSystem.isDirectory(configuration.planPath)
        else {
            throw UsageError(
                command: "run",
                "The tracking plan '\(configuration.planPath)' does not exist or is not a file.")
        }
        guard !configuration.outputDirectory.isEmpty else {
            throw UsageError(command: "run", "The output path given with '--output' is empty.")
        }
        if FileSystem.exists(configuration.outputDirectory)
            && !FileSystem.isDirectory(configuration.outputDirectory)
        {
            throw UsageError(
                command: "run",
                "The output path '\(configuration.outputDirectory)' exists and is not a directory.")
        }
        // The run creates the missing folders of the output path; one that is a file would
        // fail it only after the whole night was read.
        if let blocker = fileOnPath(configuration.outputDirectory) {
            throw UsageError(
                command: "run",
                "The output path '\(configuration.outputDirectory)' runs through '\(blocker)', "
                    + "which is a file, not a directory; choose another output path.")
        }
    }

    /// The nearest existing ancestor of `path` when it is not a directory (or a link to
    /// one), else nil.
    static func fileOnPath(_ path: String) -> String? {
        var ancestor = FileSystem.directoryName(of: path)
        while !ancestor.isEmpty, !FileSystem.exists(ancestor) {
            let parent = FileSystem.directoryName(of: ancestor)
            if parent == ancestor { break }
            ancestor = parent
        }
        guard !ancestor.isEmpty, FileSystem.exists(ancestor) else { return nil }
        return FileSystem.isDirectory(ancestor) ? nil : ancestor
    }

    static func choice<T: RawRepresentable & CaseIterable>(
        _ parsed: ParsedArguments, _ name: String, default value: T
    ) throws -> T where T.RawValue == String {
        guard let given = parsed.value(name) else { return value }
        guard let chosen = T(rawValue: given) else {
            let names = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError(
                command: "run", "The value '\(given)' for '--\(name)' is not one of \(names).")
        }
        return chosen
    }
}
