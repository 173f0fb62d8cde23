import SluiceJSON

/// `sluice status`: what an output directory holds, from its manifests and table schemas.
public struct OutputStatus {
    public var outputDirectory: String

    public init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
    }

    /// `text` as one shell word: as it is when it holds only safe characters, else in
    /// single quotes.
    static func shellQuoted(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-_.:/+=@".unicodeScalars.contains(scalar))
        }
        guard !safe || text.isEmpty else { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The status as lines for people.
    public func render() throws -> String {
        let history = try RunHistory.load(outputDirectory: outputDirectory)
        let superseded = history.supersededRunIds
        var text = "RUNS (\(history.runs.count)):\n"
        for run in history.runs {
            let loaded = run.counts["events_loaded"]?.numberValue?.int64 ?? 0
            let quarantined = run.counts["quarantined_lines"]?.numberValue?.int64 ?? 0
            let state = superseded.contains(run.runId) ? "superseded" : "live"
            text +=
                "  \(run.runId)  batch \(run.batch)  \(state)  \(loaded) loaded  \(quarantined) quarantined\n"
        }

        var rows: [String: Int64] = [:]
        var files: [String: Int] = [:]
        for run in history.liveRuns {
            for case let (table, value) in run.counts["rows_by_table"]?.objectValue ?? JSONObject()
            {
                rows[table, default: 0] += value.numberValue?.int64 ?? 0
            }
            for output in run.outputs {
                files[String(output.prefix { $0 != "/" }), default: 0] += 1
            }
        }
        text += "\nTABLES (\(rows.count)):\n"
        for (table, count) in rows.sorted(by: { $0.key < $1.key }) {
            text += "  \(table)  \(count) rows  \(files[table] ?? 0) files\n"
        }

        let window = DedupeIndex(outputDirectory: outputDirectory).widestLookup()
        let stale = history.liveRuns.compactMap { run in
            history.droppingRerun(after: run, windowDays: window).map { (run, $0) }
        }
        if !stale.isEmpty {
            text += "\nNEEDS A RERUN (\(stale.count)):\n"
            for (run, rerun) in stale {
                let how =
                    Backfill.isDay(run.batch)
                    ? "sluice backfill over \(run.batch), or sluice run of its directory"
                    : "sluice run --batch \(Self.shellQuoted(run.batch)) of its directory"
                text +=
                    "  batch \(run.batch): rerun \(rerun.runId) of batch \(rerun.batch) dropped "
                    + "events this batch may have skipped as prior duplicates; load it again "
                    + "(\(how))\n"
            }
        }

        let days = DedupeIndex(outputDirectory: outputDirectory).days()
        text += "\nDEDUPE INDEX: "
        text +=
            days.isEmpty
            ? "empty\n" : "\(days.count) received days, \(days.first!) to \(days.last!)\n"
        return text
    }
}
