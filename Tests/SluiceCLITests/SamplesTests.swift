import Foundation
import Testing

/// The bundled samples and the real events from other people's repositories, end to end.
@Suite(.serialized) struct SamplesTests {
    static let samples = TestSupport.packageRoot + "/samples"

    /// The manifest's counts match what the generator says it wrote, and pyarrow and DuckDB
    /// see exactly the rows the manifest lists, per table and partition.
    @Test func samplesMatchTheGeneratorsExpectations() throws {
        let output = try TestSupport.scratchDirectory("samples")
        let result = try TestSupport.sluice([
            "run", "--input", Self.samples + "/logs/2026-11-30", "--plan",
            Self.samples + "/plan.json",
            "--output", output,
        ])
        #expect(result.status == 3, "damaged sample lines should give status 3: \(result.stderr)")

        let expected = try TestSupport.readJSON(Self.samples + "/expected.json")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: output).first ?? "")
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        let malformed = expected["malformed_lines"] as? [String: Any] ?? [:]
        let unique = expected["unique_events"] as? [String: Any] ?? [:]
        #expect(counts["lines"] as? Int == expected["total_lines"] as? Int)
        #expect(counts["blank_lines"] as? Int == expected["blank_lines"] as? Int)
        #expect(counts["malformed_lines"] as? Int == malformed["total"] as? Int)
        #expect(counts["duplicates"] as? Int == expected["plain_duplicates"] as? Int)
        #expect(
            counts["conflicting_duplicates"] as? Int == expected["conflicting_duplicates"] as? Int)
        #expect(counts["events_loaded"] as? Int == unique["total"] as? Int)

        let violations = expected["violations"] as? [String: Any] ?? [:]
        let byKind = violations["by_kind"] as? [String: Int] ?? [:]
        #expect(counts["events_with_violations"] as? Int == violations["events"] as? Int)
        let byType = counts["violations_by_type"] as? [String: Int] ?? [:]
        #expect(byType["Required"] == byKind["missing_required"])
        #expect(byType["Invalid Type"] == byKind["wrong_type"])
        #expect(byType["Unplanned Event"] == byKind["unplanned_event"])
        #expect(byType["Unplanned Property"] == byKind["unplanned_property"])

        let rows = counts["rows_by_table"] as? [String: Int] ?? [:]
        let byCall = unique["by_type"] as? [String: Int] ?? [:]
        #expect(rows["tracks"] == byCall["track"])
        #expect(rows["pages"] == byCall["page"])
        #expect(rows["screens"] == byCall["screen"])
        #expect(rows["identifies"] == byCall["identify"])
        #expect(rows["groups"] == byCall["group"])
        #expect(rows["aliases"] == byCall["alias"])
        #expect(
            rows["order_completed"]
                == (unique["by_track_event"] as? [String: Int])?["Order Completed"])

        let check = try TestSupport.pythonCheck(
            "check_output.py", [output, TestSupport.packageRoot + "/schemas/manifest.schema.json"])
        #expect((check["schema_errors"] as? [String]) == [])
        #expect((check["mismatches"] as? [String]) == [])
        #expect((check["unlisted_files"] as? [String]) == [])
        for (table, info) in check["tables"] as? [String: [String: Any]] ?? [:] {
            #expect(info["pyarrow_rows"] as? Int == rows[table], "\(table)")
            #expect(info["duckdb_rows"] as? Int == rows[table], "\(table)")
        }
    }

    /// The winner of every recorded duplicate pair is the copy the generator says, whether
    /// the dedupe fits in memory or spills sorted runs to disk.
    @Test(arguments: [false, true]) func samplesKeepTheEarliestReceivedCopy(spilling: Bool) throws {
        let output = try TestSupport.scratchDirectory("winners")
        let result = try TestSupport.sluice(
            [
                "run", "--input", Self.samples + "/logs/2026-11-30", "--plan",
                Self.samples + "/plan.json", "--output", output,
            ] + (spilling ? ["--dedupe-memory", "49152"] : []))
        #expect(result.status == 3, "\(result.stderr)")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: output).first ?? "")
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        #expect(((counts["dedupe_spilled_runs"] as? Int ?? 0) > 0) == spilling)
        let totals = try TestSupport.readJSON(Self.samples + "/expected.json")
        #expect(counts["duplicates"] as? Int == totals["plain_duplicates"] as? Int)
        #expect(
            counts["conflicting_duplicates"] as? Int == totals["conflicting_duplicates"] as? Int)
        let expected = try TestSupport.readJSON(Self.samples + "/expected.json")
        let examples = expected["duplicate_examples"] as? [[String: Any]] ?? []
        #expect(!examples.isEmpty)
        for example in examples {
            let id = example["messageId"] as? String ?? ""
            let winner = example["winner"] as? [String: Any] ?? [:]
            let sql =
                "select strftime(received_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' as r from read_parquet('\(output)/*/day=*/*.parquet', union_by_name=true) where id = '\(id)' limit 1"
            let rows =
                try TestSupport.pythonCheck("query.py", [output, sql])["rows"] as? [[String: Any]]
            #expect(rows?.first?["r"] as? String == winner["receivedAt"] as? String, "\(id)")
        }
    }

    /// Every line of the real events is accounted for, against every real plan's shape.
    @Test func realEventsAreAllAccountedFor() throws {
        let events = TestSupport.shared + "/real-events/events"
        let plan =
            TestSupport.shared + "/real-events/plans/segmentio__segment-docs__analytics__plan.json"
        let output = try TestSupport.scratchDirectory("real")
        let result = try TestSupport.sluice([
            "run", "--input", events, "--plan", plan, "--output", output,
        ])
        #expect(result.status == 0 || result.status == 3, "\(result.stderr)")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: output).first ?? "")
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        #expect(counts["lines"] as? Int == 365)
        let lines = counts["lines"] as? Int ?? 0
        let accounted = [
            "blank_lines", "events_loaded", "duplicates", "prior_duplicates", "quarantined_lines",
        ]
        .map { counts[$0] as? Int ?? 0 }.reduce(0, +)
        #expect(accounted == lines)
        let check = try TestSupport.pythonCheck(
            "check_output.py", [output, TestSupport.packageRoot + "/schemas/manifest.schema.json"])
        #expect((check["schema_errors"] as? [String]) == [])
        #expect((check["mismatches"] as? [String]) == [])
    }
}
