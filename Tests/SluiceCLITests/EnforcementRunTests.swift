import Foundation
import Testing

/// Enforcement overrides applied by `sluice run` on the samples: blocked events are
/// quarantined with their violations, omitted properties land in the discards.
@Suite(.serialized) struct EnforcementRunTests {
    static let samples = TestSupport.packageRoot + "/samples"

    static func run(_ extra: [String]) throws -> (TestSupport.Result, String) {
        let output = try TestSupport.scratchDirectory("enforce")
        let result = try TestSupport.sluice(
            [
                "run", "--input", samples + "/logs/2026-11-30", "--plan", samples + "/plan.json",
                "--output", output,
            ]
                + extra)
        return (result, output)
    }

    static func counts(_ output: String) throws -> [String: Any] {
        try TestSupport.readJSON(try TestSupport.manifests(in: output).first ?? "")["counts"]
            as? [String: Any] ?? [:]
    }

    @Test func blockingUnplannedEventsQuarantinesThem() throws {
        let (result, output) = try Self.run(["--enforce", "track.unplanned-events=block"])
        #expect(result.status == 3, "\(result.stderr)")
        let expected = try TestSupport.readJSON(Self.samples + "/expected.json")
        let unplanned = ((expected["violations"] as? [String: Any])?["by_kind"] as? [String: Int])?[
            "unplanned_event"]
        let counts = try Self.counts(output)
        #expect(counts["blocked_events"] as? Int == unplanned)
        let records =
            try TestSupport.pythonCheck("quarantine.py", [output])["records"] as? [[String: Any]]
            ?? []
        let blocked = records.filter { $0["reason"] as? String == "blocked" }
        #expect(blocked.count == unplanned)
        #expect(blocked.allSatisfy { ($0["raw"] as? String)?.hasPrefix("{") == true })
        #expect(
            blocked.allSatisfy {
                ($0["detail"] as? String)?.contains("(track.unplanned-events=block)") == true
            })
        #expect(
            blocked.allSatisfy {
                (($0["violations"] as? [[String: Any]])?.first?["type"] as? String)
                    == "Unplanned Event"
            })
        #expect(!FileManager.default.fileExists(atPath: output + "/product_wishlisted"))
    }

    @Test func omittingUnplannedPropertiesKeepsThemInDiscards() throws {
        let (result, output) = try Self.run(["--enforce", "track.unplanned-properties=omit"])
        #expect(result.status == 3, "\(result.stderr)")
        let counts = try Self.counts(output)
        let omitted = counts["omitted_properties"] as? Int ?? 0
        #expect(omitted > 0)
        let sql =
            "select count(*) as n from read_json('\(output)/_discards/*/*.ndjson.gz') where kind = 'omitted_property'"
        let rows =
            try TestSupport.pythonCheck("query.py", [output, sql])["rows"] as? [[String: Any]]
        #expect(rows?.first?["n"] as? Int == omitted)
        let columns =
            try TestSupport.pythonCheck(
                "query.py",
                [
                    output,
                    "select count(*) as n from (describe select * from read_parquet('\(output)/*/day=*/*.parquet', union_by_name=true)) where column_name = 'promo_banner'",
                ])["rows"] as? [[String: Any]]
        #expect(columns?.first?["n"] as? Int == 0)
    }

    /// Two spellings of one name that differ in bytes (a precomposed and a decomposed `é`)
    /// are two unplanned properties: both are omitted and recorded, and neither is loaded.
    @Test func omittingUnplannedPropertiesOmitsEachSpellingOfAName() throws {
        let input = try TestSupport.scratchDirectory("enforce-spellings")
        let line =
            #"{"type":"track","event":"Product Viewed","messageId":"m-1","#
            + #""receivedAt":"2026-11-30T10:00:00Z","#
            + #""properties":{"caf\#u{E9}":1,"cafe\#u{301}":2}}"#
        try (line + "\n").write(toFile: input + "/events.jsonl", atomically: true, encoding: .utf8)
        let output = try TestSupport.scratchDirectory("enforce-spellings-out")

        let result = try TestSupport.sluice([
            "run", "--input", input, "--plan", Self.samples + "/plan.json", "--output", output,
            "--enforce", "track.unplanned-properties=omit",
        ])

        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.counts(output)["omitted_properties"] as? Int == 2)
        let files = "\(output)/product_viewed/day=*/*.parquet"
        let sql =
            "select count(*) as n from (describe select * from read_parquet('\(files)'))"
            + " where column_name like 'caf%'"
        let columns =
            try TestSupport.pythonCheck("query.py", [output, sql])["rows"] as? [[String: Any]]
        #expect(columns?.first?["n"] as? Int == 0)
    }

    /// When enforcement edits a section, the section is rebuilt as a tree, which keeps a
    /// repeated name's last value only: the earlier value is still reported, beside the
    /// omission of the unplanned property.
    @Test func aRepeatedNameInAnEditedSectionIsStillReported() throws {
        let input = try TestSupport.scratchDirectory("enforce-repeat")
        let line =
            #"{"type":"track","event":"Product Viewed","messageId":"m-1","#
            + #""receivedAt":"2026-11-30T10:00:00Z","#
            + #""properties":{"sku":"s1","promo":1,"sku":"s2"}}"#
        try (line + "\n").write(toFile: input + "/events.jsonl", atomically: true, encoding: .utf8)
        let output = try TestSupport.scratchDirectory("enforce-repeat-out")

        let result = try TestSupport.sluice([
            "run", "--input", input, "--plan", Self.samples + "/plan.json", "--output", output,
            "--enforce", "track.unplanned-properties=omit", "--run-id", "enforce-repeat",
        ])

        #expect(result.status == 0, "\(result.stderr)")
        let records = try TestSupport.discardRecords(in: output, runId: "enforce-repeat")
        let kinds = records.map { "\($0["kind"] ?? "") \($0["field"] ?? "") \($0["value"] ?? "")" }
        #expect(
            kinds.sorted() == [
                "omitted_property properties.promo 1", "repeated_member properties.sku s1",
            ],
            "\(records)")
        // The reason does not claim the later value loaded: enforcement may omit it too.
        let repeated = records.first { $0["kind"] as? String == "repeated_member" }
        #expect((repeated?["reason"] as? String)?.contains("loaded") == false)
    }

    /// `common.violations=omit` removes the `context` member a common rule finds fault with,
    /// and keeps it in the discards; the rest of `context` loads. It used to load it.
    @Test func omittingCommonViolationsRemovesTheContextMember() throws {
        let input = try TestSupport.scratchDirectory("enforce-common")
        let line =
            #"{"type":"track","event":"A","messageId":"m-1","receivedAt":"2026-11-30T10:00:00Z","#
            + #""context":{"ip":"999.1.1.1","locale":"en-US"},"properties":{"n":1}}"#
        try (line + "\n").write(toFile: input + "/events.jsonl", atomically: true, encoding: .utf8)
        let plan = input + "/../enforce-common-plan.json"
        try #"""
        {"rules": [{"type": "COMMON", "key": "", "version": 1, "jsonSchema": {"properties": {
          "context": {"properties": {"ip": {"type": "string", "format": "ipv4"}}}}}}]}
        """#.write(toFile: plan, atomically: true, encoding: .utf8)
        let output = try TestSupport.scratchDirectory("enforce-common-out")

        let result = try TestSupport.sluice([
            "run", "--input", input, "--plan", plan, "--output", output,
            "--enforce", "common.violations=omit", "--run-id", "enforce-common",
        ])

        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.counts(output)["omitted_properties"] as? Int == 1)
        let records = try TestSupport.discardRecords(in: output, runId: "enforce-common")
        let kinds = records.map { "\($0["kind"] ?? "") \($0["field"] ?? "") \($0["value"] ?? "")" }
        #expect(kinds == ["omitted_property context.ip 999.1.1.1"], "\(records)")
        let sql =
            "select column_name from (describe select * from read_parquet("
            + "'\(output)/a/day=*/*.parquet')) where column_name like 'context_%' order by 1"
        let columns =
            try TestSupport.pythonCheck("query.py", [output, sql])["rows"] as? [[String: Any]]
        #expect(columns?.compactMap { $0["column_name"] as? String } == ["context_locale"])
    }

    @Test func misspelledSettingIsAUsageError() throws {
        let (result, _) = try Self.run(["--enforce", "track.unplaned-events=block"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("track.unplanned-events"))
    }

    /// A blocked first copy of a messageId once won the dedupe over a valid resend, so no copy
    /// loaded and the resend's quarantine record named the blocked copy as the one loaded. The
    /// resend loads now; the blocked copy is the conflict's loser, with its violations.
    @Test func aValidResendLoadsOverABlockedFirstCopy() throws {
        let f = try Self.blockingFixture("blockedfirst", values: [#""bad""#, "1"])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--enforce",
            "track.violations=block",
        ])

        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.contains("1 event loaded"), "\(result.stdout)")
        let rows =
            try TestSupport.pythonCheck(
                "query.py",
                [f.output, "select n from read_parquet('\(f.output)/b/day=*/*.parquet')"])["rows"]
            as? [[String: Any]]
        #expect(rows?.map { $0["n"] as? Int } == [1])
        let records = try Self.quarantine(f.output)
        #expect(records.count == 1)
        #expect(records.first?["reason"] as? String == "conflicting_duplicate")
        #expect(records.first?["line"] as? Int == 1)
        #expect((records.first?["kept_copy"] as? [String: Any])?["line"] as? Int == 2)
        #expect((records.first?["violations"] as? [Any])?.isEmpty == false)
    }

    /// When the plan blocks every copy, none loads: the earliest is quarantined as blocked,
    /// and a differing copy's record says that no copy was loaded rather than naming one.
    @Test func everyCopyBlockedNamesNoKeptCopy() throws {
        let f = try Self.blockingFixture("blockedall", values: [#""bad""#, #""worse""#])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--enforce",
            "track.violations=block",
        ])

        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.contains("0 events loaded into 0 tables"), "\(result.stdout)")
        let records = try Self.quarantine(f.output).sorted {
            ($0["line"] as? Int ?? 0) < ($1["line"] as? Int ?? 0)
        }
        #expect(records.map { $0["reason"] as? String } == ["blocked", "conflicting_duplicate"])
        #expect(records.last?["kept_copy"] == nil)
        #expect((records.last?["detail"] as? String)?.contains("none was loaded") == true)
        for table in ["b", "tracks"] {
            #expect(!FileManager.default.fileExists(atPath: f.output + "/" + table), "\(table)")
        }
    }

    /// Two copies of messageId `d1` of track event `B`, a second apart, with `properties.n`
    /// set to each of `values`, and a plan that wants `n` an integer.
    static func blockingFixture(_ name: String, values: [String]) throws -> (
        input: String, plan: String, output: String
    ) {
        let lines = values.enumerated().map { second, value in
            #"{"type":"track","event":"B","messageId":"d1","anonymousId":"a","receivedAt":"#
                + #""2026-11-30T10:00:0\#(second)Z","properties":{"n":\#(value)}}"#
        }
        let f = try RunCommandTests.fixture(
            name, files: ["a.jsonl": lines.joined(separator: "\n") + "\n"])
        let plan =
            #"{"rules":[{"type":"TRACK","key":"B","version":1,"jsonSchema":"#
            + #"{"properties":{"properties":{"properties":{"n":{"type":"integer"}}}}}}]}"#
        try Data(plan.utf8).write(to: URL(fileURLWithPath: f.plan))
        return f
    }

    static func quarantine(_ output: String) throws -> [[String: Any]] {
        try TestSupport.pythonCheck("quarantine.py", [output])["records"] as? [[String: Any]]
            ?? []
    }

    /// A new table whose only rows lost their messageId to a copy of another event name had
    /// its schema file written but no Delta log, and Delta readers failed on its folder ("No
    /// files in log segment"); it then got an empty log, which still made a table for good
    /// of a typo in one copy's event name. It is not created.
    @Test func newTableWithoutLoadedRowsIsNotCreated() throws {
        let typo = try RunCommandTests.fixture(
            "typotable",
            files: [
                "a.jsonl": RunCommandTests.event("t1", receivedAt: "2026-11-30T10:00:00Z") + "\n"
                    + RunCommandTests.event("t1", receivedAt: "2026-11-30T10:00:01Z")
                    .replacingOccurrences(of: "Product Added", with: "Prodcut Added") + "\n"
            ])
        let typoRun = try TestSupport.sluice([
            "run", "--input", typo.input, "--plan", typo.plan, "--output", typo.output,
        ])
        #expect(typoRun.status == 3, "\(typoRun.stderr)")
        #expect(FileManager.default.fileExists(atPath: typo.output + "/product_added"))
        #expect(!FileManager.default.fileExists(atPath: typo.output + "/prodcut_added"))
    }
}
