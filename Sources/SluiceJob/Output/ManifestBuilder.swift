import SluiceJSON
import SluiceParquet
import SluiceReader

/// One data file the run committed.
struct TableFileOutput: Sendable {
    var table: String
    var partition: [(String, String)]
    var relativePath: String
    var rows: Int
    var bytes: Int64
    var sha256: String
    var minReceivedAt: Int64?
    var maxReceivedAt: Int64?
    /// The writer's summary, for the Delta `add` statistics.
    var summary: ParquetFileSummary?
}

/// Builds the run manifest: the durable record of what a run read, wrote and counted.
///
/// The shape is described by `schemas/manifest.schema.json`; `formatVersion` changes whenever
/// a field changes meaning, so downstream loaders can refuse what they do not understand.
struct ManifestBuilder {
    /// Bumped when a field changes meaning or disappears; additions keep the version.
    static let formatVersion = 1

    var runId: String
    var batch: String
    var startedMicros: Int64
    var finishedMicros: Int64
    var configuration: RunConfiguration
    var planName: String
    var planSHA256: String
    var inputs: [JSONValue]
    var skipped: [SkippedFile]
    var outputs: [TableFileOutput]
    var schemas: [(String, JSONValue)]
    var sidecars: [SidecarFile]
    var counters: RunCounters
    /// Wall seconds of each stage.
    var stageSeconds: [(String, Double)]
    /// Thread seconds of the steps inside the ingest stage, summed over workers.
    var threadSeconds: [(String, Double)]
    /// Earlier runs of the same batch whose rows this run replaces.
    var supersedes: [String] = []
    /// The dedupe index files this run wrote, relative to the output directory.
    var dedupeKeyFiles: [String] = []
    /// The received days of the night's events (`YYYY-MM-DD`, in order), those found loaded
    /// before included: a later rerun judges by them which nights it may have made stale.
    var nightDays: [String] = []
    /// Files of crashed runs removed before this run started.
    var sweptLeftovers: [String] = []
    /// How the table schemas changed tonight, one sentence each.
    var schemaChanges: [String] = []

    var json: JSONValue {
        .members([
            ("format_version", .int(Self.formatVersion)),
            ("run_id", .string(runId)),
            ("batch", .string(batch)),
            ("started_at", .string(CivilTime(micros: startedMicros).isoString)),
            ("finished_at", .string(CivilTime(micros: finishedMicros).isoString)),
            ("sluice_version", .string(SluiceVersion.current)),
            ("options", optionsJSON),
            (
                "plan",
                .members([
                    ("path", .string(configuration.planPath)), ("name", .string(planName)),
                    ("sha256", .string(planSHA256)),
                ])
            ),
            ("inputs", .array(inputs)),
            (
                "skipped_inputs",
                .array(
                    skipped.map {
                        .members([
                            ("path", .string($0.relativePath)), ("reason", .string($0.reason)),
                        ])
                    })
            ),
            ("outputs", .array(outputs.map(outputJSON))),
            ("tables", .object(JSONObject(schemas))),
            ("quarantine", .array(sidecars.filter { $0.kind == "quarantine" }.map(sidecarJSON))),
            ("discards", .array(sidecars.filter { $0.kind == "discards" }.map(sidecarJSON))),
            ("supersedes", .array(supersedes.map { .string($0) })),
            (
                "dedupe_index",
                .members([
                    ("window_days", configuration.dedupeWindowDays.map { .int($0) } ?? .null),
                    ("files", .array(dedupeKeyFiles.map { .string($0) })),
                    ("night_days", .array(nightDays.map { .string($0) })),
                ])
            ),
            ("schema_changes", .array(schemaChanges.map { .string($0) })),
            ("swept_leftovers", .array(sweptLeftovers.map { .string($0) })),
            ("counts", countsJSON),
            ("stage_seconds", .object(JSONObject(stageSeconds.map { ($0.0, .real($0.1)) }))),
            (
                "ingest_thread_seconds",
                .object(JSONObject(threadSeconds.map { ($0.0, .real($0.1)) }))
            ),
        ])
    }

    private var optionsJSON: JSONValue {
        let c = configuration
        return .members([
            ("input", .string(c.inputDirectory)), ("plan", .string(c.planPath)),
            ("output", .string(c.outputDirectory)), ("partition", .string(c.partitioning.rawValue)),
            ("partition_by", .string(c.partitionTime.rawValue)),
            ("compression", .string(c.compression)),
            ("threads", .int(c.threads)), ("dry_run", .bool(c.isDryRun)),
            ("enforce", .array(c.enforcementOverrides.map { .string($0) })),
            ("max_quarantine_rate", c.maxQuarantineRate.map { .real($0) } ?? .null),
            ("max_line_bytes", .int(c.maxLineBytes)),
            ("received_at_fallback", .string(c.receivedAtFallback.rawValue)),
            ("batch", .text(c.batchName)), ("allow_widening", .bool(c.allowsTypeWidening)),
            ("dedupe_memory_bytes", .int(c.dedupeMemoryBytes)),
            ("row_memory_bytes", .int(c.rowMemoryBytes)),
            ("dedupe_window_days", c.dedupeWindowDays.map { .int($0) } ?? .null),
        ])
    }

    private func outputJSON(_ output: TableFileOutput) -> JSONValue {
        .members([
            ("table", .string(output.table)),
            ("partition", .object(JSONObject(output.partition.map { ($0.0, .string($0.1)) }))),
            ("path", .string(output.relativePath)), ("rows", .int(output.rows)),
            ("bytes", .int(output.bytes)), ("sha256", .string(output.sha256)),
            (
                "min_received_at",
                .text(output.minReceivedAt.map { CivilTime(micros: $0).isoString })
            ),
            (
                "max_received_at",
                .text(output.maxReceivedAt.map { CivilTime(micros: $0).isoString })
            ),
        ])
    }

    private func sidecarJSON(_ sidecar: SidecarFile) -> JSONValue {
        .members([
            ("path", .string(sidecar.relativePath)), ("records", .int(sidecar.records)),
            ("bytes", .int(sidecar.bytes)),
        ])
    }

    private var countsJSON: JSONValue {
        let c = counters
        return .members([
            ("files", .int(c.files)), ("partial_files", .int(c.partialFiles)),
            ("unreadable_directories", .int(c.unreadableDirectories)),
            ("unreadable_entries", .int(c.unreadableEntries)),
            ("lines", .int(c.lines)), ("blank_lines", .int(c.blankLines)),
            ("malformed_lines", .int(c.malformedLines)), ("events_parsed", .int(c.eventsParsed)),
            ("duplicates", .int(c.duplicates)), ("prior_duplicates", .int(c.priorDuplicates)),
            ("conflicting_duplicates", .int(c.conflictingDuplicates)),
            ("blocked_events", .int(c.blockedEvents)),
            ("events_with_violations", .int(c.eventsWithViolations)),
            ("dropped_by_rerun", .int(c.droppedByRerun)),
            ("expired_window_days", .int(c.expiredWindowDays)),
            ("rerun_keys_expired", .int(c.rerunKeysExpired)),
            ("dedupe_spilled_runs", .int(c.dedupeSpilledRuns)),
            ("row_spills", .int(c.rowSpills)),
            ("row_spill_bytes", .int(Int(c.rowSpillBytes))),
            ("quarantined_lines", .int(c.quarantinedLines)),
            ("failed_integrity_check_lines", .int(c.untrustedLines)),
            ("events_loaded", .int(c.eventsLoaded)),
            ("omitted_properties", .int(c.omittedProperties)),
            ("discarded_values", .int(c.discardedValues)),
            ("oversized_events", .int(c.oversizedEvents)),
            ("compressed_bytes", .int(c.compressedBytes)),
            ("decompressed_bytes", .int(c.decompressedBytes)),
            ("rejections_by_reason", Self.countMap(c.rejectionsByReason)),
            ("violations_by_type", Self.countMap(c.violationsByType)),
            ("substitutions", Self.countMap(c.substitutions)),
            ("rows_by_table", Self.countMap(c.rowsByTable)),
        ])
    }

    static func countMap(_ counts: [String: Int]) -> JSONValue {
        .object(JSONObject(counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }))
    }
}
