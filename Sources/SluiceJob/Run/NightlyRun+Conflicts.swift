import SluiceReader

/// Conflicting duplicates: their losers' raw lines gathered beside the table stage, then
/// quarantined.
extension NightlyRun {
    /// What `gatherConflictLines` found, and its wall seconds.
    struct ConflictRaws: Sendable {
        var gathered: ConflictLines.Gathered
        var seconds: Double
    }

    /// Starts `ConflictLines.gather` for the dedupe's conflicts, on a background thread, or
    /// at once on this one when the run is held to one thread. It reads files on half the
    /// run's threads, so beside the table stage a run keeps at most one and a half times
    /// `--threads` busy, for as long as the reading lasts.
    func gatherConflictLines(_ dedupe: DedupeOutcome, _ outcomes: [FileOutcome])
        -> BackgroundTask<ConflictRaws>
    {
        let options = ReaderOptions(maxLineBytes: configuration.maxLineBytes)
        let threads = max(1, configuration.threads / 2)
        // A dry run writes no quarantine, so it needs no losing lines.
        let conflicts = configuration.isDryRun ? [] : dedupe.conflicts
        return BackgroundTask(inline: configuration.threads <= 1) {
            let start = RunID.monotonicSeconds()
            let gathered = ConflictLines.gather(
                conflicts, outcomes: outcomes, options: options, threads: threads)
            return ConflictRaws(gathered: gathered, seconds: RunID.monotonicSeconds() - start)
        }
    }

    /// The quarantine records of the conflicts' losers, with their raw lines where
    /// `gatherConflictLines` found them (the rest are filled when the records are written).
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
