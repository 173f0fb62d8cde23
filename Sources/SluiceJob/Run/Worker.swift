import SluiceHash
import SluiceJSON
import SluicePlan
import SluiceReader
import SluiceWarehouse

/// Processes whole files on one worker thread: reads and normalises every line, validates
/// each event against the plan, applies enforcement, and stores the rows of every table the
/// event goes to. Dedupe happens later over all files, so every copy is stored here and
/// losers are skipped when the tables are encoded. Rows past the worker's share of the row
/// memory budget are spilled to disk as sorted runs (`spillIfOverBudget`), so a worker's
/// memory holds at most that share of rows plus per-event dedupe candidates.
struct Worker {
    let plan: TrackingPlan
    let normalizer: SegmentNormalizer
    let options: ReaderOptions
    let partitionTime: RunConfiguration.PartitionTime
    /// The run's start, the `receivedAt` of last resort for an event that carries no usable
    /// time at all, so it lands in tonight's partition rather than in 1970.
    let runStartMicros: Int64
    /// How partitions split time, for sorting spilled runs.
    let partitioning: RunConfiguration.Partitioning
    /// This worker's share of `RunConfiguration.rowMemoryBytes`; past it the stores spill.
    let rowMemoryBytes: Int
    /// Built with the worker's share: its string dictionaries may take half of it.
    var rows: WorkerRows
    /// Events stored since the last check of the row memory budget.
    var storedSinceBudgetCheck = 0
    /// Bytes of the lines stored since the last check of the row memory budget.
    var lineBytesSinceBudgetCheck = 0
    /// Set when the last stored row took the worker's log past `BatchLog.maximumBytes`.
    var storeIsFull = false
    /// Thread seconds spent in each step, summed over the files this worker processed; the
    /// per-event steps are timed on a sample of lines (`StageTimings.beginsSample()`).
    var timings = StageTimings()
    var fingerprinter = PayloadFingerprint()
    /// The current line's parse: the plan validates on it, the flattener stores from it and
    /// the payload fingerprint hashes it.
    var tape = JSONTape()
    /// Where the current line's named top-level members sit on `tape`.
    var members = SegmentMembers()
    /// What of the payload the plan reads, per call type and event name, for an event the
    /// plan finds fault with (only then is that part of the payload built).
    let planProjections: PlanProjectionCache
    /// Shared by the run's workers; keeps the lines of copies that may lose a conflict. Held
    /// unretained (the run keeps it alive while workers read), since retaining an object two
    /// cores use on every event makes them wait on each other's counts.
    var conflictWatch: Unmanaged<ConflictWatch>?
    /// Sizes each file's candidate arrays from the files this worker read before it.
    var sizing = OutcomeSizing()
    /// Discard records of values the last stored row could not keep (repeated members,
    /// sections without columns), for its outcome.
    var rowDiscards: [DiscardRecord] = []
    /// Shared by the run's workers; where gzip reads leave checkpoints for reading lines back.
    var checkpoints: CheckpointStore?
    /// Shared by the run's workers; where a worker without a file takes lines of a file
    /// another one reads (`readInParts`). Nil: every file is read whole by its worker.
    var board: HelpBoard?
    /// The part of its file the lines being processed are (`RowHeader.part`).
    var part: Int32 = 0

    mutating func process(_ file: InputFile, index fileIndex: Int) -> FileOutcome {
        var outcome = FileOutcome(file: file)
        // After a failed spill the run is lost; reading more would only grow memory.
        guard rows.spillFailure == nil else { return outcome }
        sizing.reserve(&outcome, byteCount: file.byteCount)
        defer { sizing.learn(from: outcome) }
        let fileStart = StageTimings.now()
        defer { timings.total += StageTimings.now() - fileStart }
        let reader = LogFileReader(file: file, options: options)
        do {
            outcome.summary = try readInParts(
                reader, file: file, index: fileIndex, board: board, into: &outcome)
        } catch {
            outcome.failure = "\(error)"
            outcome.rejections.append(
                QuarantineRecord(
                    reason: "file_unreadable", detail: "\(error)", file: file.relativePath, line: 0,
                    offset: 0))
        }
        guard let summary = outcome.summary else { return outcome }
        let untrusted = summary.untrustedLines
        if !untrusted.isEmpty {
            outcome.withdraw(untrusted, file: fileIndex)
            outcome.distrustRejections(untrusted)
        }
        for unit in summary.failedUnits {
            var held = "it held no line (an empty part)"
            if let lines = unit.lines {
                let (hold, them) = lines.count == 1 ? ("holds", "it") : ("hold", "them")
                held =
                    "\(FileReadSummary.describe(lines)) \(hold) its bytes; each of \(them) that "
                    + "is not blank is quarantined (failed_integrity_check), not loaded"
            }
            outcome.rejections.append(
                QuarantineRecord(
                    reason: "file_damaged",
                    detail:
                        "The part of the file from decompressed byte \(unit.byteOffset) to "
                        + "\(unit.endOffset) failed its check once decoded (\(unit.message)): "
                        + "\(held). Reading went on with the next part; load the file again "
                        + "from a good copy to be sure of it.",
                    file: file.relativePath, line: 0, offset: unit.byteOffset))
        }
        if let damage = summary.damage {
            var detail =
                "Reading stopped at decompressed byte \(damage.byteOffset): \(damage.message)."
            // The failing part may have given no line at all (a corrupt header after the
            // last whole unit); then no line is named.
            if let untrusted = damage.untrustedFrom, untrusted.line <= summary.lineCount {
                detail +=
                    " The lines from line \(untrusted.line) on were decoded from the part that failed its check; each that is not blank is quarantined (failed_integrity_check), not loaded."
            }
            detail +=
                " Nothing after that point of the file was read, so any lines there are in no "
                + "count; rerun the night with a good copy of the file to load them."
            outcome.rejections.append(
                QuarantineRecord(
                    reason: "file_damaged", detail: detail, file: file.relativePath, line: 0,
                    offset: damage.byteOffset))
        }
        return outcome
    }

    mutating func take(_ line: LogLine, fileIndex: Int, into outcome: inout FileOutcome) {
        let origin = EventOrigin(
            file: outcome.file.relativePath, line: line.lineNumber, byteOffset: line.byteOffset)
        switch line.kind {
        case .tooLong(let totalBytes):
            var record = QuarantineRecord(
                reason: "line_too_long",
                detail:
                    "The line is \(totalBytes) bytes, over the limit; raise --max-line-bytes to load it.",
                file: origin.file, line: origin.line, offset: origin.byteOffset,
                raw: Array(line.bytes))
            record.rawLength = totalBytes
            outcome.rejections.append(record)
        case .truncatedByDamage:
            var record = QuarantineRecord(
                reason: "truncated_by_damage",
                detail: "The file is damaged and this line was cut off where reading stopped.",
                file: origin.file, line: origin.line, offset: origin.byteOffset,
                raw: Array(line.bytes))
            // A cut line longer than the limit keeps only its start, as a too-long one does.
            record.rawLength = line.cutLength
            outcome.rejections.append(record)
        case .complete:
            let isTimed = timings.beginsSample()
            let start = isTimed ? StageTimings.now() : 0
            // The plan reads the tape itself; its part of the payload is built only for an
            // event that breaks a rule.
            let normalized = normalizer.normalize(
                line: line.bytes, origin: origin, tape: &tape, members: &members)
            if isTimed { timings.addParse(StageTimings.now() - start) }
            switch consume normalized {
            case .success(let event):
                if line.isOversized { outcome.oversizedEvents += 1 }
                accept(
                    event, raw: line.bytes, fileIndex: fileIndex, isTimed: isTimed,
                    into: &outcome)
            case .failure(let rejection):
                outcome.rejections.append(
                    QuarantineRecord(
                        reason: rejection.reason, detail: rejection.detail, file: origin.file,
                        line: origin.line, offset: origin.byteOffset, raw: Array(line.bytes)))
            }
        }
    }

    /// Stores one normalised event; `isTimed` says whether its line is one of the sample
    /// whose steps go into `timings`.
    private mutating func accept(
        _ event: consuming SegmentEvent, raw: UnsafeRawBufferPointer, fileIndex: Int,
        isTimed: Bool, into outcome: inout FileOutcome
    ) {
        if event.receivedAt == nil {
            event.receivedAt = runStartMicros
            outcome.substitutions["received_at_run_time", default: 0] += 1
        }
        let candidateIndex = Int32(outcome.candidates.count)
        let key = event.messageId.withUTF8(in: raw) { DedupeIndex.key(utf8: $0) }
        conflictWatch?._withUnsafeGuaranteedRef { $0.prefetch(key: key) }
        for issue in event.issues where !issue.isViolation {
            outcome.substitutions[issue.code.rawValue, default: 0] += 1
        }
        let validateStart = isTimed ? StageTimings.now() : 0
        let tape = self.tape
        let reads = planProjections
        let (callType, eventName) = (event.callType, event.eventName)
        let checked = EventVerdict(event, tape: tape, line: raw, against: plan) {
            let projection = reads.projection(callType: callType, eventName: eventName)
            return tape.value(0, in: raw, projection: projection).objectValue!
        }
        let validateEnd = isTimed ? StageTimings.now() : 0
        if isTimed { timings.addValidate(validateEnd - validateStart) }
        let verdict = checked.plan
        let violations = checked.violations
        let types = checked.types
        let candidate = DedupeCandidate(
            key: key,
            receivedAt: event.receivedAt ?? .max,
            line: Int32(event.origin.line),
            offset: event.origin.byteOffset, content: fingerprinter.hash(raw, tape: tape),
            isBlocked: checked.isBlocked)
        if !types.isEmpty { outcome.violationTypes[candidateIndex] = types }
        conflictWatch?._withUnsafeGuaranteedRef {
            $0.note(candidate, line: raw, at: candidateIndex, in: &outcome)
        }
        if isTimed { timings.addFingerprint(StageTimings.now() - validateEnd) }

        if candidate.isBlocked {
            outcome.blocked[candidateIndex] = QuarantineRecord(
                reason: "blocked", detail: Self.blockedDetail(verdict.blockedBy),
                file: event.origin.file, line: event.origin.line, offset: event.origin.byteOffset,
                messageId: event.messageId.string(in: raw), violations: violations,
                raw: Array(raw))
            outcome.append(candidate, messageId: event.messageId, line: raw)
            return
        }
        var edited: Set<String> = []
        for path in verdict.omittedPaths {
            if edited.insert(path[0]).inserted { buildWhole(path[0], of: &event, line: raw) }
            guard let value = event.payload.removeMember(at: path) else { continue }
            outcome.omissions.append(
                (
                    candidateIndex,
                    DiscardRecord(
                        kind: "omitted_property", table: nil, column: nil,
                        field: path.joined(separator: "."),
                        value: value,
                        reason: "The tracking plan's enforcement omits this property.",
                        messageId: event.messageId.string(in: raw), origin: event.origin)
                ))
        }
        outcome.append(candidate, messageId: event.messageId, line: raw)
        let storeStart = isTimed ? StageTimings.now() : 0
        store(
            event, violations: violations, candidate: candidateIndex, fileIndex: fileIndex,
            line: raw, edited: edited)
        if !rowDiscards.isEmpty {
            for record in rowDiscards { outcome.omissions.append((candidateIndex, record)) }
            rowDiscards.removeAll()
        }
        if isTimed { timings.addFlatten(StageTimings.now() - storeStart) }
        spillIfOverBudget(lineBytes: raw.count)
    }

    /// The detail of a blocked event's record, naming the settings that blocked it.
    static func blockedDetail(_ settings: [String]) -> String {
        guard !settings.isEmpty else { return "The tracking plan's enforcement blocks this event." }
        return "The tracking plan's enforcement blocks this event ("
            + settings.joined(separator: ", ") + ")."
    }

    /// Builds the top-level member `name` whole from the tape into the payload, which the
    /// tape normaliser leaves empty; enforcement then edits that value and the row is stored
    /// from it.
    private func buildWhole(
        _ name: String, of event: inout SegmentEvent, line: UnsafeRawBufferPointer
    ) {
        guard let token = tape.member(0, name, in: line) else { return }
        event.payload[name] = tape.value(token, in: line)
    }
}
