import Foundation
import Testing

/// Regression tests for defects found by attacking the built binary with hostile input. Each
/// test keeps the smallest input that shows the defect and asserts the behaviour the contract
/// promises.
@Suite(.serialized) struct BreakerTests {
    /// How long a run on a one-line input may take before it counts as hung.
    static let hangDeadlineSeconds = 60.0

    static func run(_ f: (input: String, plan: String, output: String), _ extra: [String] = [])
        throws -> TestSupport.Result
    {
        try TestSupport.sluice(
            ["run", "--input", f.input, "--plan", f.plan, "--output", f.output] + extra)
    }

    /// A fixture whose input holds one valid event.
    static func oneEvent(_ name: String) throws -> (input: String, plan: String, output: String) {
        try RunCommandTests.fixture(
            name,
            files: [
                "a.jsonl": RunCommandTests.event("m1", receivedAt: "2026-11-30T10:00:00Z") + "\n"
            ])
    }

    static func counts(ofManifest path: String) throws -> [String: Any] {
        try TestSupport.readJSON(path)["counts"] as? [String: Any] ?? [:]
    }

    /// `--batch` promises that a rerun of a batch replaces it, so the rows are there once.
    @Test func rerunOfABatchReplacesItsRows() throws {
        let f = try Self.oneEvent("rerun")
        #expect(try Self.run(f).status == 0)
        #expect(try Self.run(f).status == 0)

        // Delta readers see only the rerun's rows at once; the replaced file stays readable at
        // the older table version until `sluice gc` removes it.
        let state = try TestSupport.pythonCheck("delta_state.py", [f.output, "product_added"])
        #expect(CrashTests.ids(state, "product_added", "deltalake") == ["m1"])
        // Files written two days ago but replaced just now: the grace period runs from the
        // replacing, so a reader at the older version still finds them (gc went by the files'
        // own age and removed them at once).
        let backdate = try TestSupport.run(
            "/usr/bin/find",
            [f.output, "-name", "*.parquet", "-exec", "touch", "-d", "2 days ago", "{}", "+"])
        #expect(backdate.status == 0, "\(backdate.stderr)")
        let waiting = try TestSupport.sluice(["gc", "--output", f.output])
        #expect(waiting.status == 0)
        #expect(waiting.stdout.hasPrefix("sluice gc: 0 files removed"), "\(waiting.stdout)")
        // A grace period past a hundred years is refused, not an overflow.
        let huge = try TestSupport.sluice([
            "gc", "--output", f.output, "--grace-hours", "3000000000",
        ])
        #expect(huge.status == 2, "\(huge.stderr)")
        let removing = try TestSupport.sluice(["gc", "--output", f.output, "--grace-hours", "0"])
        #expect(removing.status == 0)
        #expect(!removing.stdout.contains("kept until"), "\(removing.stdout)")
        let sql = "select count(*) as n from read_parquet('\(f.output)/product_added/*/*.parquet')"
        // The replaced files were kept by the grace period the first time; gc said until when.
        #expect(waiting.stdout.contains("files removed; "), "\(waiting.stdout)")
        #expect(waiting.stdout.contains("more unreferenced, kept until "), "\(waiting.stdout)")
        #expect(waiting.stdout.contains(".000000Z (the grace period"), "\(waiting.stdout)")
        let rows = try TestSupport.pythonCheck("query.py", [f.output, sql])
        #expect((rows["rows"] as? [[String: Any]])?.first?["n"] as? Int == 1)
    }

    /// A rerun whose rows moved to another day leaves the old day's partition folder empty
    /// once gc removes the replaced file; gc removes the folder too (it used to stay forever).
    @Test func gcRemovesPartitionFoldersItEmptied() throws {
        let f = try Self.oneEvent("gcfolders")
        #expect(try Self.run(f, ["--batch", "night"]).status == 0)
        let moved = RunCommandTests.event("m1", receivedAt: "2026-12-01T10:00:00Z") + "\n"
        try Data(moved.utf8).write(to: URL(fileURLWithPath: f.input + "/a.jsonl"))
        #expect(try Self.run(f, ["--batch", "night"]).status == 0)
        let old = f.output + "/product_added/day=2026-11-30"
        #expect(FileManager.default.fileExists(atPath: old))

        let gc = try TestSupport.sluice(["gc", "--output", f.output, "--grace-hours", "0"])
        #expect(gc.status == 0, "\(gc.stderr)")
        #expect(!FileManager.default.fileExists(atPath: old), "\(gc.stdout)")
        #expect(FileManager.default.fileExists(atPath: f.output + "/product_added/_delta_log"))
    }

    /// The manifest records a dedupe window across runs; a messageId an earlier batch loaded
    /// is a prior duplicate, not a second row.
    @Test func messageIdLoadedByAnEarlierBatchIsAPriorDuplicate() throws {
        let line = RunCommandTests.event("m1", receivedAt: "2026-11-30T10:00:00Z") + "\n"
        let f = try RunCommandTests.fixture("prior", files: ["a.jsonl": line])
        #expect(try Self.run(f, ["--batch", "night-1"]).status == 0)
        #expect(try Self.run(f, ["--batch", "night-2"]).status == 0)

        let second = try TestSupport.manifests(in: f.output).last ?? ""
        let counts = try Self.counts(ofManifest: second)
        #expect(counts["prior_duplicates"] as? Int == 1)
        #expect(counts["events_loaded"] as? Int == 0)
    }

    /// A run id becomes part of file names, so one that is not a plain file name is refused
    /// before anything is written (it must not place files outside OUT or in odd folders).
    @Test(arguments: ["../escaped", "a/b", ""])
    func runIdThatIsNotAFileNameIsAUsageError(runId: String) throws {
        let f = try Self.oneEvent("runid")
        let result = try Self.run(f, ["--run-id", runId])
        #expect(result.status == 2, "\(result.stderr)")

        let root = (f.output as NSString).deletingLastPathComponent
        #expect(!FileManager.default.fileExists(atPath: root + "/escaped.json"))
        #expect(try TestSupport.manifests(in: f.output).isEmpty)
    }

    /// A batch name goes into manifests and `status` one per line: a newline or tab in it
    /// is refused as a usage error before anything runs.
    @Test(arguments: ["night\n2", "night\t2"])
    func batchNameWithAControlCharacterIsAUsageError(batch: String) throws {
        let f = try Self.oneEvent("batchname")
        let result = try Self.run(f, ["--batch", batch])
        try TestSupport.expectRefused(result, saying: "control character", output: f.output)
    }

    /// An output path that cannot be a directory is a usage error found before the night is
    /// read (status 2), not a failure after it (status 1): empty, or running through a file.
    @Test func outputPathThatCannotBeADirectoryIsAUsageError() throws {
        let f = try Self.oneEvent("outputpath")
        let file = f.input + "/notes.txt"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        for output in ["", file + "/out", file + "/deeper/out"] {
            let result = try TestSupport.sluice([
                "run", "--input", f.input, "--plan", f.plan, "--output", output,
            ])
            #expect(result.status == 2, "'\(output)': \(result.stderr)")
        }
    }

    /// A manifest without its run id, batch or start (`{}`, or one edited by hand) is not
    /// taken for a run with an empty id: the next run stops and says to restore it.
    @Test func manifestWithoutItsRunIdStopsTheNextRun() throws {
        let f = try Self.oneEvent("emptymanifest")
        #expect(try Self.run(f).status == 0)
        let path = try TestSupport.manifests(in: f.output)[0]
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))

        let result = try Self.run(f)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("lacks its run id"), "\(result.stderr)")
    }

    /// A subdirectory the run cannot list holds input it did not load: the run is partial
    /// (status 3), never "every input line was loaded" (status 0).
    @Test func unreadableSubdirectoryMakesTheRunPartial() throws {
        let f = try Self.oneEvent("unreadable")
        let sub = f.input + "/sub"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        let line = RunCommandTests.event("m2", receivedAt: "2026-11-30T10:00:00Z") + "\n"
        try Data(line.utf8).write(to: URL(fileURLWithPath: sub + "/b.jsonl"))

        // Root reads any directory, so drop to an unprivileged user when running as root.
        let root = (f.output as NSString).deletingLastPathComponent
        let fm = FileManager.default
        try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: root)
        try fm.setAttributes([.posixPermissions: 0o000], ofItemAtPath: sub)
        defer { try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sub) }

        let arguments = ["run", "--input", f.input, "--plan", f.plan, "--output", f.output]
        let result =
            geteuid() == 0
            ? try TestSupport.run(
                "/usr/bin/setpriv",
                ["--reuid=65534", "--regid=65534", "--clear-groups", TestSupport.binary] + arguments
            )
            : try TestSupport.sluice(arguments)
        #expect(result.status == 3, "\(result.stderr)")
    }

    /// A plan pattern with a nested quantifier must not stall the nightly job on a short
    /// property value (catastrophic backtracking): the non-backtracking matcher answers at
    /// once, and the value, which does not match, is a violation that blocks the event.
    @Test func nestedQuantifierPatternDoesNotHangTheRun() throws {
        let value = String(repeating: "a", count: 40) + "b"
        let event = """
            {"type":"track","event":"Product Added","messageId":"r1","anonymousId":"a","receivedAt":"2026-11-30T10:00:00Z","properties":{"name":"\(value)"}}
            """
        let f = try RunCommandTests.fixture("redos", files: ["a.jsonl": event + "\n"])
        let plan = """
            {"name":"p","rules":[{"type":"TRACK","key":"Product Added","version":1,"jsonSchema":{"properties":{"properties":{"properties":{"name":{"type":"string","pattern":"(a+)+$"}}}}}}]}
            """
        try Data(plan.utf8).write(to: URL(fileURLWithPath: f.plan))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.binary)
        process.arguments = [
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--quiet",
            "--enforce", "track.violations=block",
        ]
        try process.run()
        let deadline = Date().addingTimeInterval(Self.hangDeadlineSeconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }

        let finished = !process.isRunning
        if !finished { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(finished, "sluice run was still running after \(Self.hangDeadlineSeconds) s")
        #expect(finished && process.terminationStatus == 3)
    }

    /// kill -9 after the data files are renamed into place but before the manifest leaves
    /// exactly this state: final-path files no manifest lists. The next run must not leave
    /// them for readers that glob the table (they would read the rows twice).
    @Test func rerunAfterAnUncommittedRunLeavesNoUnlistedDataFiles() throws {
        let f = try Self.oneEvent("orphans")
        #expect(try Self.run(f, ["--run-id", "killed"]).status == 0)
        try FileManager.default.removeItem(atPath: f.output + "/_manifests/killed.json")

        #expect(try Self.run(f).status == 0)
        let schema = TestSupport.packageRoot + "/schemas/manifest.schema.json"
        let check = try TestSupport.pythonCheck("check_output.py", [f.output, schema])
        #expect((check["unlisted_files"] as? [String]) == [])
    }

    /// A property named like a partition key must not be shadowed by the partition column
    /// when the table is read hive-partitioned (DuckDB's and pyarrow's default for `k=v` paths).
    @Test(arguments: ["day", "hr"])
    func propertyNamedLikeAPartitionKeyKeepsItsValue(key: String) throws {
        let event = """
            {"type":"track","event":"Product Added","messageId":"d1","anonymousId":"a","receivedAt":"2026-11-30T10:00:00Z","properties":{"\(key)":"monday"}}
            """
        let f = try RunCommandTests.fixture("partkey", files: ["a.jsonl": event + "\n"])
        #expect(try Self.run(f, ["--partition", "hour"]).status == 0)

        let glob = "\(f.output)/product_added/**/*.parquet"
        let sql = "select * from read_parquet('\(glob)', hive_partitioning=true)"
        let rows = try TestSupport.pythonCheck("query.py", [f.output, sql])
        let values = (rows["rows"] as? [[String: Any]])?.first?.values.compactMap { $0 as? String }
        #expect(values?.contains("monday") == true, "\(rows)")
    }

    /// One 20,000-property event (a few hundred KB) must load in bounded memory; today each
    /// distinct column costs tens of KB, so such an event needs about 1 GB.
    @Test func wideEventLoadsWithinBoundedMemory() throws {
        let properties = (0..<20_000).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let event = """
            {"type":"track","event":"Wide","messageId":"w1","anonymousId":"a","receivedAt":"2026-11-30T10:00:00Z","properties":{\(properties)}}
            """
        let f = try RunCommandTests.fixture("wide", files: ["a.jsonl": event + "\n"])

        // 400 MB of heap is over a hundred times the input; the samples need far less.
        let script = "ulimit -d 400000; exec \"$0\" \"$@\""
        let arguments = ["run", "--input", f.input, "--plan", f.plan, "--output", f.output]
        let result = try TestSupport.run("/bin/sh", ["-c", script, TestSupport.binary] + arguments)
        // A column cap (`TableStage.maxColumnsPerTable`) keeps this within bounds.
        #expect(result.status == 0, "\(result.stderr.prefix(300))")
    }

    /// The dedupe's spilled runs are merged a bounded number at a time: 70,000 events in runs
    /// of 1,024 once opened all 69 at once and failed with "Too many open files" under a
    /// limit of 64 descriptors; they must load as they do without the limit.
    @Test func manyDedupeRunsMergeWithinAFileDescriptorLimit() throws {
        let lines = (0..<70_000).map {
            #"{"type":"track","event":"T","messageId":"m\#($0)","receivedAt":"2026-11-30T10:00:00Z"}"#
        }
        let f = try RunCommandTests.fixture(
            "dedupe-fds", files: ["a.jsonl": lines.joined(separator: "\n") + "\n"])
        let script = "ulimit -n 64; exec \"$0\" \"$@\""
        let arguments = [
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--dedupe-memory",
            "49152", "--log-format", "json",
        ]
        let result = try TestSupport.run("/bin/sh", ["-c", script, TestSupport.binary] + arguments)
        #expect(result.status == 0, "\(result.stderr.suffix(300))")
        #expect(result.stdout.contains(#""events_loaded":70000"#), "\(result.stdout)")
    }

    /// `--compression gzip` is a documented codec; it must write Parquet both readers read.
    @Test func gzipCompressionWritesReadableParquet() throws {
        let f = try Self.oneEvent("gzip")
        let result = try Self.run(f, ["--compression", "gzip"])
        #expect(result.status == 0, "\(result.stderr)")

        let schema = TestSupport.packageRoot + "/schemas/manifest.schema.json"
        let check = try TestSupport.pythonCheck("check_output.py", [f.output, schema])
        #expect(check["manifests"] as? Int == 1)
        #expect((check["mismatches"] as? [String]) == [])
    }

    /// JSON object members are unordered, so copies that differ only in member order (and in
    /// delivery times) are plain duplicates, not conflicting ones sent to quarantine.
    @Test func copiesDifferingOnlyInMemberOrderArePlainDuplicates() throws {
        let first = """
            {"type":"track","event":"D","messageId":"o1","anonymousId":"a","receivedAt":"2026-11-30T10:00:01Z","properties":{"x":1,"y":2}}
            """
        let second = """
            {"event":"D","type":"track","messageId":"o1","anonymousId":"a","receivedAt":"2026-11-30T10:00:02Z","properties":{"y":2,"x":1}}
            """
        let f = try RunCommandTests.fixture(
            "order", files: ["a.jsonl": first + "\n" + second + "\n"])
        let result = try Self.run(f)
        #expect(result.status == 0, "\(result.stderr)")

        let counts = try Self.counts(
            ofManifest: try TestSupport.manifests(in: f.output).first ?? "")
        #expect(counts["duplicates"] as? Int == 1)
        #expect(counts["conflicting_duplicates"] as? Int == 0)
    }

    /// A damaged `_schema.json` must not silently restart type inference: the night-1 column
    /// `v` is int64, and night 2 must neither retype it to string nor commit files readers
    /// cannot read together with night 1's.
    @Test func damagedTableSchemaDoesNotRetypeAColumn() throws {
        let night1 = """
            {"type":"track","event":"P","messageId":"p1","anonymousId":"a","receivedAt":"2026-11-30T10:00:00Z","properties":{"v":1}}
            """
        let f = try RunCommandTests.fixture("schema", files: ["a.jsonl": night1 + "\n"])
        #expect(try Self.run(f, ["--batch", "night-1"]).status == 0)
        try Data("{\"trunc".utf8).write(to: URL(fileURLWithPath: f.output + "/p/_schema.json"))

        let night2 = """
            {"type":"track","event":"P","messageId":"p2","anonymousId":"a","receivedAt":"2026-12-01T10:00:00Z","properties":{"v":"one"}}
            """
        try Data((night2 + "\n").utf8).write(to: URL(fileURLWithPath: f.input + "/a.jsonl"))
        _ = try Self.run(f, ["--batch", "night-2"])

        let sql = "select v from read_parquet('\(f.output)/p/*/*.parquet')"
        let rows = try TestSupport.pythonCheck("query.py", [f.output, sql])
        #expect((rows["rows"] as? [[String: Any]])?.isEmpty == false)
    }
}

/// Column source paths must not depend on which worker met which spelling first.
@Suite struct SpellingDeterminismTests {
    /// `properties.é` written precomposed on one line and decomposed on another is one
    /// column, and its source path is the precomposed (NFC) spelling whichever came first.
    @Test(arguments: [true, false])
    func equivalentSpellingsRecordTheComposedOne(decomposedFirst: Bool) throws {
        let composed = "\u{E9}"
        let decomposed = "e\u{301}"
        func line(_ id: String, _ key: String) -> String {
            RunCommandTests.event(id, receivedAt: "2026-11-30T10:00:00Z")
                .replacingOccurrences(of: #""price":10"#, with: #""\#(key)":1"#)
        }
        let keys = decomposedFirst ? [decomposed, composed] : [composed, decomposed]
        let f = try RunCommandTests.fixture(
            "spelling", files: ["a.jsonl": line("m1", keys[0]) + "\n" + line("m2", keys[1])])
        #expect(try BreakerTests.run(f, ["--threads", "1"]).status == 0)

        let schema = try TestSupport.readJSON(f.output + "/product_added/_schema.json")
        let columns = schema["columns"] as? [[String: Any]] ?? []
        let paths = columns.flatMap { $0["source_paths"] as? [String] ?? [] }
        let accented = paths.filter { $0.hasPrefix("properties.") && $0 != "properties.price" }
        #expect(accented.map { Array($0.utf8) } == [Array("properties.\(composed)".utf8)])
    }
}

extension BreakerTests {
    /// A timestamp in the last millisecond of year 9999 once rounded its Delta max bound up
    /// to `10000-01-01`, which deltalake reads as no bound; with the lower bound kept, it
    /// then skipped the file under filters the file matches. Leaving the bound out did the
    /// same. The bound now stops at 9999's last millisecond.
    @Test func aTimestampInThe9999sLastMillisecondKeepsItsFileFound() throws {
        let late = RunCommandTests.event("late", receivedAt: "2026-11-30T09:00:00Z")
            .replacingOccurrences(
                of: #""timestamp":"2026-11-30T10:00:00Z""#,
                with: #""timestamp":"9999-12-31T23:59:59.9995Z""#)
        let early = RunCommandTests.event("early", receivedAt: "2026-11-30T09:00:00Z")
        let f = try RunCommandTests.fixture(
            "delta-bound-9999", files: ["a.jsonl": early + "\n" + late + "\n"])
        let result = try Self.run(f)
        #expect(result.status == 0, "\(result.stderr)")

        for instant in ["2000-01-01T00:00:00Z", "2027-01-01T00:00:00Z"] {
            let counts = try TestSupport.pythonCheck(
                "delta_filter.py", [f.output, "product_added", "timestamp", instant])
            #expect(counts["duckdb"] as? Int == (instant.hasPrefix("2000") ? 2 : 1))
            #expect(counts["deltalake"] as? Int == counts["duckdb"] as? Int, "\(instant)")
        }
    }
}
