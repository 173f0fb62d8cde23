import SluiceHash
import SluiceReader

extension NightlyRun {
    /// Microseconds in a day, for the dedupe window.
    static let microsPerDay: Int64 = 86_400_000_000

    /// Marks tonight's winners that an earlier committed run of another batch already loaded
    /// (within the dedupe window) as prior duplicates: they are counted, not written.
    ///
    /// - Returns: the number of prior duplicates; `dedupe.isWinner` is cleared for them.
    func removePriorDuplicates(
        _ outcomes: [FileOutcome], _ dedupe: inout DedupeOutcome, history: RunHistory
    ) throws -> Int {
        let keyIndex = DedupeIndex(outputDirectory: configuration.outputDirectory)
        let indexDays = keyIndex.days()
        guard !indexDays.isEmpty else { return 0 }

        var refs: [(key: Hash128, file: Int, index: Int)] = []
        var minReceived = Int64.max
        var maxReceived = Int64.min
        for (file, outcome) in outcomes.enumerated() {
            for (index, candidate) in outcome.candidates.enumerated()
            where dedupe.isWinner[file][index] {
                refs.append((candidate.key, file, index))
                if candidate.receivedAt != .max {
                    minReceived = min(minReceived, candidate.receivedAt)
                    maxReceived = max(maxReceived, candidate.receivedAt)
                }
            }
        }
        guard !refs.isEmpty else { return 0 }
        // Winners have distinct keys, so the order is total.
        HashOrderSort.sort(&refs, key: \.key) { $0.key < $1.key }

        let days = windowDays(indexDays, minReceived: minReceived, maxReceived: maxReceived)
        let superseded = history.supersededRunIds
        let committed = Dictionary(
            history.runs.map { ($0.runId, $0.batch) }, uniquingKeysWith: { a, _ in a })
        let found = try keyIndex.priorRuns(of: refs.map(\.key), days: days) { run in
            guard let batch = committed[run] else { return false }
            return !superseded.contains(run) && batch != batchName
        }

        var count = 0
        for (position, run) in found.enumerated() where run != nil {
            dedupe.isWinner[refs[position].file][refs[position].index] = false
            count += 1
        }
        return count
    }

    /// The days of tonight's dedupe window that expiry removed from the index
    /// (`RunCounters.expiredWindowDays`): a night loaded late, or a rerun of an old night,
    /// whose neighbours' keys are gone cannot find their ids as prior duplicates. Counted
    /// over tonight's winners before the prior dedupe takes any.
    func expiredWindowDays(_ outcomes: [FileOutcome], _ dedupe: DedupeOutcome) -> Int {
        guard let window = configuration.dedupeWindowDays else { return 0 }
        let expired = DedupeIndex(outputDirectory: configuration.outputDirectory).expiredDays()
        guard !expired.isEmpty else { return 0 }
        var (minReceived, maxReceived) = (Int64.max, Int64.min)
        for (file, outcome) in outcomes.enumerated() {
            for (index, candidate) in outcome.candidates.enumerated()
            where dedupe.isWinner[file][index] && candidate.receivedAt != .max {
                minReceived = min(minReceived, candidate.receivedAt)
                maxReceived = max(maxReceived, candidate.receivedAt)
            }
        }
        guard minReceived != .max else { return 0 }
        let span = Int64(window) * Self.microsPerDay
        let first = CivilTime(micros: minReceived - span).dateString
        let last = CivilTime(micros: maxReceived + span).dateString
        return expired.filter { $0 >= first && $0 <= last }.count
    }

    /// The index days to look in: from `window` days before tonight's earliest received day
    /// through tonight's latest, or every day when the window is unbounded.
    private func windowDays(_ days: [String], minReceived: Int64, maxReceived: Int64) -> [String] {
        guard let window = configuration.dedupeWindowDays, minReceived != .max else { return days }
        // Both ways: a night loaded late, or a rerun of an earlier night, must see the ids a
        // later night already committed.
        let first = CivilTime(micros: minReceived - Int64(window) * Self.microsPerDay).dateString
        let last = CivilTime(micros: maxReceived + Int64(window) * Self.microsPerDay).dateString
        return days.filter { $0 >= first && $0 <= last }
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
    /// (winners that are not blocked), in file and candidate order.
    private static func forEachLoadedKey(
        _ outcomes: [FileOutcome], _ dedupe: DedupeOutcome, _ body: (Int64, Hash128) -> Void
    ) {
        for (file, outcome) in outcomes.enumerated() {
            for (index, candidate) in outcome.candidates.enumerated()
            where dedupe.isWinner[file][index] && !candidate.isBlocked {
                let micros = candidate.receivedAt == .max ? 0 : candidate.receivedAt
                body(dayNumber(micros), candidate.key)
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

    /// After the manifest: removes index days older than twice the window, counted back from
    /// the latest received day in the index that is not after the run's start, and never
    /// narrower than the default window, so one run with a short window cannot take keys the
    /// nightly runs still need. Days within that span before the earliest of `loadedDays`
    /// (the run's own received days) stay too. The days removed are listed
    /// (`DedupeIndex.recordExpired`), so a later night whose window reaches one is told.
    ///
    /// Counting from the index's own latest day, not from the wall clock, keeps a backfill of
    /// last year's logs deduplicating across its nights (each night's keys stay for the next
    /// ones); ignoring days after the run's start keeps a client that sets `receivedAt` to
    /// 2099 from expiring the whole window. Keeping the window before the run's own days
    /// does the same for a backfill into an output whose nightly runs already loaded later
    /// days, which the latest day alone expired at once. Once nightly runs load current days
    /// again, the backfill's days fall out of the window and go.
    private func expireDedupeDays(_ index: DedupeIndex, loadedDays: [String]) {
        guard let window = configuration.dedupeWindowDays else { return }
        let days = Int64(max(window, RunConfiguration.defaultDedupeWindowDays))
        let today = CivilTime(micros: startMicrosForExpiry).dateString
        guard let latest = index.days().filter({ $0 <= today && Backfill.isDay($0) }).max(),
            case .value(let latestMicros, _) = SegmentTimestamp.parse(.string(latest))
        else { return }
        var keptFrom = latestMicros
        if let earliest = loadedDays.filter({ $0 <= today && Backfill.isDay($0) }).min(),
            case .value(let earliestMicros, _) = SegmentTimestamp.parse(.string(earliest))
        {
            keptFrom = min(keptFrom, earliestMicros)
        }
        // Twice the window: a night up to a window old (a straggler, a rerun of last week)
        // still finds every day of its own window.
        let cutoff = keptFrom - 2 * days * Self.microsPerDay
        index.recordExpired(index.expire(before: CivilTime(micros: cutoff).dateString))
    }
}
