import SluiceJSON
import SluicePlan
import SluiceReader

/// `sluice validate`: runs the reading stage and the tracking plan over a directory and
/// reports a verdict per line, writing nothing. Lines that are not events get the verdict
/// `unreadable` with their reason; duplicates are validated like any other line, since a
/// lint looks at what clients send.
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
        public var violationsByType: [String: Int] = [:]

        public var json: JSONValue {
            .members([
                ("summary", .bool(true)), ("lines", .int(lines)), ("valid", .int(valid)),
                ("invalid", .int(invalid)), ("blocked", .int(blocked)),
                ("unreadable", .int(unreadable)), ("blank_lines", .int(blankLines)),
                ("partial_files", .int(partialFiles)), ("untrusted_lines", .int(untrustedLines)),
                ("violations_by_type", ManifestBuilder.countMap(violationsByType)),
            ])
        }
    }

    public var inputDirectory: String
    public var planPath: String
    public var enforcementOverrides: [String]
    public var maxLineBytes: Int

    public init(
        inputDirectory: String, planPath: String, enforcementOverrides: [String], maxLineBytes: Int
    ) {
        self.inputDirectory = inputDirectory
        self.planPath = planPath
        self.enforcementOverrides = enforcementOverrides
        self.maxLineBytes = maxLineBytes
    }

    /// Loads the plan (throwing `JobError` with code `plan` when it cannot be used) and calls
    /// `emit` with one verdict object per non-blank line, in file and line order.
    public func execute(emit: (JSONValue) -> Void) throws -> Summary {
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

        var summary = Summary()
        let normalizer = SegmentNormalizer(
            options: NormalizerOptions(receivedAtFallback: .eventTime))
        let options = ReaderOptions(maxLineBytes: maxLineBytes)
        // The numbers of the lines given a verdict in the file being read, to count those that
        // turn out untrusted once its read ends.
        var numbers: [Int] = []
        for file in scanned.files {
            let reader = LogFileReader(file: file, options: options)
            let readSummary: FileReadSummary
            numbers.removeAll(keepingCapacity: true)
            do {
                readSummary = try reader.forEachLine { line in
                    numbers.append(line.lineNumber)
                    emit(
                        check(
                            line, file: file, plan: plan, normalizer: normalizer, summary: &summary)
                    )
                }
            } catch {
                throw JobError(.input, "Could not read '\(file.relativePath)': \(error)")
            }
            summary.lines += readSummary.lineCount
            summary.blankLines += readSummary.blankLineCount
            if readSummary.isPartial { summary.partialFiles += 1 }
            let untrusted = readSummary.untrustedLines
            if !untrusted.isEmpty {
                summary.untrustedLines += numbers.count { untrusted.part(holding: $0) != nil }
            }
            for unit in readSummary.failedUnits {
                let detail =
                    "\(unit.message); \(FileReadSummary.describe(unit.lines)) came from the part that failed its check (decompressed bytes \(unit.byteOffset) to \(unit.endOffset)), so the verdicts there are of what was read, which may not be what was written; reading went on with the next part"
                emit(
                    verdict(
                        file.relativePath, 0, nil, "unreadable",
                        [unreadable("file_damaged", detail)]))
            }
            if let damage = readSummary.damage {
                var detail = damage.message
                // The failing part may have given no line at all; then none is named.
                if let untrusted = damage.untrustedFrom, untrusted.line <= readSummary.lineCount {
                    detail +=
                        "; the lines from line \(untrusted.line) on were decoded from the part that failed its check, so their verdicts are of what was read, which may not be what was written"
                }
                emit(
                    verdict(
                        file.relativePath, 0, nil, "unreadable",
                        [unreadable("file_damaged", detail)]))
            }
        }
        // As `run` refuses it: empty files are logs a writer has not finished, not a night
        // with nothing wrong.
        guard summary.valid + summary.invalid + summary.blocked + summary.unreadable > 0 else {
            let those = scanned.files.count == 1 ? "its log file holds" : "its log files hold"
            throw JobError(
                .input,
                "The input directory '\(inputDirectory)' has log files, but \(those) no line that is not blank; nothing was checked. Check that the night's logs were written completely, then check again."
            )
        }
        return summary
    }

    private func check(
        _ line: LogLine, file: InputFile, plan: TrackingPlan, normalizer: SegmentNormalizer,
        summary: inout Summary
    ) -> JSONValue {
        let origin = EventOrigin(
            file: file.relativePath, line: line.lineNumber, byteOffset: line.byteOffset)
        guard line.kind == .complete else {
            summary.unreadable += 1
            let (reason, detail) =
                line.kind == .truncatedByDamage
                ? (
                    "truncated_by_damage",
                    "the file is damaged and this line was cut off where reading stopped"
                )
                : ("line_too_long", "the line is over --max-line-bytes")
            return verdict(
                origin.file, origin.line, nil, "unreadable", [unreadable(reason, detail)])
        }
        switch normalizer.normalize(line: line.bytes, origin: origin) {
        case .failure(let rejection):
            summary.unreadable += 1
            return verdict(
                origin.file, origin.line, nil, "unreadable",
                [unreadable(rejection.reason, rejection.detail)])
        case .success(let event):
            let checked = EventVerdict(event, against: plan)
            let violations = checked.violations
            for type in checked.types { summary.violationsByType[type, default: 0] += 1 }
            let name =
                checked.isBlocked ? "blocked" : (violations.isEmpty ? "valid" : "invalid")
            switch name {
            case "blocked": summary.blocked += 1
            case "valid": summary.valid += 1
            default: summary.invalid += 1
            }
            let messageId = event.messageId.string(in: line.bytes)
            return verdict(origin.file, origin.line, messageId, name, violations)
        }
    }

    private func unreadable(_ reason: String, _ detail: String) -> JSONValue {
        .members([
            ("type", .string("Unreadable")), ("field", .string("")),
            ("description", .string(detail.isEmpty ? reason : reason + ": " + detail)),
        ])
    }

    private func verdict(
        _ file: String, _ line: Int, _ messageId: String?, _ verdict: String,
        _ violations: [JSONValue]
    ) -> JSONValue {
        .members([
            ("file", .string(file)), ("line", .int(line)), ("messageId", .text(messageId)),
            ("verdict", .string(verdict)), ("violations", .array(violations)),
        ])
    }
}
