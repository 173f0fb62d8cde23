import Dispatch
import SluiceJSON
import SluicePlan
import SluiceReader

/// `sluice validate`: runs the reading stage and the tracking plan over a directory and
/// reports a verdict per line, writing nothing. Lines that are not events get the verdict
/// `unreadable` with their reason; duplicates are validated like any other line, since a
/// lint looks at what clients send.
///
/// Files are checked on `threads` threads (`FileChecker`), and their verdicts written in
/// file and line order whichever thread checked them (`OrderedVerdictOutput`).
public struct ValidationRun {
    /// Totals of one validation run.
    public struct Summary: Sendable {
        public var lines = 0
        public var valid = 0
        public var invalid = 0
        public var blocked = 0
        public var unreadable = 0
        public var blankLines = 0
        /// Files read only up to damage, or past a part that failed its check; their verdicts
        /// have line 0.
        public var partialFiles = 0
        /// Of the lines counted above, those decoded from a part that failed its check: their
        /// verdicts are of the bytes as read, which may not be what was written.
        public var untrustedLines = 0
        /// Entries of the input directory that may hold events and were not checked (an
        /// unreadable directory or entry, a name that is not UTF-8), each with a `line: 0`
        /// verdict after the files', as `run` counts them making a night partial.
        public var uncheckedEntries = 0
        public var violationsByType: [String: Int] = [:]

        public var json: JSONValue {
            .members([
                ("summary", .bool(true)), ("lines", .int(lines)), ("valid", .int(valid)),
                ("invalid", .int(invalid)), ("blocked", .int(blocked)),
                ("unreadable", .int(unreadable)), ("blank_lines", .int(blankLines)),
                ("partial_files", .int(partialFiles)), ("untrusted_lines", .int(untrustedLines)),
                ("unchecked_entries", .int(uncheckedEntries)),
                ("violations_by_type", ManifestBuilder.countMap(violationsByType)),
            ])
        }

        /// Adds the counts of `other`, such as one file's.
        mutating func add(_ other: Summary) {
            lines += other.lines
            valid += other.valid
            invalid += other.invalid
            blocked += other.blocked
            unreadable += other.unreadable
            blankLines += other.blankLines
            partialFiles += other.partialFiles
            untrustedLines += other.untrustedLines
            violationsByType.merge(other.violationsByType, uniquingKeysWith: +)
        }
    }

    /// What became of one file.
    private enum FileResult: Sendable {
        case checked(Summary)
        case failed(any Error)
        /// Not checked: a file before it could not be read, or writing failed.
        case skipped
    }

    /// The default of `verdictMemoryBytes`: 64 MiB holds the verdicts of three files of the
    /// benchmark night (about 18 MB for a file's 129,000 lines), so two threads, one file
    /// ahead of the output, do not spill there, while a night of larger files costs no more
    /// memory than that.
    public static let defaultVerdictMemoryBytes = 64 << 20

    /// How many bytes of verdicts a thread gathers before handing them to the output: enough
    /// that the output's lock is taken rarely (about 1,100 times for the benchmark night's
    /// 290 MB of verdicts), little enough to stay in a core's cache.
    static let verdictChunkBytes = 256 << 10

    public var inputDirectory: String
    public var planPath: String
    public var enforcementOverrides: [String]
    public var maxLineBytes: Int
    /// How many threads check files at once.
    public var threads: Int
    /// How many bytes of the verdicts of files checked ahead of their turn are held in
    /// memory; past it they wait in temporary files under `$TMPDIR` (`VerdictSpill`).
    public var verdictMemoryBytes = ValidationRun.defaultVerdictMemoryBytes

    public init(
        inputDirectory: String, planPath: String, enforcementOverrides: [String], maxLineBytes: Int,
        threads: Int
    ) {
        self.inputDirectory = inputDirectory
        self.planPath = planPath
        self.enforcementOverrides = enforcementOverrides
        self.maxLineBytes = maxLineBytes
        self.threads = threads
    }

    /// Loads the plan (throwing `JobError` with code `plan` when it cannot be used), then
    /// hands `write` the verdicts: one NDJSON object per non-blank line, in file and line
    /// order, and one with `line: 0` after a damaged file's lines.
    ///
    /// `write` is called from the checking threads, one call at a time and in order, each
    /// with whole lines that are valid only during the call. An error it throws stops the
    /// run and is thrown here. When a file cannot be read (`JobError`, `input`), the
    /// verdicts before the failure are written and nothing after them, as if the files had
    /// been checked one after another.
    public func execute(write: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void)
        throws -> Summary
    {
        var plan: TrackingPlan
        do {
            plan = try TrackingPlan.load(path: planPath)
            try plan.enforcement.apply(enforcementOverrides)
        } catch {
            throw JobError(.plan, "\(error)")
        }
        let scanned: (files: [InputFile], skipped: [SkippedFile])
        do { scanned = try InputDirectory.scan(root: inputDirectory) } catch {
            throw JobError(.input, "\(error)")
        }
        // An empty night is no valid night: a pre-check in a script must not pass on logs
        // that have not arrived.
        guard !scanned.files.isEmpty else {
            throw JobError(
                .input,
                NightlyRun.noLogFiles(
                    inputDirectory, scanned.skipped, outcome: "nothing was checked"))
        }

        let output = OrderedVerdictOutput(memoryBytes: verdictMemoryBytes, write: write)
        let results = check(scanned.files, plan: plan, into: output)
        if let failure = output.failure { throw failure }
        var summary = Summary()
        for result in results {
            switch result {
            case .checked(let counts): summary.add(counts)
            case .failed(let error): throw error
            case .skipped: break
            }
        }
        try writeUnchecked(scanned.skipped, write: write, into: &summary)
        // As `run` refuses it: empty files are logs a writer has not finished, not a night
        // with nothing wrong.
        guard summary.valid + summary.invalid + summary.blocked + summary.unreadable > 0 else {
            let those = scanned.files.count == 1 ? "its log file holds" : "its log files hold"
            // A damaged file may be why: its `line: 0` verdict, already out, says how.
            var damaged = ""
            if summary.partialFiles == 1 {
                damaged =
                    " (one could not be read to its end; its 'line: 0' verdict above says "
                    + "where and why)"
            } else if summary.partialFiles > 1 {
                damaged =
                    " (\(summary.partialFiles) could not be read to their end; their "
                    + "'line: 0' verdicts above say where and why)"
            }
            throw JobError(
                .input,
                "The input directory '\(inputDirectory)' has log files, but \(those) no line that is not blank\(damaged); nothing was checked. Check that the night's logs were written completely, then check again."
            )
        }
        return summary
    }

    /// Writes a `line: 0` verdict for each entry of `skipped` that may hold events the check
    /// did not read, and counts them; entries skipped by rule (hidden, not a log's name) get
    /// none, as `run` does not count them either.
    private func writeUnchecked(
        _ skipped: [SkippedFile], write: (UnsafeRawBufferPointer) throws -> Void,
        into summary: inout Summary
    ) throws {
        var out: [UInt8] = []
        for entry in skipped {
            guard let reason = SkippedFile.Reason(rawValue: entry.reason),
                reason.mayHoldUnreadEvents
            else { continue }
            VerdictLine(file: entry.relativePath).appendUnreadable(
                line: 0, entry.reason, Self.uncheckedDetail(reason), to: &out)
            summary.uncheckedEntries += 1
        }
        guard !out.isEmpty else { return }
        try out.withUnsafeBytes { try write($0) }
    }

    /// Why an entry that may hold events was not checked, and what to do.
    static func uncheckedDetail(_ reason: SkippedFile.Reason) -> String {
        switch reason {
        case .nameNotUTF8:
            return "its name is not valid UTF-8, so it was not read; rename it to check it"
        case .unreadableDirectory:
            return "the directory could not be listed, so nothing in it was checked; make it "
                + "readable and check again"
        default:
            return "its kind could not be learned, so it was not read; check that it is a "
                + "readable file"
        }
    }

    /// Checks `files` on up to `threads` threads, writing their verdicts to `output`; returns
    /// what became of each, in the order of `files`.
    private func check(
        _ files: [InputFile], plan: TrackingPlan, into output: OrderedVerdictOutput
    ) -> [FileResult] {
        let results = ResultSlots<FileResult>(count: files.count)
        let next = AtomicCounter()
        let (maxLineBytes, chunkBytes) = (self.maxLineBytes, Self.verdictChunkBytes)
        // Taken in path order, not largest first as `run` takes them: the output writes in
        // path order, so a file checked far ahead of its turn would only wait in memory.
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, files.count))) { _ in
            var checker = FileChecker(plan: plan.independentCopy(), maxLineBytes: maxLineBytes)
            while let index = next.take(below: files.count) {
                guard !output.isClosed(at: index) else {
                    results.store(.skipped, at: index)
                    continue
                }
                do {
                    let summary = try checker.check(
                        files[index], index: index, into: output, chunkBytes: chunkBytes)
                    results.store(.checked(summary), at: index)
                } catch {
                    results.store(.failed(error), at: index)
                }
            }
        }
        return results.values()
    }
}
