import Dispatch
import SluiceHash
import SluiceJSON
import SluicePlan
import SluiceReader
import SluiceWarehouse

/// One `sluice run`: reads every log file of a batch, deduplicates, validates against the
/// tracking plan, writes the tables and quarantine, checks the books and commits the manifest.
///
/// Order of effects: data files are written under temporary names and renamed into place
/// (the dedupe key files and the quarantine beside them), then the discards, then the
/// manifest last (atomically). A run that fails before the manifest removes every file it
/// wrote, so a failed run commits nothing.
/// Not reentrant; one run per output directory at a time (the output lock enforces it).
public final class NightlyRun {
    public let configuration: RunConfiguration
    private let observer: RunObserver
    private let startMicros: Int64
    /// The run's start, for expiring the dedupe index.
    var startMicrosForExpiry: Int64 { startMicros }
    public let runId: String
    private var counters = RunCounters()
    private var written = WrittenFiles()
    private var stageSeconds: [(String, Double)] = []
    private var planSHA256 = ""
    /// Set once the first table log commit starts; a failure after it rolls the logs back
    /// (`rollBackTableLogs`) before deleting files a log may list.
    private var hasCommittedTableLogs = false
    /// Files of crashed runs this run removed before starting.
    private var sweptLeftovers: [String] = []
    /// Tonight's received days, as day numbers (`receivedDays`), noted before the prior
    /// dedupe, which looks from them; the manifest lists them, and the expiry after the
    /// commit keeps the window before them.
    var nightDays: Set<Int64> = []
    /// Thread seconds of the steps inside the ingest stage, summed over workers.
    private var threadSeconds: [(String, Double)] = []

    public init(configuration: RunConfiguration, observer: RunObserver = SilentObserver()) {
        self.configuration = configuration
        self.observer = observer
        self.startMicros = RunID.nowMicros()
        self.runId = configuration.runId ?? RunID.make(startMicros: startMicros)
    }

    /// Runs the job. On success the manifest is committed and the report says so; on a thrown
    /// error nothing of this run is left at a final path.
    public func execute() throws -> RunReport {
        // Spill directories of runs that crashed; no lock needed, since only dead processes'
        // directories are touched.
        _ = ColumnSpill.sweepAbandoned()
        let plan = try timed("plan") { try loadPlan() }
        let (files, skipped) = try timed("scan") { try scanInput() }
        let lock =
            configuration.isDryRun ? nil : try OutputLock.acquire(configuration.outputDirectory)
        defer { lock?.release() }

        var loaded: RunHistory?
        do {
            let history = try RunHistory.load(outputDirectory: configuration.outputDirectory)
            loaded = history
            if history.isCommitted(runId) {
                throw JobError(
                    .usage,
                    "The run id '\(runId)' already has a manifest in '\(configuration.outputDirectory)'; choose a new '--run-id' (or leave it out), since reusing one would overwrite that run's files."
                )
            }
            let committer = deltaCommitter(history, txnVersion: Int64(history.runs.count))
            try committer.precheckPartitioning()
            if !configuration.isDryRun {
                let schemas = try LeftoverSweeper.sweepSchemas(
                    configuration.outputDirectory, history: history)
                // Bring the table logs back to exactly the live runs' files before deleting a
                // crashed run's leftovers, so a Delta reader never meets a file that is gone.
                try committer.commit(
                    schemas: [:], outputs: [], liveFiles: Self.liveFiles(history, excluding: []),
                    storedSchema: storedSchema)
                sweptLeftovers =
                    schemas + LeftoverSweeper.sweep(configuration.outputDirectory, history: history)
            }
            return try process(files: files, skipped: skipped, plan: plan, history: history)
        } catch {
            guard hasCommittedTableLogs, let history = loaded else {
                written.removeAll()
                throw error
            }
            try rollBackTableLogs(history, after: error)
            written.removeAll()
            throw error
        }
    }

    /// Brings the table logs back to the live runs' files after `failure` struck once some
    /// of tonight's files were committed to them (the manifest could not be written, a later
    /// table's commit failed), so that Delta readers, like Sluice, see none of a run that
    /// exits as failed. When that fails too, the files stay for the next run, which rolls the
    /// logs back before it does anything else (removing them now would leave the tables
    /// unreadable), and the error says Delta readers see them until then.
    private func rollBackTableLogs(_ history: RunHistory, after failure: Error) throws {
        do {
            try deltaCommitter(history, txnVersion: Int64(history.runs.count + 1)).commit(
                schemas: [:], outputs: [], liveFiles: Self.liveFiles(history, excluding: []),
                storedSchema: storedSchema)
        } catch {
            let message = (failure as? JobError)?.message ?? "\(failure)"
            throw JobError(
                (failure as? JobError)?.code ?? .output,
                message
                    + " Some tables' Delta logs already list this run's files and could not be rolled back (\(error)): Delta readers see this run's rows in them until the next run in this output directory rolls them back."
            )
        }
    }

    private func process(
        files: [InputFile], skipped: [SkippedFile], plan: TrackingPlan, history: RunHistory
    ) throws -> RunReport {
        // Where conflicts' losing lines can be read back from without inflating their files
        // from the start; a dry run reads none back.
        let checkpoints =
            configuration.isDryRun ? nil : CheckpointStore(directory: ColumnSpill.temporaryBase)
        let (outcomes, workers) = timed("ingest") {
            readAll(files, plan: plan, checkpoints: checkpoints)
        }
        // Spilled rows are scratch: gone when the run ends, whether it commits or fails. Once
        // the table stage has read them they are removed on a background thread beside the
        // rest of the run, since dropping a large file's cached pages keeps the kernel busy
        // (about 40 ms for the bench night's 376 MB of spills).
        let spills = workers.compactMap(\.spill)
        var removingSpills: BackgroundTask<Void>?
        defer {
            if let removingSpills {
                removingSpills.wait()
            } else {
                for spill in spills { spill.remove() }
            }
        }
        if let failure = workers.lazy.compactMap(\.spillFailure).first { throw failure }
        counters.rowSpills = workers.map(\.spillCount).reduce(0, +)
        counters.rowSpillBytes = workers.map { $0.spill?.byteCount ?? 0 }.reduce(0, +)
        tally(outcomes)
        // A directory that could not be listed, or an entry that could not be read or named,
        // may hold events: the run is partial.
        let unread = skipped.filter {
            SkippedFile.Reason(rawValue: $0.reason)?.mayHoldUnreadEvents ?? false
        }
        counters.unreadableDirectories =
            unread.filter { $0.reason == SkippedFile.Reason.unreadableDirectory.rawValue }.count
        counters.unreadableEntries = unread.count - counters.unreadableDirectories
        // Damaged files or unread entries among them too: committing a run that read
        // nothing would replace a batch's rows with none. Lines of damaged parts of files
        // (`failed_integrity_check`) count as nothing read: a redelivered file whose only
        // member fails its check must not empty the batch.
        if counters.lines - counters.blankLines - counters.untrustedLines <= 0 {
            throw JobError(
                .emptyInput, Self.noLines(configuration.inputDirectory, outcomes, unread))
        }
        CrashPoint.afterRead.reach()

        var dedupe = try timed("dedupe") {
            try DedupeResolver.resolve(
                outcomes, memoryBytes: configuration.dedupeMemoryBytes,
                threads: configuration.threads)
        }
        counters.dedupeSpilledRuns = dedupe.spilledRuns
        let withdrawn = Self.takeWithdrawn(outcomes, from: &dedupe)
        nightDays = Self.receivedDays(outcomes, dedupe)
        (counters.expiredWindowDays, counters.rerunKeysExpired) = uncheckedDedupeDays(
            replacing: history.liveRuns(ofBatch: batchName))
        counters.priorDuplicates = try timed("prior-dedupe") {
            try removePriorDuplicates(outcomes, &dedupe, history: history)
        }
        var blocked: [QuarantineRecord] = []
        var discards: [DiscardRecord] = []
        settleWinners(outcomes, dedupe, quarantine: &blocked, discards: &discards)
        // Conflicts' losing lines may have to be read back from their files; only their
        // quarantine records need them, so those and the quarantine files are written beside
        // the table stage. Written paths are noted however the run ends, so that a failing
        // run removes them with its other files.
        let quarantining = quarantineBesideTables(
            dedupe, outcomes, blocked: blocked, withdrawn: withdrawn, checkpoints: checkpoints)
        defer { noteWritten(quarantining.wait().sidecars) }
        let dedupeKeys = writeDedupeKeys(outcomes, dedupe)
        defer { for path in dedupeKeys.wait().paths { noteWritten(path) } }

        let isWinner = dedupe.isWinner
        let partStarts = outcomes.map(\.partStarts)
        let stage = TableStage(
            configuration: configuration, runId: runId, loadedAtMicros: startMicros,
            workers: workers,
            isLive: { header in
                let file = Int(header.file)
                return isWinner[file][
                    FileOutcome.candidate(
                        part: header.part, index: header.candidate, partStarts: partStarts[file])]
            },
            originOf: { header in
                let outcome = outcomes[Int(header.file)]
                let index = outcome.candidate(part: header.part, index: header.candidate)
                let candidate = outcome.candidates[index]
                return (
                    outcome.messageIds[index],
                    EventOrigin(
                        file: outcome.file.relativePath, line: Int(candidate.line),
                        byteOffset: candidate.offset)
                )
            })
        let tables = try timed("encode") { try stage.write(plan: plan, written: &written) }
        removingSpills = BackgroundTask(inline: configuration.threads <= 1 || spills.isEmpty) {
            for spill in spills { spill.remove() }
        }
        let quarantined = quarantining.wait()
        noteStage(
            "confirm-conflicts", seconds: quarantined.gatherSeconds,
            details: quarantined.gathered.details)
        counters.duplicates = dedupe.plainDuplicates
        counters.conflictingDuplicates = dedupe.conflicts.count
        counters.quarantinedLines = quarantined.quarantinedLines

        counters.rowsByTable = tables.rowsByTable
        counters.discardedValues += tables.discards.count
        discards += tables.discards

        // The books and the quarantine rate are checked first, as they were when the
        // quarantine was written after them: a run that fails both reports those.
        try checkBooks()
        if let failure = quarantined.failure { throw failure }
        CrashPoint.afterDataFiles.reach()
        let sidecars = try timed("write") {
            try quarantined.sidecars + writeDiscards(discards)
        }
        return try commit(
            outcomes: outcomes, skipped: skipped, plan: plan, tables: tables, sidecars: sidecars,
            dedupe: dedupe, dedupeKeys: dedupeKeys.wait(), history: history)
    }

    /// Counts the winners, quarantines the blocked ones, and keeps their omissions.
    private func settleWinners(
        _ outcomes: [FileOutcome], _ dedupe: DedupeOutcome, quarantine: inout [QuarantineRecord],
        discards: inout [DiscardRecord]
    ) {
        for (file, outcome) in outcomes.enumerated() {
            for (index, types) in outcome.violationTypes where dedupe.isWinner[file][Int(index)] {
                counters.eventsWithViolations += 1
                for type in types { counters.violationsByType[type, default: 0] += 1 }
            }
            for (index, candidate) in outcome.candidates.enumerated()
            where dedupe.isWinner[file][index] {
                if candidate.isBlocked {
                    counters.blockedEvents += 1
                    quarantine.append(outcome.blocked[Int32(index)]!)
                } else {
                    counters.eventsLoaded += 1
                }
            }
            for (candidate, record) in outcome.omissions where dedupe.isWinner[file][Int(candidate)]
            {
                discards.append(record)
                // Only enforcement omits properties; the rest (repeated members, sections that
                // are not objects, properties without an event table) are discarded values.
                if record.kind == "omitted_property" {
                    counters.omittedProperties += 1
                } else {
                    counters.discardedValues += 1
                }
            }
        }
    }

    private func commit(
        outcomes: [FileOutcome], skipped: [SkippedFile], plan: TrackingPlan,
        tables: TableStageResult, sidecars: [SidecarFile], dedupe: DedupeOutcome,
        dedupeKeys: WrittenKeys, history: RunHistory
    ) throws -> RunReport {
        let finished = RunID.nowMicros()
        var report = RunReport(
            runId: runId, counters: counters, manifestPath: nil,
            seconds: Double(finished - startMicros) / 1e6, isDryRun: configuration.isDryRun,
            stageSeconds: stageSeconds)
        // Events the replaced runs loaded that this one lacks; a dry run counts them too, as
        // it exits as the run would.
        let superseded = history.liveRuns(ofBatch: batchName)
        report.replacedRunIds = superseded.map(\.runId)
        counters.droppedByRerun = try idsDroppedByRerun(superseded, history: history) {
            var loadedKeys: Set<Hash128> = []
            for (file, outcome) in outcomes.enumerated() {
                for (index, candidate) in outcome.candidates.enumerated()
                where dedupe.isWinner[file][index] && !candidate.isBlocked {
                    loadedKeys.insert(candidate.key)
                }
            }
            return loadedKeys
        }
        report.counters = counters
        guard !configuration.isDryRun else { return report }

        if let failure = dedupeKeys.failure { throw failure }
        // Before anything commits: a run killed later must still have widened the record.
        DedupeIndex(outputDirectory: configuration.outputDirectory)
            .recordWindow(configuration.dedupeWindowDays)
        let prefix = configuration.outputDirectory + "/"
        let keyFiles = dedupeKeys.paths.map { String($0.dropFirst(prefix.count)) }
        var liveFiles = Self.liveFiles(history, excluding: Set(superseded.map(\.runId)))
        for output in tables.outputs {
            liveFiles[output.relativePath] = RunHistory.OutputFile(
                table: output.table, path: output.relativePath, partition: output.partition,
                rows: output.rows, bytes: output.bytes)
        }
        let committer = deltaCommitter(history, txnVersion: Int64(history.runs.count + 1))
        try committer.precheck(schemas: tables.settled)
        try timed("commit") {
            hasCommittedTableLogs = true
            try committer.commit(
                schemas: tables.settled, outputs: tables.outputs, liveFiles: liveFiles,
                storedSchema: storedSchema)
            try TableStage.writeSchemas(
                tables.settled, outputDirectory: configuration.outputDirectory)
        }
        // The manifest's finish and the report's seconds count the commit too.
        var manifest = ManifestBuilder(
            runId: runId, batch: batchName, startedMicros: startMicros,
            finishedMicros: RunID.nowMicros(),
            configuration: configuration, planName: plan.name, planSHA256: planSHA256,
            inputs: outcomes.map(inputJSON), skipped: skipped, outputs: tables.outputs,
            schemas: tables.schemas, sidecars: sidecars, counters: counters,
            stageSeconds: stageSeconds,
            threadSeconds: threadSeconds)
        manifest.supersedes = superseded.map(\.runId)
        manifest.dedupeKeyFiles = keyFiles
        manifest.nightDays = nightDays.sorted().map {
            CivilTime(micros: $0 * Self.microsPerDay).dateString
        }
        manifest.sweptLeftovers = sweptLeftovers
        manifest.schemaChanges = tables.schemaChanges
        CrashPoint.beforeManifest.reach()
        report.manifestPath = configuration.outputDirectory + "/" + (try writeManifest(manifest))
        CrashPoint.afterManifest.reach()
        removeSuperseded(superseded, loadedDays: dedupeKeys.days)
        report.seconds = Double(RunID.nowMicros() - startMicros) / 1e6
        return report
    }

    private func deltaCommitter(_ history: RunHistory, txnVersion: Int64) -> DeltaCommitter {
        DeltaCommitter(
            outputDirectory: configuration.outputDirectory,
            partitioning: configuration.partitioning,
            runId: runId, batch: batchName, txnVersion: txnVersion,
            committedRuns: Set(history.runs.map(\.runId)))
    }

    /// The live runs' data files by path, except those of `excluded` runs.
    static func liveFiles(_ history: RunHistory, excluding excluded: Set<String>) -> [String:
        RunHistory.OutputFile]
    {
        var files: [String: RunHistory.OutputFile] = [:]
        for run in history.liveRuns where !excluded.contains(run.runId) {
            for file in run.outputFiles { files[file.path] = file }
        }
        return files
    }

    private func storedSchema(_ table: String) throws -> TableSchema? {
        let path = configuration.outputDirectory + "/" + table + "/" + TableStage.schemaFileName
        guard FileSystem.exists(path) else { return nil }
        return try TableSchema.decode(
            jsonText: String(decoding: try FileSystem.readFile(path), as: UTF8.self))
    }

    func noteWritten(_ path: String) {
        written.add(path)
    }

    private func loadPlan() throws -> TrackingPlan {
        do {
            let bytes = try TrackingPlan.readFile(configuration.planPath)
            planSHA256 = SHA256.hexDigest(of: bytes)
            var plan = try TrackingPlan.load(bytes: bytes, source: configuration.planPath)
            try plan.enforcement.apply(configuration.enforcementOverrides)
            return plan
        } catch {
            throw JobError(.plan, "\(error)")
        }
    }

    private func scanInput() throws -> ([InputFile], [SkippedFile]) {
        let result: (files: [InputFile], skipped: [SkippedFile])
        do { result = try InputDirectory.scan(root: configuration.inputDirectory) } catch {
            throw JobError(.input, "\(error)")
        }
        guard !result.files.isEmpty else {
            throw JobError(
                .emptyInput, Self.noLogFiles(configuration.inputDirectory, result.skipped))
        }
        return (result.files, result.skipped)
    }

    /// Why a directory without log files is refused: a night whose logs have not arrived
    /// yet must not commit an empty run that looks like success (nor replace an earlier run
    /// of its batch with nothing).
    ///
    /// `outcome` says what the command did not do (`validate` commits nothing anyway).
    static func noLogFiles(
        _ directory: String, _ skipped: [SkippedFile],
        outcome: String = "nothing was loaded or committed"
    ) -> String {
        var others = ""
        if !skipped.isEmpty {
            let named = skipped.prefix(3).map { "'\($0.relativePath)'" }.joined(separator: ", ")
            let more = skipped.count > 3 ? ", ..." : ""
            others =
                " (\(skipped.count) other entr\(skipped.count == 1 ? "y" : "ies") skipped: "
                + named + more + ")"
        }
        let endings = InputDirectory.logExtensions.joined(separator: ", ")
        return
            "The input directory '\(directory)' holds no log files\(others); \(outcome). A log file's name ends in one of \(endings) (so 'events.jsonl.gz' is one). Check that the night's logs have arrived, then run again."
    }

    /// Why a directory whose log files hold no line (empty files, blank lines only, or files
    /// that could not be read) is refused, for the reasons of `noLogFiles`: an empty file is
    /// a log a writer has not finished or lost, not a quiet night, which leaves no file at
    /// all. Names the files that could not be read to their end and the entries of the
    /// directory that could not be read (`unreadEntries`), and why.
    static func noLines(
        _ directory: String, _ outcomes: [FileOutcome], _ unreadEntries: [SkippedFile]
    ) -> String {
        let those =
            outcomes.count == 1 ? "its log file holds" : "its \(outcomes.count) log files hold"
        let unread =
            outcomes.compactMap { outcome in
                (outcome.failure ?? outcome.summary?.partialMessage).map {
                    "'\(outcome.file.relativePath)': \($0)"
                }
            } + unreadEntries.map { "'\($0.relativePath)': \($0.reason)" }
        var text =
            "The input directory '\(directory)' has log files, but \(those) no line that is not blank and not from a damaged part of its file"
        if !unread.isEmpty {
            let more = unread.count > 3 ? "; and \(unread.count - 3) more" : ""
            text += " (" + unread.prefix(3).joined(separator: "; ") + more + ")"
        }
        return text
            + "; nothing was loaded or committed. Check that the night's logs were written completely, then run again."
    }

    /// Reads every file on `configuration.threads` workers, leaving gzip checkpoints in
    /// `checkpoints`; outcomes come back in `files` order, rows per worker.
    private func readAll(
        _ files: [InputFile], plan: TrackingPlan, checkpoints: CheckpointStore?
    ) -> ([FileOutcome], [WorkerRows]) {
        let options = ReaderOptions(maxLineBytes: configuration.maxLineBytes)
        let normalizerOptions = normalizerOptions()
        let results = ResultSlots<FileOutcome>(count: files.count)
        // A worker per thread even for fewer files: the ones without a file help the readers.
        let workerCount = max(1, configuration.threads)
        let rows = ResultSlots<(WorkerRows, StageTimings)>(count: workerCount)
        let next = AtomicCounter()
        let observer = self.observer
        observer.readingStarted(
            files: files.count, compressedBytes: files.map(\.byteCount).reduce(0, +))
        let partitionTime = configuration.partitionTime
        let runStart = startMicros
        let partitioning = configuration.partitioning
        let rowMemoryShare = configuration.rowMemoryBytes / workerCount
        let conflictWatch = ConflictWatch(slots: Self.conflictSlots(files))
        let sharing = configuration.lineSharing
        let board = workerCount > 1 || sharing.always ? HelpBoard(sharing) : nil
        // Largest files first, so the workers finish together instead of one reading a big
        // last file alone; outcomes stay in path order whichever worker read them.
        let order = files.indices.sorted {
            (files[$0].byteCount, $1) > (files[$1].byteCount, $0)
        }
        DispatchQueue.concurrentPerform(iterations: workerCount) { slot in
            // Each worker validates with its own plan and normaliser: objects both reference
            // would have their counts bounced between the cores on every event.
            let plan = plan.independentCopy()
            let normalizer = SegmentNormalizer(options: normalizerOptions)
            var worker = Worker(
                plan: plan, normalizer: normalizer, options: options, partitionTime: partitionTime,
                runStartMicros: runStart, partitioning: partitioning,
                rowMemoryBytes: rowMemoryShare,
                rows: WorkerRows(
                    dictionaryBytes: StringInterner.byteLimit(forRowMemory: rowMemoryShare)),
                planProjections: PlanProjectionCache(plan: plan),
                conflictWatch: Unmanaged.passUnretained(conflictWatch), checkpoints: checkpoints,
                board: board)
            while true {
                // Counted as a reader before taking, so that no worker stops waiting for
                // blocks between another's taking a file and its starting to read it.
                board?.beginReading()
                guard let taken = next.take(below: order.count) else {
                    board?.endReading()
                    break
                }
                let index = order[taken]
                let outcome = worker.process(files[index], index: index)
                board?.endReading()
                observer.fileRead(
                    path: files[index].relativePath, compressedBytes: files[index].byteCount,
                    decompressedBytes: outcome.summary?.decompressedBytes ?? 0,
                    events: outcome.candidates.count)
                results.store(outcome, at: index)
            }
            // No file left to take: help the workers still reading with blocks of their lines.
            board?.beginHelping()
            while let posted = board?.take() { posted.finish(worker.process(posted.takeBlock())) }
            worker.finishRows()
            rows.store((worker.rows, worker.timings), at: slot)
        }
        withExtendedLifetime(conflictWatch) {}
        let workers = rows.values()
        let timings = workers.map(\.1).reduce(StageTimings(), +)
        for (name, seconds) in [
            ("read", timings.read), ("parse", timings.parse), ("validate", timings.validate),
            ("flatten", timings.flatten), ("fingerprint", timings.fingerprint),
            ("seal", timings.seal),
        ] {
            observer.stageFinished(name, seconds: seconds, details: [("clock", .string("thread"))])
            threadSeconds.append((name, seconds))
        }
        return (results.values(), workers.map(\.0))
    }

    /// The conflict table's slots for `files`, by their bytes; a name ending the way a
    /// compressed log's does counts as compressed (a guess: the reader goes by the bytes).
    private static func conflictSlots(_ files: [InputFile]) -> Int {
        var compressedBytes: Int64 = 0
        var plainBytes: Int64 = 0
        for file in files {
            if InputDirectory.compressedExtensions.contains(where: file.relativePath.hasSuffix) {
                compressedBytes += file.byteCount
            } else {
                plainBytes += file.byteCount
            }
        }
        return ConflictWatch.expectedSlots(compressedBytes: compressedBytes, plainBytes: plainBytes)
    }

    private func normalizerOptions() -> NormalizerOptions {
        switch configuration.receivedAtFallback {
        case .eventTime: return NormalizerOptions(receivedAtFallback: .eventTime)
        case .runTime: return NormalizerOptions(receivedAtFallback: .runTime(micros: startMicros))
        case .reject: return NormalizerOptions(receivedAtFallback: .reject)
        }
    }

    private func tally(_ outcomes: [FileOutcome]) {
        for outcome in outcomes {
            counters.files += 1
            if outcome.summary?.isPartial == true || outcome.failure != nil {
                counters.partialFiles += 1
            }
            counters.lines += outcome.summary?.lineCount ?? 0
            counters.blankLines += outcome.summary?.blankLineCount ?? 0
            counters.compressedBytes += outcome.summary?.compressedBytes ?? 0
            counters.decompressedBytes += outcome.summary?.decompressedBytes ?? 0
            counters.eventsParsed += outcome.candidates.count
            counters.oversizedEvents += outcome.oversizedEvents
            for record in outcome.rejections where record.line > 0 {
                counters.malformedLines += 1
                counters.rejectionsByReason[record.reason, default: 0] += 1
                if record.reason == "failed_integrity_check" { counters.untrustedLines += 1 }
            }
            if outcome.summary?.untrustedParts.isEmpty == false {
                counters.untrustedLines += outcome.candidates.lazy.filter(\.isWithdrawn).count
            }
            for (code, count) in outcome.substitutions {
                counters.substitutions[code, default: 0] += count
            }
        }
    }

    private func checkBooks() throws {
        let off = counters.unaccountedLines
        if off != 0 {
            throw JobError(
                .accounting,
                "The run's books do not balance: \(counters.lines) lines read but \(counters.lines - off) accounted for (blank, loaded, duplicate, prior duplicate, quarantined). Nothing was committed; this is a bug in sluice, please report it with the input."
            )
        }
        if let limit = configuration.maxQuarantineRate, counters.lines > 0 {
            let rate = Double(counters.quarantinedLines) / Double(counters.lines)
            if rate > limit {
                throw JobError(
                    .quarantineRate,
                    "\(counters.quarantinedLines) of \(counters.lines) lines were quarantined (rate \(rate)), over --max-quarantine-rate \(limit). Nothing was committed; see which lines and why with 'sluice validate' on the same input and plan (a verdict per line, with its reason), or raise the limit."
                )
            }
        }
    }

    /// Runs one stage, logging its wall seconds and the process's CPU seconds meanwhile
    /// (every thread's; their ratio shows how many cores the stage kept busy).
    private func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = RunID.monotonicSeconds()
        let cpuStart = RunID.processCPUSeconds()
        let value = try body()
        let cpu = RunID.processCPUSeconds() - cpuStart
        noteStage(
            stage, seconds: RunID.monotonicSeconds() - start,
            details: [("cpu_seconds", .number(JSONNumber((cpu * 1000).rounded() / 1000)))])
        return value
    }

    private func noteStage(
        _ stage: String, seconds: Double, details: [(String, JSONValue)] = []
    ) {
        stageSeconds.append((stage, seconds))
        observer.stageFinished(stage, seconds: seconds, details: details)
    }
}
