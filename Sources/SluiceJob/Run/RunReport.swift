/// What a finished run did, for the command line's summary and log lines.
public struct RunReport: Sendable {
    public var runId: String
    public var counters: RunCounters
    public var manifestPath: String?
    public var seconds: Double
    public var isDryRun: Bool
    public var stageSeconds: [(String, Double)]

    /// Whether every line was loaded, blank or a duplicate, and every file read to its end.
    public var isComplete: Bool {
        counters.quarantinedLines == 0 && counters.partialFiles == 0
            && counters.unreadableDirectories == 0
    }

    /// The one line printed on stdout at the end of a run.
    public var summaryLine: String {
        let c = counters
        let mbps = seconds > 0 ? Double(c.decompressedBytes) / seconds / 1e6 : 0
        var line = isDryRun ? "sluice dry run \(runId): " : "sluice run \(runId): "
        line += "\(c.files) files, \(c.lines) lines, \(c.eventsLoaded) events loaded into "
        line += "\(c.rowsByTable.count) tables, \(c.duplicates + c.priorDuplicates) duplicates, "
        line += "\(c.conflictingDuplicates) conflicting, \(c.quarantinedLines) quarantined, "
        line += "\(c.violationsByType.values.reduce(0, +)) violations"
        if c.partialFiles > 0 { line += ", \(c.partialFiles) partial files" }
        line += " in \(Int((seconds * 10).rounded()) / 10).\(Int((seconds * 10).rounded()) % 10) s"
        line += " (\(Int(mbps)) MB/s)"
        if let manifestPath { line += "; manifest \(manifestPath)" }
        return line
    }

    /// The fields of the closing JSON log line.
    public var logFields: [(String, String)] {
        let c = counters
        var fields: [(String, String)] = [
            ("run_id", runId), ("seconds", "\(seconds)"), ("files", "\(c.files)"),
            ("lines", "\(c.lines)"), ("events_loaded", "\(c.eventsLoaded)"),
            ("duplicates", "\(c.duplicates)"), ("prior_duplicates", "\(c.priorDuplicates)"),
            ("conflicting_duplicates", "\(c.conflictingDuplicates)"),
            ("quarantined_lines", "\(c.quarantinedLines)"), ("partial_files", "\(c.partialFiles)"),
        ]
        if let manifestPath { fields.append(("manifest", manifestPath)) }
        return fields
    }
}
