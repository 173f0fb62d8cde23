import SluiceHash
import SluiceReader

extension NightlyRun {
    /// Microseconds in a day, for the dedupe window.
    static let microsPerDay: Int64 = 86_400_000_000

    /// Marks tonight's winners that an earlier committed run of another batch already loaded
    /// (within the dedupe window of the received day of any of the messageId's copies
    /// tonight) as prior duplicates: they are counted, not written. Reads `nightDays`, which
    /// must hold tonight's `receivedDays` by then.
    ///
    /// - Returns: the number of prior duplicates; `dedupe.isWinner` is cleared for them.
    func removePriorDuplicates(
        _ outcomes: [FileOutcome], _ dedupe: inout DedupeOutcome, history: RunHistory
    ) throws -> Int {
        let keyIndex = DedupeIndex(outputDirectory: configuration.outputDirectory)
        let indexDays = keyIndex.days()
        guard !indexDays.isEmpty else { return 0 }

        // Each winner with the days of its copies, first to last: a copy received near an
        // earlier night's key makes the messageId a prior duplicate, whichever copy won.
        var refs: [(key: Hash128, file: Int, index: Int, first: Int64, last: Int64)] = []
        var spans = dedupe.receivedSpans.walk()
        for (file, outcome) in outcomes.enumerated() {
            for (index, candidate) in outcome.candidates.enumerated()
            where dedupe.isWinner[file][index] {
                let span = spans.span(file: file, index: index)
                let first = Self.receivedDay(span?.first ?? candidate.receivedAt)
                let last = Self.receivedDay(span?.last ?? candidate.receivedAt)
                refs.append((candidate.key, file, index, first, last))
            }
        }
        guard !refs.isEmpty else { return 0 }
        // Winners have distinct keys, so the order is total.
        HashOrderSort.sort(&refs, key: \.key) { $0.key < $1.key }

        let window = configuration.dedupeWindowDays.map(Int64.init)
        // A day within the window of a copy's day (`nightDays` holds them all); copies spread
        // wider than two windows (rare) also reach the days between.
        let wide = window.map { window in refs.filter { $0.last - $0.first > 2 * window } } ?? []
        let days = indexDays.filter { day in
            guard let number = Backfill.dayNumber(day) else { return false }
            guard let window else { return true }
            return Self.isWithin(window, of: nightDays, number)
                || wide.contains { number >= $0.first - window && number <= $0.last + window }
        }
        let superseded = history.supersededRunIds
        let committed = Dictionary(
            history.runs.map { ($0.runId, $0.batch) }, uniquingKeysWith: { a, _ in a })
        let found = try keyIndex.priorRuns(
            of: refs.map(\.key), days: days,
            isEligible: { run in
                guard let batch = committed[run] else { return false }
                return !superseded.contains(run) && batch != batchName
            },
            isWithinWindow: { position, day in
                guard let window else { return true }
                return day >= refs[position].first - window && day <= refs[position].last + window
            })

        var count = 0
        for (position, run) in found.enumerated() where run != nil {
            dedupe.isWinner[refs[position].file][refs[position].index] = false
            count += 1
        }
        return count
    }

    /// The dedupe key files a run wrote, as paths under the output, or the error that stopped
    /// the writing after `paths` (which the run must still remove when it fails).
    struct WrittenKeys: Sendable {
        var paths: [String] = []
        /// The received day of each file in `paths`.
        var days: [String] = []
        var failure: JobError?
    }

    /// Starts building and writing the dedupe key files of the events this run loads (by
    /// received day, sorted), on a background thread beside the table stage, or at once on
    /// this one when the run is held to one thread. Written before the manifest, they are
    /// leftovers of an uncommitted run until it commits, which the run removes when it fails
    /// and `LeftoverSweeper` removes after a crash. A dry run builds and writes none.
    func writeDedupeKeys(_ outcomes: [FileOutcome], _ dedupe: DedupeOutcome)
        -> BackgroundTask<WrittenKeys>
    {
        let isDryRun = configuration.isDryRun
        let index = DedupeIndex(outputDirectory: configuration.outputDirectory)
        let runId = runId
        return BackgroundTask(inline: configuration.threads <= 1) {
            guard !isDryRun else { return WrittenKeys() }
            var written = WrittenKeys()
            for file in Self.dedupeKeyFiles(outcomes, dedupe) {
                do {
                    written.paths.append(try index.write(run: runId, file: file))
                    written.days.append(file.day)
                } catch let error as JobError {
                    written.failure = error
                    break
                } catch {
                    written.failure = JobError(.io, "Could not write dedupe keys: \(error)")
                    break
                }
            }
            return written
        }
    }

    /// The dedupe key files of the events this run loads, by received day, keys sorted.
    private static func dedupeKeyFiles(_ outcomes: [FileOutcome], _ dedupe: DedupeOutcome)
        -> [DedupeIndex.DayFile]
    {
        // Grouped by day number first: formatting a date per event costs more than the
        // rest. Counted before they are gathered, so each day's keys are written once into
        // memory reserved exactly, not copied into fresh pages every time an array grows.
        // The second walk finds the same days, so it meets no slot it did not count.
        var slots = DaySlots()
        var counts: [Int] = []
        Self.forEachLoadedKey(outcomes, dedupe) { day, _ in
            let slot = slots.slot(of: day)
            if slot == counts.count { counts.append(0) }
            counts[slot] += 1
        }
        var keysBySlot = counts.map { count in
            var keys: [Hash128] = []
            keys.reserveCapacity(count)
            return keys
        }
        Self.forEachLoadedKey(outcomes, dedupe) { day, key in
            keysBySlot[slots.slot(of: day)].append(key)
        }

        // A day's array moves, uncopied; two day numbers that print as one date (which
        // only times outside the calendar's years could do) still share one file.
        var keysByDay: [String: [Hash128]] = [:]
        for (day, keys) in zip(slots.days, keysBySlot) {
            let date = CivilTime(micros: day * Self.microsPerDay).dateString
            if keysByDay[date] == nil {
                keysByDay[date] = keys
            } else {
                keysByDay[date]! += keys
            }
        }
        return DedupeIndex.files(keysByDay: keysByDay)
    }

    /// Calls `body` with the received day number and key of every candidate the run loads
    /// (winners that are not blocked), in file and candidate order; a winner whose copies
    /// tonight were received on other days too is called again with the last of them, so a
    /// later night's resend near that copy finds the key (a straggler copy that won kept it
    /// only on its own old day).
    private static func forEachLoadedKey(
        _ outcomes: [FileOutcome], _ dedupe: DedupeOutcome, _ body: (Int64, Hash128) -> Void
    ) {
        var spans = dedupe.receivedSpans.walk()
        for (file, outcome) in outcomes.enumerated() {
            for (index, candidate) in outcome.candidates.enumerated()
            where dedupe.isWinner[file][index] && !candidate.isBlocked {
                // The day lookups count this copy on (`receivedDay`), so they find it.
                let day = receivedDay(candidate.receivedAt)
                body(day, candidate.key)
                if let span = spans.span(file: file, index: index) {
                    let last = receivedDay(span.last)
                    if last != day { body(last, candidate.key) }
                }
            }
        }
    }

    /// The day since the epoch that `micros` falls on, rounding down (before 1970 too).
    static func dayNumber(_ micros: Int64) -> Int64 {
        let (day, rest) = micros.quotientAndRemainder(dividingBy: microsPerDay)
        return rest < 0 ? day - 1 : day
    }

    /// How many events the runs this rerun supersedes loaded that the rerun does not, when a
    /// live run of another batch started after the batch was first loaded: that run may have
    /// counted them as prior duplicates and not loaded them (of the batch's first run, which
    /// an unchanged rerun then replaced and carried them on), so they would be in no table.
    /// `loaded` gives tonight's loaded keys; it is called only when such a run exists. The
    /// run reports them and is partial, so cron alerts; rerunning the later nights loads them
    /// again.
    // FIXME: the index does not record which later run counted which id as a prior
    // duplicate, so this warns about every dropped id, not only the ones actually lost.
    func idsDroppedByRerun(
        _ superseded: [RunHistory.Run], history: RunHistory, loaded: () -> Set<Hash128>
    ) throws -> Int {
        // From the batch's first run, retired ones included: a run of another batch between
        // it and an unchanged rerun skipped the ids the rerun carried on.
        let batchRuns = history.runs.filter { $0.batch == batchName }
        guard !superseded.isEmpty, let earliest = batchRuns.map(\.startedAt).min() else {
            return 0
        }
        let hasLaterRun = history.liveRuns.contains {
            $0.batch != batchName && $0.startedAt > earliest
        }
        guard hasLaterRun else { return 0 }

        let loaded = loaded()
        let index = DedupeIndex(outputDirectory: configuration.outputDirectory)
        var dropped = 0
        for run in superseded {
            dropped += try index.keys(ofRun: run.runId).subtracting(loaded).count
        }
        return dropped
    }

    /// After the manifest is committed: retires the runs this one superseded (the earlier
    /// runs of its batch). Their dedupe keys go at once; their data files stay, removed from
    /// the table logs but still readable by a Delta reader at an older version, until
    /// `sluice gc` removes them after its grace period. `loadedDays` are the received days
    /// this run wrote dedupe keys for.
    func removeSuperseded(_ runs: [RunHistory.Run], loadedDays: [String]) {
        let index = DedupeIndex(outputDirectory: configuration.outputDirectory)
        index.remove(runs: Set(runs.map(\.runId)))
        expireDedupeDays(index, loadedDays: loadedDays)
    }

}
