import Foundation
import Testing

/// End-to-end tests of `sluice run`: the built binary on fixture inputs, checked through the
/// manifest and through pyarrow and DuckDB reading the output.
@Suite(.serialized) struct RunCommandTests {
    static let planAllowingEverything = """
        {"name": "Everything goes", "rules": []}
        """

    /// Writes `files` (name to content) into a fresh input directory and a permissive plan.
    static func fixture(_ name: String, files: [String: String]) throws -> (
        input: String, plan: String, output: String
    ) {
        let root = try TestSupport.scratchDirectory(name)
        let input = root + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        for (file, content) in files {
            try Data(content.utf8).write(to: URL(fileURLWithPath: input + "/" + file))
        }
        let plan = root + "/plan.json"
        try Data(planAllowingEverything.utf8).write(to: URL(fileURLWithPath: plan))
        return (input, plan, root + "/out")
    }

    static func event(_ id: String, receivedAt: String, price: Int = 10) -> String {
        """
        {"type":"track","event":"Product Added","messageId":"\(id)","anonymousId":"a1","timestamp":"2026-11-30T10:00:00Z","sentAt":"2026-11-30T10:00:01Z","receivedAt":"\(receivedAt)","properties":{"price":\(price)}}
        """
    }

    /// A directory without log files (the night's logs have not arrived, or only other files
    /// did) is refused as an unusable input (status 2), with a message naming it, and commits
    /// nothing: no empty run that looks like success, no rerun that replaces a batch's rows
    /// with nothing.
    /// A run refused before it wrote anything (its only log file holds blank lines) leaves
    /// no output directory behind when it made that directory, nor the parents it made: it
    /// left them, the last holding just its lock file, though it said nothing was done. An
    /// output directory that was there before keeps its lock file, which is how every output
    /// looks between runs.
    @Test func aRefusedRunLeavesNoOutputDirectoryItMade() throws {
        let f = try Self.fixture("refused-blank", files: ["a.jsonl": "\n\n"])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output + "/a/b",
        ])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.output))

        try FileManager.default.createDirectory(atPath: f.output, withIntermediateDirectories: true)
        let again = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
        ])
        #expect(again.status == 2, "\(again.stderr)")
        #expect(FileManager.default.fileExists(atPath: f.output + "/_sluice.lock"))
    }

    @Test func inputWithoutLogFilesFailsAndCommitsNothing() throws {
        for (name, files) in [("nologs", [:]), ("onlyother", ["notes.pdf": "%PDF-1.4"])] {
            let f = try Self.fixture(name, files: files)
            let result = try TestSupport.sluice([
                "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
            ])
            #expect(result.status == 2, "\(name): \(result.stderr)")
            #expect(result.stderr.contains("'\(f.input)' holds no log files"), "\(result.stderr)")
            #expect(try TestSupport.manifests(in: f.output).isEmpty)
        }
    }

    @Test func cleanInputExitsZeroAndBooksBalance() throws {
        let f = try Self.fixture(
            "clean",
            files: [
                "a.jsonl": Self.event("m1", receivedAt: "2026-11-30T10:00:02Z") + "\n\n"
                    + Self.event("m2", receivedAt: "2026-11-30T11:00:02Z") + "\n"
            ])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: f.output).first ?? "")
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        #expect(counts["lines"] as? Int == 3)
        #expect(counts["blank_lines"] as? Int == 1)
        #expect(counts["events_loaded"] as? Int == 2)
        #expect((counts["rows_by_table"] as? [String: Int]) == ["tracks": 2, "product_added": 2])
        let check = try TestSupport.pythonCheck(
            "check_output.py",
            [f.output, TestSupport.packageRoot + "/schemas/manifest.schema.json"])
        #expect((check["schema_errors"] as? [String]) == [])
        #expect((check["mismatches"] as? [String]) == [])
    }

    /// The dedupe winner is the copy with the earliest receivedAt whichever file comes first.
    @Test(arguments: [false, true]) func dedupeWinnerIgnoresFileOrder(reversed: Bool) throws {
        let early = Self.event("dup", receivedAt: "2026-11-30T09:00:00Z")
        let late = Self.event("dup", receivedAt: "2026-11-30T12:00:00Z")
        let files =
            reversed
            ? ["a.jsonl": early + "\n", "b.jsonl": late + "\n"]
            : ["a.jsonl": late + "\n", "b.jsonl": early + "\n"]
        let f = try Self.fixture("dedupe", files: files)
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try TestSupport.pythonCheck(
            "query.py",
            [
                f.output,
                "select strftime(received_at, '%H') as h, count(*) over () as n from read_parquet('\(f.output)/product_added/*/*.parquet')",
            ])
        #expect((rows["rows"] as? [[String: Any]])?.first?["h"] as? String == "09")
        #expect((rows["rows"] as? [[String: Any]])?.first?["n"] as? Int == 1)
    }

    /// Copies that differ in more than delivery times are conflicting and go to quarantine.
    @Test func conflictingDuplicateIsQuarantinedWithPointer() throws {
        let f = try Self.fixture(
            "conflict",
            files: [
                "a.jsonl": Self.event("c1", receivedAt: "2026-11-30T09:00:00Z", price: 10) + "\n"
                    + Self.event("c1", receivedAt: "2026-11-30T09:30:00Z", price: 99) + "\n"
            ])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
        ])
        #expect(result.status == 3, "\(result.stderr)")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: f.output).first ?? "")
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        #expect(counts["conflicting_duplicates"] as? Int == 1)
        #expect(counts["quarantined_lines"] as? Int == 1)
        let records = try TestSupport.pythonCheck("quarantine.py", [f.output])
        let first = (records["records"] as? [[String: Any]])?.first ?? [:]
        #expect(first["reason"] as? String == "conflicting_duplicate")
        #expect(first["line"] as? Int == 2)
        #expect((first["kept_copy"] as? [String: Any])?["line"] as? Int == 1)
        #expect(
            first["raw"] as? String
                == Self.event("c1", receivedAt: "2026-11-30T09:30:00Z", price: 99))
    }

    @Test func tooMuchQuarantineFailsAndCommitsNothing() throws {
        let f = try Self.fixture(
            "rate",
            files: [
                "a.jsonl": "not json\n" + Self.event("m1", receivedAt: "2026-11-30T10:00:00Z")
                    + "\n"
            ])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
            "--max-quarantine-rate", "0.1",
        ])
        #expect(result.status == 1)
        #expect(try TestSupport.manifests(in: f.output).isEmpty)
        let leftovers =
            FileManager.default.enumerator(atPath: f.output)?.allObjects as? [String] ?? []
        #expect(leftovers.filter { $0.hasSuffix(".parquet") || $0.contains(".tmp-") }.isEmpty)
    }

    @Test func dryRunWritesNothing() throws {
        let f = try Self.fixture(
            "dry", files: ["a.jsonl": Self.event("m1", receivedAt: "2026-11-30T10:00:00Z") + "\n"])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--dry-run",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dry run"))
        #expect(!FileManager.default.fileExists(atPath: f.output + "/_manifests"))

        // Values a real run would remove are not pointed at a `_discards` it did not write.
        let removing = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", try Self.planDeclaringNothing(f.plan),
            "--output", f.output, "--dry-run", "--enforce", "track.unplanned-properties=omit",
        ])
        #expect(
            removing.stdout.contains("a real run keeps them in _discards"),
            "\(removing.stdout) \(removing.stderr)")
    }

    /// A plan whose `Product Added` rule declares no property but `sku`, written beside `plan`.
    static func planDeclaringNothing(_ plan: String) throws -> String {
        let path = plan + ".declaring-nothing.json"
        let text =
            #"{"rules":[{"type":"TRACK","key":"Product Added","version":1,"jsonSchema":"#
            + #"{"properties":{"properties":{"properties":{"sku":{"type":"string"}}}}}}]}"#
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Forty event names make forty tables, whose commit takes tens of milliseconds: enough
    /// for the check below to see a run's seconds that leave the commit out.
    @Test func jsonLogFormatWritesOneObjectPerStage() throws {
        let lines = (0..<40).map {
            #"{"type":"track","event":"E\#($0)","messageId":"m\#($0)","#
                + #""receivedAt":"2026-11-30T10:00:00Z"}"#
        }
        let f = try Self.fixture("log", files: ["a.jsonl": lines.joined(separator: "\n") + "\n"])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--log-format",
            "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = result.stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let stages = objects.filter { $0["event"] as? String == "stage" }.compactMap {
            $0["stage"] as? String
        }
        #expect(stages.contains("read") && stages.contains("encode") && stages.contains("validate"))
        #expect(stages.contains("fingerprint") && stages.contains("seal"))
        #expect(objects.last?["event"] as? String == "run_finished")

        // Wall-clock stages give their CPU seconds as a JSON number, and the run's seconds
        // cover every one of them, the commit included.
        let walled = objects.filter { $0["event"] as? String == "stage" && $0["clock"] == nil }
        #expect(walled.contains { $0["stage"] as? String == "commit" })
        for stage in walled where stage["stage"] as? String != "confirm-conflicts" {
            #expect(stage["cpu_seconds"] is NSNumber, "\(stage)")
        }
        let stageSum = walled.filter { $0["stage"] as? String != "confirm-conflicts" }
            .compactMap { $0["seconds"] as? Double }.reduce(0, +)
        let total = objects.last?["seconds"] as? Double ?? 0
        #expect(total + 0.001 * Double(walled.count) >= stageSum, "\(total) < \(stageSum)")
    }

    /// An event with no usable time at all (`receivedAt: "test"`, nothing else) is loaded
    /// with the run's start as `receivedAt`, in tonight's partition, and the substitution is
    /// counted; it never lands in 1970.
    @Test func eventWithoutAnyTimeTakesTheRunStart() throws {
        let line =
            #"{"type":"track","event":"A","messageId":"x1","anonymousId":"a","receivedAt":"test"}"#
        let f = try Self.fixture("notime", files: ["a.jsonl": line + "\n"])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: f.output).first ?? "")
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        #expect((counts["substitutions"] as? [String: Int])?["received_at_run_time"] == 1)
        let partitions = (manifest["outputs"] as? [[String: Any]] ?? []).compactMap {
            ($0["partition"] as? [String: String])?["day"]
        }
        #expect(!partitions.isEmpty && !partitions.contains("1970-01-01"))
        let rows =
            try TestSupport.pythonCheck(
                "query.py",
                [
                    f.output,
                    "select count(*) as n from read_parquet('\(f.output)/a/*/*.parquet') where received_at = loaded_at",
                ])["rows"] as? [[String: Any]]
        #expect(rows?.first?["n"] as? Int == 1)
    }
}
