/// The dedupe window's days: which received day an event counts on, which index days a night
/// looks in, which days expired, and the expiry after a commit.
extension NightlyRun {
    /// The received day, as a day number since 1970, of an event received at `micros`; an
    /// event without a time (`Int64.max`) or one outside years 1 to 9999 counts at that
    /// range's end, so a day number always names a day `YYYY-MM-DD` can write.
    static func receivedDay(_ micros: Int64) -> Int64 {
        min(max(dayNumber(micros), firstDayNumber), lastDayNumber)
    }

    /// 0001-01-01 and 9999-12-31, as day numbers since 1970.
    static let firstDayNumber: Int64 = -719_162
    static let lastDayNumber: Int64 = 2_932_896

    /// Whether index day `day` lies within `window` days of one of `nightDays`; every day does
    /// when the window is unbounded.
    static func isWithin(_ window: Int64?, of nightDays: Set<Int64>, _ day: Int64) -> Bool {
        guard let window else { return true }
        return nightDays.contains { abs($0 - day) <= window }
    }

    /// The received days, as day numbers, of tonight's winners and of every other copy of
    /// their messageIds (`DedupeOutcome.receivedSpans`): the days the night looks for prior
    /// duplicates from, and keeps from expiry.
    static func receivedDays(_ outcomes: [FileOutcome], _ dedupe: DedupeOutcome) -> Set<Int64> {
        var days: Set<Int64> = []
        // Neighbouring events share a day nearly always: the set is asked only on a change.
        var lastDay = Int64.min
        for (file, outcome) in outcomes.enumerated() {
            for (index, candidate) in outcome.candidates.enumerated()
            where dedupe.isWinner[file][index] {
                let day = receivedDay(candidate.receivedAt)
                if day != lastDay {
                    days.insert(day)
                    lastDay = day
                }
            }
        }
        for span in dedupe.receivedSpans.spans
        where dedupe.isWinner[Int(span.winner.file)][Int(span.winner.index)] {
            days.insert(receivedDay(span.first))
            days.insert(receivedDay(span.last))
        }
        return days
    }

    /// The days the dedupe cannot check tonight. `window`: expired index days within the
    /// window of one of `nightDays` (`RunCounters.expiredWindowDays`): a night loaded late,
    /// or a rerun of an old night, whose neighbours' keys are gone cannot find their ids as
    /// prior duplicates. `rerunKeys`: days on which the runs this one replaces (`superseded`)
    /// wrote key files that are gone (`RunCounters.rerunKeysExpired`): a rerun cannot tell
    /// what of those it drops.
    func uncheckedDedupeDays(replacing superseded: [RunHistory.Run]) -> (
        window: Int, rerunKeys: Int
    ) {
        let index = DedupeIndex(outputDirectory: configuration.outputDirectory)
        let expired = index.expiredDays()
        guard !expired.isEmpty else { return (0, 0) }
        let window = configuration.dedupeWindowDays.map(Int64.init)
        let inWindow = expired.filter { day in
            Backfill.dayNumber(day).map { Self.isWithin(window, of: nightDays, $0) } ?? false
        }.count
        // A replaced run's key file that is gone was expired: its keys are not there to tell
        // what this run drops. Files written after their day first expired are still there.
        var gone: Set<String> = []
        for run in superseded {
            for day in run.keyDays where !FileSystem.exists(index.keyFilePath(run.runId, day)) {
                gone.insert(day)
            }
        }
        return (inWindow, gone.count)
    }

    /// After the manifest: removes index days older than twice the window, counted back from
    /// the latest received day in the index that is not after the run's start, and never
    /// narrower than the widest window a run on the output used (`DedupeIndex.widestWindowDays`),
    /// so one run with a short window cannot take keys other runs still need. Days within
    /// that span before the night's own days (of `loadedDays`, and `nightDays`, which has
    /// the days of events an earlier run had loaded) stay too, back to twice the window
    /// before the latest of them. The days removed are listed
    /// (`DedupeIndex.recordExpired`), so a later night whose window reaches one is told.
    ///
    /// Counting from the index's own latest day, not from the wall clock, keeps a backfill of
    /// last year's logs deduplicating across its nights (each night's keys stay for the next
    /// ones); ignoring days after the run's start keeps a client that sets `receivedAt` to
    /// 2099 from expiring the whole window. Keeping the window before the run's own days
    /// does the same for a backfill into an output whose nightly runs already loaded later
    /// days, which the latest day alone expired at once. Once nightly runs load current days
    /// again, the backfill's days fall out of the window and go.
    func expireDedupeDays(_ index: DedupeIndex, loadedDays: [String]) {
        // Once a run looked unbounded, every day stays: that run may look again.
        guard let window = configuration.dedupeWindowDays, index.widestLookup() != nil else {
            return
        }
        let days = Int64(max(window, index.widestWindowDays()))
        let today = Self.dayNumber(startMicrosForExpiry)
        guard
            let latest = index.days().compactMap(Backfill.dayNumber).filter({ $0 <= today }).max()
        else { return }
        // The night's own days, those it loaded and those it found loaded before, back to
        // twice the window before its latest: a backfilled night's day, and a straggler of
        // the last weeks, while one received in 1970 keeps nothing older.
        let own = (loadedDays.compactMap(Backfill.dayNumber) + nightDays).filter { $0 <= today }
        var keptFrom = latest
        if let first = own.min(), let last = own.max() {
            keptFrom = min(latest, max(first, last - 2 * days))
        }
        // Twice the window: a night up to a window old (a straggler, a rerun of last week)
        // still finds every day of its own window. Days after today (a `receivedAt` in 2099)
        // are not cut: they stay until the calendar reaches them, for removing them would
        // double a resend of such an event.
        let cutoff = keptFrom - 2 * days
        guard cutoff > Self.firstDayNumber else { return }
        let cutoffDay = CivilTime(micros: cutoff * Self.microsPerDay).dateString
        index.recordExpired(index.expire(before: cutoffDay))
    }
}
