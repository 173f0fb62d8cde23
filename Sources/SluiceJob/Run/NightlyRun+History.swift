import SluiceHash

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
        var refs: [(key: Hash128, file: Int, index: Int)] = []
        var minReceived = Int64.max
        var maxReceived = Int64.min
        for (file, outcome) in outcomes.enumerated() {
            for (index, candidate) in outcome.candidates.enumerated()
            where dedupe.isWinner[file][index] {
                refs.append((DedupeIndex.key(candidate.messageId), file, index))
                if candidate.receivedAt != .max {
                    minReceived = min(minReceived, candidate.receivedAt)
                    maxReceived = max(maxReceived, candidate.receivedAt)
                }
            }
        }
        guard !refs.isEmpty else { return 0 }
        refs.sort { $0.key < $1.key }

        let index = DedupeIndex(outputDirectory: configuration.outputDirectory)
        let days = windowDays(index.days(), minReceived: minReceived, maxReceived: maxReceived)
        let superseded = history.supersededRunIds
        let committed = Dictionary(
            history.runs.map { ($0.runId, $0.batch) }, uniquingKeysWith: { a, _ in a })
        let found = try index.priorRuns(of: refs.map(\.key), days: days) { run in
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

    /// The index days to look in: from `window` days before tonight's earliest received day
    /// through tonight's latest, or every day when the window is unbounded.
    private func windowDays(_ days: [String], minReceived: Int64, maxReceived: Int64) -> [String] {
        guard let window = configuration.dedupeWindowDays, minReceived != .max else { return days }
        let first = CivilTime(micros: minReceived - Int64(window) * Self.microsPerDay).dateString
        let last = CivilTime(micros: maxReceived).dateString
        return days.filter { $0 >= first && $0 <= last }
    }

    /// Writes the dedupe keys of the events this run loads, by received day, and expires days
    /// that fell out of the window. Returns the key files written, relative to the output.
    func writeDedupeKeys(_ outcomes: [FileOutcome], isLoaded: (Int, Int) -> Bool) throws -> [String]
    {
        var keysByDay: [String: [Hash128]] = [:]
        var maxReceived = Int64.min
        for (file, outcome) in outcomes.enumerated() {
            for (index, candidate) in outcome.candidates.enumerated() where isLoaded(file, index) {
                let micros = candidate.receivedAt == .max ? 0 : candidate.receivedAt
                keysByDay[CivilTime(micros: micros).dateString, default: []].append(
                    DedupeIndex.key(candidate.messageId))
                maxReceived = max(maxReceived, micros)
            }
        }
        let index = DedupeIndex(outputDirectory: configuration.outputDirectory)
        let paths = try index.write(run: runId, keysByDay: keysByDay)
        for path in paths { noteWritten(path) }
        if let window = configuration.dedupeWindowDays, maxReceived != .min {
            _ = index.expire(
                before: CivilTime(micros: maxReceived - Int64(window) * Self.microsPerDay)
                    .dateString)
        }
        let prefix = configuration.outputDirectory + "/"
        return paths.map { String($0.dropFirst(prefix.count)) }
    }

    /// After the manifest is committed: retires the runs this one superseded (the earlier
    /// runs of its batch). Their dedupe keys go at once; their data files stay, removed from
    /// the table logs but still readable by a Delta reader at an older version, until
    /// `sluice gc` removes them after its grace period.
    func removeSuperseded(_ runs: [RunHistory.Run]) {
        DedupeIndex(outputDirectory: configuration.outputDirectory).remove(
            runs: Set(runs.map(\.runId)))
    }
}
