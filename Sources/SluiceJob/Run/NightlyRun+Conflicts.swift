import SluiceReader

/// Suspected conflicts: confirmed beside the table stage, then quarantined.
extension NightlyRun {
    /// What `confirmConflicts` settled, and its wall seconds.
    struct ConfirmedConflicts: Sendable {
        var dedupe: DedupeOutcome
        var raws: [CandidateRef: [UInt8]]
        var seconds: Double
    }

    /// Starts `ConflictConfirmation` on a copy of `dedupe`, on a background thread, or at
    /// once on this one when the run is held to one thread. It reads files on half the run's
    /// threads, so beside the table stage a run keeps at most one and a half times
    /// `--threads` busy, for as long as the confirmation lasts.
    func confirmConflicts(_ dedupe: DedupeOutcome, _ outcomes: [FileOutcome])
        -> BackgroundTask<ConfirmedConflicts>
    {
        let options = ReaderOptions(maxLineBytes: configuration.maxLineBytes)
        let threads = max(1, configuration.threads / 2)
        return BackgroundTask(inline: configuration.threads <= 1) {
            let start = RunID.monotonicSeconds()
            var confirmed = dedupe
            let raws = ConflictConfirmation.confirm(
                &confirmed, outcomes: outcomes, options: options, threads: threads)
            return ConfirmedConflicts(
                dedupe: confirmed, raws: raws, seconds: RunID.monotonicSeconds() - start)
        }
    }

    /// The quarantine records of the confirmed conflicts' losers, with their raw lines where
    /// confirmation read them (the rest are filled when the records are written).
    func conflictRecords(
        _ dedupe: DedupeOutcome, _ outcomes: [FileOutcome], raws: [CandidateRef: [UInt8]]
    ) -> [QuarantineRecord] {
        dedupe.conflicts.map { conflict in
            let loserFile = outcomes[Int(conflict.loser.file)]
            let loser = loserFile.candidates[Int(conflict.loser.index)]
            let messageId = loserFile.messageIds[Int(conflict.loser.index)]
            let winnerFile = outcomes[Int(conflict.winner.file)]
            let winner = winnerFile.candidates[Int(conflict.winner.index)]
            var record = QuarantineRecord(
                reason: "conflicting_duplicate",
                detail:
                    "Another copy of messageId '\(messageId)' with a different payload was loaded instead (earliest receivedAt wins).",
                file: loserFile.file.relativePath, line: Int(loser.line), offset: loser.offset,
                messageId: messageId, raw: raws[conflict.loser])
            record.keptCopy = (winnerFile.file.relativePath, Int(winner.line))
            record.rawPending = record.raw == nil
            return record
        }
    }
}
