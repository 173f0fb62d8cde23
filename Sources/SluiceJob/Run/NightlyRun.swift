import Dispatch
import SluiceHash
import SluiceJSON
import SluicePlan
import SluiceReader

/// One `sluice run`: reads every log file of a batch, deduplicates, validates against the
/// tracking plan, writes the tables and quarantine, checks the books and commits the manifest.
///
/// Order of effects: data files are written under temporary names and renamed into place,
/// then the quarantine and discards, then the manifest last (atomically). A run that fails
/// before the manifest removes every file it wrote, so a failed run commits nothing.
/// Not reentrant; one run per output directory at a time (the output lock enforces it).
public final class NightlyRun {
    public let configuration: RunConfiguration
    private let observer: RunObserver
    private let startMicros: Int64
    public let runId: String
    private var counters = RunCounters()
    private var written = WrittenFiles()
    private var stageSeconds: [(String, Double)] = []
    private var planSHA256 = ""

    public init(configuration: RunConfiguration, observer: RunObserver = SilentObserver()) {
        self.configuration = configuration
        self.observer = observer
        self.startMicros = RunID.nowMicros()
        self.runId = configuration.runId ?? RunID.make(startMicros: startMicros)
    }

    /// Runs the job. On success the manifest is committed and the report says so; on a thrown
    /// error nothing of this run is left at a final path.
    public func execute() throws -> RunReport {
        let plan = try timed("plan") { try loadPlan() }
        let (files, skipped) = try timed("scan") { try scanInput() }
        let lock = configuration.isDryRun ? nil : try OutputLock.acquire(configuration.outputDirectory)
        defer { lock?.release() }

        do {
            return try process(files: files, skipped: skipped, plan: plan)
        } catch {
            written.removeAll()
            throw error
        }
    }

    private func process(files: [InputFile], skipped: [SkippedFile], plan: TrackingPlan) throws
        -> RunReport
    {
        let ingests = timed("read") { readAll(files) }
        tally(ingests)

        let outcome = timed("dedupe") { DedupeResolver.resolve(ingests) }
        counters.duplicates = outcome.plainDuplicates.count
        counters.conflictingDuplicates = outcome.conflicts.count

        var quarantine = ingests.flatMap(\.rejections)
        quarantine += conflictRecords(outcome, ingests)
        let validated = timed("validate") { EventValidation.apply(plan, to: outcome.winners, in: ingests) }
        quarantine += validated.blocked
        counters.blockedEvents = validated.blocked.count
        counters.omittedProperties = validated.omissions.count
        counters.violationsByType = validated.violationsByType
        counters.eventsLoaded = validated.loaded.count

        let tables = try timed("encode") {
            try TableStage(configuration: configuration, runId: runId, loadedAtMicros: startMicros)
                .write(validated.loaded, plan: plan, written: &written)
        }
        counters.rowsByTable = tables.rowsByTable
        counters.discardedValues = tables.discards.count

        counters.quarantinedLines = quarantine.filter { $0.line > 0 }.count
        try checkBooks()
        let sidecars = try timed("write") {
            try writeSidecars(quarantine: quarantine, discards: validated.omissions + tables.discards, files: files)
        }
        return try commit(ingests: ingests, skipped: skipped, plan: plan, tables: tables, sidecars: sidecars)
    }

    private func commit(
        ingests: [FileIngest], skipped: [SkippedFile], plan: TrackingPlan, tables: TableStageResult,
        sidecars: [SidecarFile]
    ) throws -> RunReport {
        let finished = RunID.nowMicros()
        var report = RunReport(
            runId: runId, counters: counters, manifestPath: nil,
            seconds: Double(finished - startMicros) / 1e6, isDryRun: configuration.isDryRun,
            stageSeconds: stageSeconds)
        guard !configuration.isDryRun else { return report }

        let manifest = ManifestBuilder(
            runId: runId, batch: batchName, startedMicros: startMicros, finishedMicros: finished,
            configuration: configuration, planName: plan.name, planSHA256: planSHA256,
            inputs: ingests.map(inputJSON), skipped: skipped, outputs: tables.outputs,
            schemas: tables.schemas, sidecars: sidecars, counters: counters, stageSeconds: stageSeconds)
        report.manifestPath = configuration.outputDirectory + "/" + (try writeManifest(manifest))
        return report
    }

    func noteWritten(_ path: String) {
        written.add(path)
    }

    private func loadPlan() throws -> TrackingPlan {
        planSHA256 = (try? SHA256.hexDigest(ofFileAt: configuration.planPath)) ?? ""
        do {
            var plan = try TrackingPlan.load(path: configuration.planPath)
            try plan.enforcement.apply(overrides: configuration.enforcementOverrides)
            return plan
        } catch let error as JobError {
            throw error
        } catch {
            throw JobError(.plan, "\(error)")
        }
    }

    private func scanInput() throws -> ([InputFile], [SkippedFile]) {
        do {
            let result = try InputDirectory.scan(root: configuration.inputDirectory)
            return (result.files, result.skipped)
        } catch {
            throw JobError(.input, "\(error)")
        }
    }

    private func readAll(_ files: [InputFile]) -> [FileIngest] {
        let options = ReaderOptions(maxLineBytes: configuration.maxLineBytes)
        let normalizer = SegmentNormalizer(options: normalizerOptions())
        let results = ResultSlots<FileIngest>(count: files.count)
        let next = AtomicCounter()
        let workers = max(1, min(configuration.threads, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: files.count) {
                let ingest = FileIngest.read(files[index], options: options, normalizer: normalizer)
                observer.fileRead(
                    path: files[index].relativePath,
                    decompressedBytes: ingest.summary?.decompressedBytes ?? 0, events: ingest.events.count)
                results.store(ingest, at: index)
            }
        }
        return results.values()
    }

    private func normalizerOptions() -> NormalizerOptions {
        switch configuration.receivedAtFallback {
        case .eventTime: return NormalizerOptions(receivedAtFallback: .eventTime)
        case .runTime: return NormalizerOptions(receivedAtFallback: .runTime(startMicros))
        case .reject: return NormalizerOptions(receivedAtFallback: .reject)
        }
    }

    private func tally(_ ingests: [FileIngest]) {
        for ingest in ingests {
            counters.files += 1
            if ingest.summary?.damage != nil || ingest.failure != nil { counters.partialFiles += 1 }
            counters.lines += ingest.summary?.lineCount ?? 0
            counters.blankLines += ingest.summary?.blankLineCount ?? 0
            counters.compressedBytes += ingest.summary?.compressedBytes ?? 0
            counters.decompressedBytes += ingest.summary?.decompressedBytes ?? 0
            counters.eventsParsed += ingest.events.count
            for record in ingest.rejections where record.line > 0 {
                counters.malformedLines += 1
                counters.rejectionsByReason[record.reason, default: 0] += 1
            }
            for event in ingest.events {
                for issue in event.issues { counters.substitutions[issue.code, default: 0] += 1 }
            }
        }
    }

    private func conflictRecords(_ outcome: DedupeOutcome, _ ingests: [FileIngest]) -> [QuarantineRecord] {
        outcome.conflicts.map { conflict in
            let loser = ingests[conflict.loser.file].events[conflict.loser.index]
            let winner = ingests[conflict.winner.file].events[conflict.winner.index]
            var record = QuarantineRecord(
                reason: "conflicting_duplicate",
                detail: "Another copy of messageId '\(loser.messageId)' with a different payload was loaded instead (earliest receivedAt wins).",
                file: loser.origin.file, line: loser.origin.line, offset: loser.origin.byteOffset,
                messageId: loser.messageId, raw: nil)
            record.keptCopy = (winner.origin.file, winner.origin.line)
            record.rawPending = true
            return record
        }
    }

    private func checkBooks() throws {
        let off = counters.unaccountedLines
        if off != 0 {
            throw JobError(.accounting, "The run's books do not balance: \(counters.lines) lines read but \(counters.lines - off) accounted for (blank, loaded, duplicate, quarantined). Nothing was committed; this is a bug in sluice, please report it with the input.")
        }
        if let limit = configuration.maxQuarantineRate, counters.lines > 0 {
            let rate = Double(counters.quarantinedLines) / Double(counters.lines)
            if rate > limit {
                throw JobError(.quarantineRate, "\(counters.quarantinedLines) of \(counters.lines) lines were quarantined (rate \(rate)), over --max-quarantine-rate \(limit). Nothing was committed; inspect the input or raise the limit.")
            }
        }
    }

    private func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = RunID.monotonicSeconds()
        let value = try body()
        let seconds = RunID.monotonicSeconds() - start
        stageSeconds.append((stage, seconds))
        observer.stageFinished(stage, seconds: seconds, details: [])
        return value
    }
}
