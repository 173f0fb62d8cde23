import SluiceJSON

/// What a finished run did, for the command line's summary and log lines.
public struct RunReport: Sendable {
    public var runId: String
    public var counters: RunCounters
    public var manifestPath: String?
    public var seconds: Double
    public var isDryRun: Bool
    public var stageSeconds: [(String, Double)]
    /// The runs of the same batch this one replaces (a rerun), oldest first.
    public var replacedRunIds: [String] = []

    /// Whether every line was loaded, blank or a duplicate, and every file read to its end.
    public var isComplete: Bool {
        counters.partialCounts.allSatisfy { $0.value == 0 }
    }

    /// The one line printed on stdout at the end of a run.
    public var summaryLine: String {
        let c = counters
        let mbps = seconds > 0 ? Double(c.decompressedBytes) / seconds / 1e6 : 0
        var line = isDryRun ? "sluice dry run \(runId): " : "sluice run \(runId): "
        line += Self.count(c.files, "file") + ", " + Self.count(c.lines, "line") + ", "
        line +=
            Self.count(c.eventsLoaded, "event") + (isDryRun ? " to load into " : " loaded into ")
        line += Self.count(c.rowsByTable.count, "table") + ", "
        line += Self.count(c.duplicates, "duplicate")
        if c.priorDuplicates > 0 { line += ", " + Self.count(c.priorDuplicates, "prior duplicate") }
        line += ", \(c.conflictingDuplicates) conflicting, \(c.quarantinedLines) quarantined, "
        line += Self.count(c.violationsByType.values.reduce(0, +), "violation")
        // Values a loaded row does not hold as sent (null in a column of another type, taken
        // out by enforcement): easy to miss in a table, so the line says where they are.
        let removed = c.discardedValues + c.omittedProperties
        if removed > 0 {
            let whereKept = isDryRun ? "a real run keeps them in _discards" : "see _discards"
            line += ", " + Self.count(removed, "value") + " removed (\(whereKept))"
        }
        if c.droppedByRerun > 0 {
            line +=
                ", " + Self.count(c.droppedByRerun, "event")
                + " the replaced run had and this one lacks (dropped_by_rerun; rerun the later "
                + "nights, which 'sluice status' names)"
        }
        if c.expiredWindowDays > 0 {
            line +=
                ", " + Self.count(c.expiredWindowDays, "day")
                + " of the dedupe window expired (ids loaded then were not checked)"
        }
        if c.rerunKeysExpired > 0 {
            line +=
                ", " + Self.count(c.rerunKeysExpired, "day")
                + " of the replaced run's keys expired (what it dropped is not known; see "
                + "sluice status)"
        }
        let unread = [
            (c.partialFiles, "partial file", "partial files"),
            (c.unreadableDirectories, "unreadable directory", "unreadable directories"),
            (c.unreadableEntries, "unreadable input entry", "unreadable input entries"),
        ]
        for (value, singular, plural) in unread where value > 0 {
            line += ", " + Self.count(value, singular, plural: plural)
        }
        if !replacedRunIds.isEmpty {
            let runs = replacedRunIds.count == 1 ? "run" : "runs"
            line +=
                ", " + (isDryRun ? "would replace " : "replacing ") + runs + " "
                + replacedRunIds.joined(separator: ", ")
                + " of the same batch (read the tables through their Delta logs until "
                + "'sluice gc' removes the replaced files)"
        }
        let tenths = Int((seconds * 10).rounded())
        line += " in \(tenths / 10).\(tenths % 10) s (\(Int(mbps)) MB/s)"
        if let manifestPath { line += "; manifest \(manifestPath)" }
        return line
    }

    /// `1 file`, `2 files`.
    static func count(_ value: Int, _ singular: String, plural: String? = nil) -> String {
        "\(value) " + (value == 1 ? singular : plural ?? singular + "s")
    }

    /// The fields of the closing JSON log line.
    public var logFields: [(String, JSONValue)] {
        let c = counters
        var fields: [(String, JSONValue)] = [
            ("run_id", .string(runId)), ("seconds", .real(seconds)), ("files", .int(c.files)),
            ("lines", .int(c.lines)), ("events_loaded", .int(c.eventsLoaded)),
            ("duplicates", .int(c.duplicates)), ("prior_duplicates", .int(c.priorDuplicates)),
            ("conflicting_duplicates", .int(c.conflictingDuplicates)),
            ("quarantined_lines", .int(c.quarantinedLines)),
            ("discarded_values", .int(c.discardedValues)),
            ("omitted_properties", .int(c.omittedProperties)),
            ("events_with_violations", .int(c.eventsWithViolations)),
            ("violations", .int(c.violationsByType.values.reduce(0, +))),
            ("partial_files", .int(c.partialFiles)),
        ]
        if !replacedRunIds.isEmpty {
            fields.append(("replaced_runs", .array(replacedRunIds.map { .string($0) })))
        }
        if let manifestPath { fields.append(("manifest", .string(manifestPath))) }
        return fields
    }
}
