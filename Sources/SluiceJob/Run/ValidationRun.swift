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
        public var violationsByType: [String: Int] = [:]

        public var json: JSONValue {
            .members([
                ("summary", .bool(true)), ("lines", .int(lines)), ("valid", .int(valid)),
                ("invalid", .int(invalid)), ("blocked", .int(blocked)), ("unreadable", .int(unreadable)),
                ("violations_by_type", ManifestBuilder.countMap(violationsByType)),
            ])
        }
    }

    public var inputDirectory: String
    public var planPath: String
    public var enforcementOverrides: [String]
    public var maxLineBytes: Int

    public init(inputDirectory: String, planPath: String, enforcementOverrides: [String], maxLineBytes: Int) {
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
            try plan.enforcement.apply(overrides: enforcementOverrides)
        } catch {
            throw JobError(.plan, "\(error)")
        }
        let scanned: (files: [InputFile], skipped: [SkippedFile])
        do { scanned = try InputDirectory.scan(root: inputDirectory) } catch { throw JobError(.input, "\(error)") }

        var summary = Summary()
        let normalizer = SegmentNormalizer(options: NormalizerOptions(receivedAtFallback: .eventTime))
        for file in scanned.files {
            let ingest = FileIngest.read(file, options: ReaderOptions(maxLineBytes: maxLineBytes), normalizer: normalizer)
            var verdicts: [(Int, JSONValue)] = []
            for record in ingest.rejections where record.line > 0 {
                summary.unreadable += 1
                verdicts.append((record.line, verdict(file.relativePath, record.line, nil, "unreadable", [.members([("type", .string("Unreadable")), ("field", .string("")), ("description", .string(record.reason + ": " + record.detail))])])))
            }
            for event in ingest.events {
                let result = plan.validate(event.payload, callType: CallType(rawValue: event.callType.rawValue)!, eventName: event.eventName)
                var violations = event.issues.filter(\.isViolation).map(\.json) + result.violations.map(\.json)
                violations = violations.isEmpty ? [] : violations
                for violation in result.violations { summary.violationsByType[violation.type.rawValue, default: 0] += 1 }
                for issue in event.issues where issue.isViolation { summary.violationsByType[issue.code, default: 0] += 1 }
                let name = result.action == .block ? "blocked" : (violations.isEmpty ? "valid" : "invalid")
                switch name {
                case "blocked": summary.blocked += 1
                case "valid": summary.valid += 1
                default: summary.invalid += 1
                }
                verdicts.append((event.origin.line, verdict(file.relativePath, event.origin.line, event.messageId, name, violations)))
            }
            for (_, value) in verdicts.sorted(by: { $0.0 < $1.0 }) { emit(value) }
            summary.lines += (ingest.summary?.lineCount ?? 0) - (ingest.summary?.blankLineCount ?? 0)
        }
        return summary
    }

    private func verdict(_ file: String, _ line: Int, _ messageId: String?, _ verdict: String, _ violations: [JSONValue]) -> JSONValue {
        .members([
            ("file", .string(file)), ("line", .int(line)), ("messageId", .text(messageId)),
            ("verdict", .string(verdict)), ("violations", .array(violations)),
        ])
    }
}
