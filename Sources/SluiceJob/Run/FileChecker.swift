import SluiceJSON
import SluicePlan
import SluiceReader

/// Checks whole log files against the tracking plan for `sluice validate`, the way
/// `sluice run`'s workers read them: each line is parsed into a tape, the plan validates on
/// the tape, and only an event the plan finds fault with has the part of its payload the
/// plan reads built. Writes one verdict line per non-blank line (`VerdictLine`), then one
/// `line: 0` verdict per part of the file that failed its check and one for damage that
/// stopped the read.
///
/// Not thread-safe: one per thread, each with a plan of its own
/// (`TrackingPlan.independentCopy()`), since a plan two cores share has its counts bounced
/// between them on every event.
struct FileChecker {
    let plan: TrackingPlan
    let normalizer: SegmentNormalizer
    let options: ReaderOptions
    /// What of the payload the plan reads, for an event it finds fault with.
    let projections: PlanProjectionCache
    /// The current line's parse.
    private var tape = JSONTape()
    /// Where the current line's named top-level members sit on `tape`.
    private var members = SegmentMembers()
    /// The numbers of the lines given a verdict in the file being read, to count those that
    /// turn out untrusted once its read ends.
    private var numbers: [Int] = []

    init(plan: TrackingPlan, maxLineBytes: Int) {
        self.plan = plan
        normalizer = SegmentNormalizer(options: NormalizerOptions(receivedAtFallback: .eventTime))
        options = ReaderOptions(maxLineBytes: maxLineBytes)
        projections = PlanProjectionCache(plan: plan)
    }

    /// Checks `file`, number `index` in the output's order, handing its verdict lines to
    /// `output` in chunks of about `chunkBytes`, and finishes the file there; returns its
    /// counts (`lines` and `blankLines` included).
    ///
    /// Throws `JobError` (`input`) when the file cannot be read: the verdicts of the lines
    /// read before the failure are written, and the output is told that nothing after this
    /// file is. Throws the output's error when writing fails.
    mutating func check(
        _ file: InputFile, index: Int, into output: OrderedVerdictOutput, chunkBytes: Int
    ) throws -> ValidationRun.Summary {
        var summary = ValidationRun.Summary()
        let writer = VerdictLine(file: file.relativePath)
        var out: [UInt8] = []
        out.reserveCapacity(chunkBytes + chunkBytes / 4)
        numbers.removeAll(keepingCapacity: true)
        var writeFailure: (any Error)?
        let read: FileReadSummary
        do {
            read = try LogFileReader(file: file, options: options).forEachLine { line in
                numbers.append(line.lineNumber)
                check(
                    line.bytes, kind: line.kind, number: line.lineNumber, offset: line.byteOffset,
                    writer: writer, summary: &summary, into: &out)
                guard out.count >= chunkBytes else { return }
                do { try output.append(out, file: index) } catch {
                    writeFailure = error
                    throw error
                }
                out.removeAll(keepingCapacity: true)
            }
        } catch {
            if let writeFailure { throw writeFailure }
            // As one thread did: the verdicts read so far are written, and nothing after them.
            try output.append(out, file: index)
            try output.finish(file: index, isLast: true)
            throw JobError(.input, "Could not read '\(file.relativePath)': \(error)")
        }

        tally(read, into: &summary)
        appendDamage(read, writer: writer, to: &out)
        try output.append(out, file: index)
        try output.finish(file: index)
        return summary
    }

    /// Appends the verdict of one line to `out` and counts it in `summary`: the verdict
    /// `normalize(line:origin:)` and `EventVerdict(_:against:)` on the tree of the line
    /// would give, read from the tape instead. `bytes` is read only during the call.
    mutating func check(
        _ bytes: UnsafeRawBufferPointer, kind: LogLine.Kind, number: Int, offset: Int64,
        writer: VerdictLine, summary: inout ValidationRun.Summary, into out: inout [UInt8]
    ) {
        guard kind == .complete else {
            summary.unreadable += 1
            let (reason, detail) =
                kind == .truncatedByDamage
                ? (
                    "truncated_by_damage",
                    "the file is damaged and this line was cut off where reading stopped"
                )
                : ("line_too_long", "the line is over --max-line-bytes")
            writer.appendUnreadable(line: number, reason, detail, to: &out)
            return
        }

        let origin = EventOrigin(file: writer.file, line: number, byteOffset: offset)
        let normalized = normalizer.normalize(
            line: bytes, origin: origin, tape: &tape, members: &members)
        switch consume normalized {
        case .failure(let rejection):
            summary.unreadable += 1
            writer.appendUnreadable(line: number, rejection.reason, rejection.detail, to: &out)
        case .success(let event):
            // The plan reads the tape; its part of the payload is built only for an event
            // that breaks a rule.
            let (tape, projections) = (self.tape, self.projections)
            let (callType, eventName) = (event.callType, event.eventName)
            let checked = EventVerdict(event, tape: tape, line: bytes, against: plan) {
                let projection = projections.projection(callType: callType, eventName: eventName)
                return tape.value(0, in: bytes, projection: projection).objectValue!
            }
            for type in checked.types { summary.violationsByType[type, default: 0] += 1 }
            let verdict: VerdictLine.Verdict =
                checked.isBlocked ? .blocked : (checked.violations.isEmpty ? .valid : .invalid)
            switch verdict {
            case .blocked: summary.blocked += 1
            case .valid: summary.valid += 1
            default: summary.invalid += 1
            }
            writer.append(
                line: number, messageId: event.messageId, in: bytes, verdict,
                violations: checked.violations, to: &out)
        }
    }

    /// Counts the read's lines, and those of its verdicts that came from untrusted parts.
    private func tally(_ read: FileReadSummary, into summary: inout ValidationRun.Summary) {
        summary.lines += read.lineCount
        summary.blankLines += read.blankLineCount
        if read.isPartial { summary.partialFiles += 1 }
        let untrusted = read.untrustedLines
        if !untrusted.isEmpty {
            summary.untrustedLines += numbers.count { untrusted.part(holding: $0) != nil }
        }
    }

    /// Appends the `line: 0` verdicts of the file's failed parts and of its damage.
    private func appendDamage(
        _ read: FileReadSummary, writer: VerdictLine, to out: inout [UInt8]
    ) {
        for unit in read.failedUnits {
            let detail =
                "\(unit.message); \(FileReadSummary.describe(unit.lines)) came from the part that failed its check (decompressed bytes \(unit.byteOffset) to \(unit.endOffset)), so the verdicts there are of what was read, which may not be what was written; reading went on with the next part"
            writer.appendUnreadable(line: 0, "file_damaged", detail, to: &out)
        }
        if let damage = read.damage {
            var detail =
                "reading stopped at decompressed byte \(damage.byteOffset): \(damage.message)"
            // The failing part may have given no line at all; then none is named.
            if let untrusted = damage.untrustedFrom, untrusted.line <= read.lineCount {
                detail +=
                    "; the lines from line \(untrusted.line) on were decoded from the part that failed its check, so their verdicts are of what was read, which may not be what was written"
            }
            detail +=
                "; nothing after that point of the file was read, so any lines there have no verdict; check a good copy of the file"
            writer.appendUnreadable(line: 0, "file_damaged", detail, to: &out)
        }
    }
}
