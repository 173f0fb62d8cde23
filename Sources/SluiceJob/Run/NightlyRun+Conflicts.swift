import SluiceReader

/// The quarantine: every rejected line, blocked event, conflicting duplicate's loser and
/// copy withdrawn for its file's damage, with its raw line. The losers' and withdrawn copies'
/// lines are gathered and the quarantine files written on a background thread beside the
/// table stage, since neither needs the tables.
extension NightlyRun {
    /// What `quarantineBesideTables` did.
    struct QuarantineWritten: Sendable {
        /// The conflicts' losing lines found, and the wall seconds that took.
        var gathered = ConflictLines.Gathered()
        var gatherSeconds = 0.0
        /// Quarantine records of input lines (not of whole files, which have line 0).
        var quarantinedLines = 0
        /// The quarantine files written, empty for a dry run; the run notes them, so that a
        /// failing run removes them.
        var sidecars: [SidecarFile] = []
        var failure: JobError?
    }

    /// Starts quarantining on a background thread, or at once on this one when the run is
    /// held to one thread: gathers the conflicts' losing lines (`ConflictLines.gather`, on
    /// half the run's threads, so beside the table stage a run keeps at most one and a half
    /// times `--threads` busy for as long as the reading lasts), then writes the records of
    /// `outcomes`' rejections, the losers, the `withdrawn` copies and `blocked`, in that order.
    ///
    /// A failure is returned in `failure`, never thrown, with the files written before it.
    func quarantineBesideTables(
        _ dedupe: DedupeOutcome, _ outcomes: [FileOutcome], blocked: [QuarantineRecord],
        withdrawn: [CandidateRef], checkpoints: CheckpointStore?
    ) -> BackgroundTask<QuarantineWritten> {
        let options = ReaderOptions(maxLineBytes: configuration.maxLineBytes)
        let threads = max(1, configuration.threads / 2)
        let isDryRun = configuration.isDryRun
        let conflicts = dedupe.conflicts
        let isWinner = dedupe.isWinner
        let sidecars = SidecarWriter(outputDirectory: configuration.outputDirectory, runId: runId)
        return BackgroundTask(inline: configuration.threads <= 1) {
            var written = QuarantineWritten()
            let start = RunID.monotonicSeconds()
            // A dry run writes no quarantine, so it needs no losing lines.
            let (readBack, overBudget) = Self.withinBudget(withdrawn, outcomes)
            written.gathered = ConflictLines.gather(
                isDryRun ? [] : conflicts, withdrawn: isDryRun ? [] : readBack,
                outcomes: outcomes, options: options, store: checkpoints, threads: threads)
            written.gatherSeconds = RunID.monotonicSeconds() - start

            var records = outcomes.flatMap(\.rejections)
            records += Self.conflictRecords(
                conflicts, outcomes, raws: written.gathered.raws, isWinner: isWinner)
            records += Self.withdrawnRecords(
                withdrawn, outcomes, raws: written.gathered.raws, overBudget: overBudget)
            records += blocked
            written.quarantinedLines = records.filter { $0.line > 0 }.count
            guard !isDryRun else { return written }
            let result = sidecars.write(
                records.map(\.json), kind: "quarantine", folder: Self.quarantineFolder)
            (written.sidecars, written.failure) = (result.files, result.failure)
            return written
        }
    }

    /// The copies withdrawn for their file's damage (`DedupeCandidate.isWithdrawn`), which
    /// the dedupe took for messageIds of their own and so for winners: none of them is one
    /// once this returns, so none of their rows is loaded and no count takes them for loaded.
    static func takeWithdrawn(_ outcomes: [FileOutcome], from dedupe: inout DedupeOutcome)
        -> [CandidateRef]
    {
        var withdrawn: [CandidateRef] = []
        for (file, outcome) in outcomes.enumerated()
        where outcome.summary?.untrustedParts.isEmpty == false {
            for (index, candidate) in outcome.candidates.enumerated() where candidate.isWithdrawn {
                dedupe.isWinner[file][index] = false
                withdrawn.append(CandidateRef(file: Int32(file), index: Int32(index)))
            }
        }
        return withdrawn
    }

    /// The most bytes of withdrawn copies' lines read back for their quarantine records in
    /// one run: the records are written from memory, and a night of large damaged files would
    /// otherwise hold all of them at once.
    static let maximumWithdrawnBytes = 256 << 20

    /// Each file's untrusted parts, worked out once for all of its withdrawn copies.
    private static func untrustedLines(_ outcomes: [FileOutcome]) -> [UntrustedLines] {
        outcomes.map { $0.summary?.untrustedLines ?? UntrustedLines([]) }
    }

    /// The withdrawn copies whose lines are read back, in file and line order, up to
    /// `budget` bytes, each line's size taken as the distance to the next copy of its file
    /// (or to where reading stopped), never less than the line; the rest are `overBudget`.
    static func withinBudget(
        _ withdrawn: [CandidateRef], _ outcomes: [FileOutcome],
        budget: Int = NightlyRun.maximumWithdrawnBytes
    ) -> (readBack: [CandidateRef], overBudget: Set<CandidateRef>) {
        var readBack: [CandidateRef] = []
        var overBudget: Set<CandidateRef> = []
        var spent = 0
        let untrusted = untrustedLines(outcomes)
        for (index, copy) in withdrawn.enumerated() {
            let outcome = outcomes[Int(copy.file)]
            let start = outcome.candidates[Int(copy.index)].offset
            let next = index + 1 < withdrawn.count ? withdrawn[index + 1] : nil
            let line = Int(outcome.candidates[Int(copy.index)].line)
            let end =
                next?.file == copy.file
                ? outcome.candidates[Int(next!.index)].offset
                : untrusted[Int(copy.file)].part(holding: line)?.endOffset ?? start
            spent += Int(max(0, end - start))
            if spent <= budget {
                readBack.append(copy)
            } else {
                overBudget.insert(copy)
            }
        }
        return (readBack, overBudget)
    }

    /// The quarantine records of copies withdrawn for their file's damage, with their raw
    /// lines (as the ingest decoded them) where `ConflictLines.gather` found them; those
    /// `overBudget` were not read back.
    static func withdrawnRecords(
        _ withdrawn: [CandidateRef], _ outcomes: [FileOutcome], raws: [CandidateRef: [UInt8]],
        overBudget: Set<CandidateRef> = []
    ) -> [QuarantineRecord] {
        let untrusted = untrustedLines(outcomes)
        return withdrawn.map { copy in
            let outcome = outcomes[Int(copy.file)]
            let candidate = outcome.candidates[Int(copy.index)]
            var record = QuarantineRecord(
                reason: "failed_integrity_check",
                detail: FileOutcome.untrustedDetail(
                    untrusted[Int(copy.file)].part(holding: Int(candidate.line))),
                file: outcome.file.relativePath, line: Int(candidate.line),
                offset: candidate.offset, messageId: outcome.messageIds[Int(copy.index)],
                raw: raws[copy])
            if record.raw == nil, overBudget.contains(copy) {
                record.rawUnavailable =
                    "The damaged parts of this run's files hold more than \(maximumWithdrawnBytes >> 20) MiB of lines, more than the quarantine keeps; file, line and offset say where this line is in the file."
            } else if record.raw == nil {
                record.rawUnavailable =
                    "The file changed or went away since this run began reading it, so this line could not be read again as it was; file, line and offset say which line it was."
            }
            return record
        }
    }

    /// The quarantine records of the conflicts' losers, with their raw lines where
    /// `ConflictLines.gather` found them; a record without one says why in `rawUnavailable`.
    /// A loser names its winner as the kept copy only when the winner was loaded: a winner
    /// the plan blocked (so every copy was blocked, `DedupeResolver`) has a `blocked` record,
    /// and one an earlier run already loaded (`isWinner` cleared, a prior duplicate) none.
    /// A blocked loser carries the violations that blocked it.
    static func conflictRecords(
        _ conflicts: [(loser: CandidateRef, winner: CandidateRef)], _ outcomes: [FileOutcome],
        raws: [CandidateRef: [UInt8]], isWinner: [[Bool]]
    ) -> [QuarantineRecord] {
        conflicts.map { conflict in
            let loserFile = outcomes[Int(conflict.loser.file)]
            let loser = loserFile.candidates[Int(conflict.loser.index)]
            let messageId = loserFile.messageIds[Int(conflict.loser.index)]
            let winnerFile = outcomes[Int(conflict.winner.file)]
            let winner = winnerFile.candidates[Int(conflict.winner.index)]
            let isPrior = !isWinner[Int(conflict.winner.file)][Int(conflict.winner.index)]
            let detail =
                isPrior
                ? "Another copy of messageId '\(messageId)' with a different payload was chosen, and an earlier run already loaded this messageId, so this run loaded none of its copies (a prior duplicate)."
                : winner.isBlocked
                    ? "Another copy of messageId '\(messageId)' with a different payload was chosen (earliest receivedAt) and is quarantined as blocked: the tracking plan blocks every copy, so none was loaded."
                    : "Another copy of messageId '\(messageId)' with a different payload was loaded instead (a copy the tracking plan allows wins over blocked ones, then the earliest receivedAt)."
            var record = QuarantineRecord(
                reason: "conflicting_duplicate", detail: detail,
                file: loserFile.file.relativePath, line: Int(loser.line), offset: loser.offset,
                messageId: messageId, raw: raws[conflict.loser])
            if !isPrior && !winner.isBlocked {
                record.keptCopy = (winnerFile.file.relativePath, Int(winner.line))
            }
            // A loser the plan blocked keeps the violations that blocked it.
            if let blocked = loserFile.blocked[conflict.loser.index] {
                record.violations = blocked.violations
            }
            if record.raw == nil {
                record.rawUnavailable =
                    "The file changed or went away since this run began reading it, so this line could not be read again as it was; message_id, file, line and offset say which event it was."
            }
            return record
        }
    }
}
