import Foundation
import Testing

/// SIGKILL at every named point of a run: Delta readers (the deltalake package, and DuckDB
/// over the files the log lists) see the old state or the new one, never a mix within a
/// table, and the next run completes with every event loaded exactly once.
@Suite(.serialized) struct CrashTests {
    static let points = [
        "after-read", "during-parquet", "after-data-files", "between-table-commits",
        "before-manifest", "after-manifest",
    ]

    static func ids(_ state: [String: Any], _ table: String, _ reader: String) -> [String] {
        ((state["tables"] as? [String: Any])?[table] as? [String: Any])?[reader] as? [String] ?? [
            "?"
        ]
    }

    @Test(arguments: points) func killedRunLeavesOldOrNewStateAndNextRunRecovers(point: String)
        throws
    {
        let root = try TestSupport.scratchDirectory("crash-\(point)")
        try NightsTests.nights(
            root,
            [
                "2026-11-29": [NightsTests.event("a", day: "2026-11-29", hour: 1)],
                "2026-11-30": [
                    NightsTests.event("a", day: "2026-11-30", hour: 1),
                    NightsTests.event("b", day: "2026-11-30", hour: 2),
                ],
            ])
        let plan = try NightsTests.plan(root)
        let output = root + "/out"
        let night = { (day: String) in
            ["run", "--input", root + "/" + day, "--plan", plan, "--output", output]
        }
        #expect(try TestSupport.sluice(night("2026-11-29")).status == 0)

        let crashed = try TestSupport.run(
            TestSupport.binary, night("2026-11-30"), environment: ["SLUICE_CRASH_AT": point])
        #expect(
            crashed.status == 9, "the run should have been killed at \(point): \(crashed.stderr)")

        let tables = ["product_added", "tracks"]
        let state = try TestSupport.pythonCheck("delta_state.py", [output] + tables)
        for table in tables {
            let seen = Self.ids(state, table, "deltalake")
            #expect(seen == ["a"] || seen == ["a", "b"], "\(point): \(table) shows \(seen)")
            #expect(
                Self.ids(state, table, "duckdb") == seen,
                "\(point): DuckDB and deltalake disagree on \(table)")
        }

        let next = try TestSupport.sluice(night("2026-11-30"))
        #expect(next.status == 0, "\(point): \(next.stderr)")
        let after = try TestSupport.pythonCheck("delta_state.py", [output] + tables)
        for table in tables {
            #expect(
                Self.ids(after, table, "deltalake") == ["a", "b"],
                "\(point): \(table) after the rerun")
        }
        let leftovers =
            FileManager.default.enumerator(atPath: output)?.allObjects as? [String] ?? []
        #expect(leftovers.filter { $0.contains(".tmp-") }.isEmpty, "\(point): temporary files left")
    }

    /// A run killed between its table commits on a fresh output (its tables' first commits)
    /// must not stop the next run: the first table's log was committed but its
    /// `_schema.json` was not yet written, and the next run failed with "has live files but
    /// neither a Delta log schema nor '_schema.json'" instead of loading the night.
    @Test func firstNightKilledBetweenTableCommitsIsLoadedByTheNextRun() throws {
        let root = try TestSupport.scratchDirectory("crash-first-between-table-commits")
        try NightsTests.nights(
            root, ["2026-11-30": [NightsTests.event("a", day: "2026-11-30", hour: 1)]])
        let plan = try NightsTests.plan(root)
        let output = root + "/out"
        let night = ["run", "--input", root + "/2026-11-30", "--plan", plan, "--output", output]

        let crashed = try TestSupport.run(
            TestSupport.binary, night, environment: ["SLUICE_CRASH_AT": "between-table-commits"])
        #expect(crashed.status == 9, "\(crashed.stderr)")

        let next = try TestSupport.sluice(night)
        #expect(next.status == 0, "\(next.stderr)")
        let tables = ["product_added", "tracks"]
        let after = try TestSupport.pythonCheck("delta_state.py", [output] + tables)
        for table in tables {
            #expect(Self.ids(after, table, "deltalake") == ["a"], "\(table) after the rerun")
        }
    }

    /// A table that only a run killed before its manifest ever wrote (it committed the new
    /// table's log, then died) is removed by the next run that does not load it, rather than
    /// taken back to an empty table that stayed for good.
    @Test func tableOnlyACrashedRunCreatedIsRemoved() throws {
        let newEvent = NightsTests.event("n", day: "2026-11-29", hour: 2)
            .replacingOccurrences(of: "Product Added", with: "A")
        let lake = try Self.crashedSecondNight(
            "crash-new-table", [NightsTests.event("b", day: "2026-11-29", hour: 1), newEvent],
            at: "between-table-commits")
        #expect(FileManager.default.fileExists(atPath: lake.output + "/a/_delta_log"))

        let next = try lake.run("2026-11-30")

        #expect(next.status == 0, "\(next.stderr)")
        #expect(!FileManager.default.fileExists(atPath: lake.output + "/a"))
        #expect(try lake.ids(["product_added"])["product_added"] == ["a", "c"])
    }

    /// A run killed before its manifest, after writing the table schemas, left the columns
    /// it added in `_schema.json`, so the next run typed `color` by the crashed run's string
    /// values. The next run takes such columns out first.
    @Test func crashedRunsColumnsDoNotTypeTheNextRun() throws {
        let colored = { (id: String, day: String, color: String) in
            NightsTests.event(id, day: day, hour: 1)
                .replacingOccurrences(of: #""price":10"#, with: #""price":10,"color":\#(color)"#)
        }
        let lake = try Self.crashedSecondNight(
            "crash-schema", [colored("b", "2026-11-29", #""red""#)], at: "before-manifest",
            thirdNight: [colored("c", "2026-11-30", "5")])

        #expect(try lake.run("2026-11-30").status == 0)

        let schema = try String(
            contentsOfFile: lake.output + "/product_added/_schema.json", encoding: .utf8)
        #expect(schema.contains(#""name": "color", "type": "int64""#), "\(schema)")
    }

    /// A run killed after writing a new table's files, before any commit, left the table's
    /// partition folder behind empty once the next run swept the files.
    @Test func sweptNewTableLeavesNoEmptyFolders() throws {
        let newEvent = NightsTests.event("n", day: "2026-11-29", hour: 2)
            .replacingOccurrences(of: "Product Added", with: "Zeta New")
        let lake = try Self.crashedSecondNight(
            "crash-new-folder", [NightsTests.event("b", day: "2026-11-29", hour: 1), newEvent],
            at: "after-data-files")
        #expect(FileManager.default.fileExists(atPath: lake.output + "/zeta_new"))

        #expect(try lake.run("2026-11-30").status == 0)

        #expect(!FileManager.default.fileExists(atPath: lake.output + "/zeta_new"))
    }

    /// Three nights: 2026-11-28 (`a`) loaded, 2026-11-29 (`secondNight`) killed at `point`,
    /// and 2026-11-30 (`c`, or `thirdNight`) for the caller to run next.
    static func crashedSecondNight(
        _ name: String, _ secondNight: [String], at point: String, thirdNight: [String]? = nil
    ) throws -> NightsBreakerTests.Lake {
        let lake = try NightsBreakerTests.Lake(
            name,
            [
                "2026-11-28": [NightsTests.event("a", day: "2026-11-28", hour: 1)],
                "2026-11-29": secondNight,
                "2026-11-30": thirdNight ?? [NightsTests.event("c", day: "2026-11-30", hour: 1)],
            ])
        #expect(try lake.run("2026-11-28").status == 0)
        let crashed = try lake.run("2026-11-29", crashAt: point)
        #expect(crashed.status == 9, "\(crashed.stderr)")
        return lake
    }

    /// A night of one event, committed; with the arguments that ran it.
    static func committedNight(_ name: String) throws -> (
        f: (input: String, plan: String, output: String), arguments: [String]
    ) {
        let f = try RunCommandTests.fixture(
            name,
            files: ["a.jsonl": RunCommandTests.event("m1", receivedAt: "2026-11-30T10:00:00Z")])
        let arguments = ["run", "--input", f.input, "--plan", f.plan, "--output", f.output]
        #expect(try TestSupport.sluice(arguments).status == 0)
        return (f, arguments)
    }

    /// A manifest write that failed (a full disk, a file size limit) leaves its temporary file
    /// among the manifests, which both sweeps used to pass over as the commits' own folder: the
    /// next run's sweep and `sluice gc` remove it, and leave the manifests.
    @Test func manifestTemporaryFilesAreSweptByTheNextRunAndByGC() throws {
        let (f, arguments) = try Self.committedNight("manifesttmp")
        let folder = f.output + "/_manifests/"
        let leftover = folder + ".20261130T000000Z-aaaaaa.json.tmp-99999"

        try Data("{".utf8).write(to: URL(fileURLWithPath: leftover))
        #expect(try TestSupport.sluice(arguments).status == 0)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try TestSupport.manifests(in: f.output).count == 2)

        try Data("{".utf8).write(to: URL(fileURLWithPath: leftover))
        let gc = try TestSupport.sluice(["gc", "--output", f.output, "--grace-hours", "0"])
        #expect(gc.status == 0, "\(gc.stderr)")
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try TestSupport.manifests(in: f.output).count == 2)
    }

    /// A run killed before its manifest leaves its files listed by the table logs; gc takes
    /// them out of the logs and, since that run never committed, judges them by their own
    /// age, as the next run would remove them at once (so a glob never reads its rows); its
    /// dry run says exactly what the real one then removes (it used to leave those files
    /// out, since only the real run takes them out of the logs).
    @Test func gcRemovesACrashedRunsFilesAsItsDryRunSays() throws {
        let (f, arguments) = try Self.committedNight("gccrash")
        let crashed = try TestSupport.run(
            TestSupport.binary, arguments, environment: ["SLUICE_CRASH_AT": "before-manifest"])
        #expect(crashed.status == 9, "\(crashed.stderr)")
        let backdate = try TestSupport.run(
            "/usr/bin/find",
            [f.output, "-name", "*.parquet", "-exec", "touch", "-d", "3 days ago", "{}", "+"])
        #expect(backdate.status == 0, "\(backdate.stderr)")

        let dry = try TestSupport.sluice(["gc", "--output", f.output, "--dry-run"])
        let wouldRemove = dry.stdout.split(separator: "\n").filter { $0.hasPrefix("would ") }
        #expect(wouldRemove.contains { $0.hasSuffix(".parquet") }, "\(dry.stdout)")
        let gc = try TestSupport.sluice(["gc", "--output", f.output])
        let removed = gc.stdout.split(separator: "\n").filter { $0.hasPrefix("removed ") }
        #expect(
            removed.map { $0.dropFirst("removed ".count) }
                == wouldRemove.map { $0.dropFirst("would remove ".count) }, "\(gc.stdout)")
        let state = try TestSupport.pythonCheck("delta_state.py", [f.output, "product_added"])
        #expect(Self.ids(state, "product_added", "deltalake") == ["m1"], "\(state)")
    }

    /// A run whose manifest cannot be written after its tables' Delta logs took its files
    /// (here `_manifests` is a file, not a folder) exits 1, "committed nothing": the logs are
    /// rolled back at once and its files removed, where Delta readers used to see its rows
    /// until the next run.
    @Test func failedManifestWriteRollsTheTableLogsBack() throws {
        let f = try RunCommandTests.fixture(
            "manifestfails",
            files: ["a.jsonl": RunCommandTests.event("m1", receivedAt: "2026-11-30T10:00:00Z")])
        try FileManager.default.createDirectory(
            atPath: f.output, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: f.output + "/_manifests"))

        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
        ])
        #expect(result.status == 1, "\(result.stderr)")
        let tables = ["product_added", "tracks"]
        let state = try TestSupport.pythonCheck("delta_state.py", [f.output] + tables)
        for table in tables {
            #expect(Self.ids(state, table, "deltalake").isEmpty, "\(table): \(state)")
            #expect(Self.ids(state, table, "duckdb").isEmpty, "\(table): \(state)")
        }
        let files = FileManager.default.enumerator(atPath: f.output)?.allObjects as? [String]
        #expect((files ?? []).filter { $0.hasSuffix(".parquet") }.isEmpty, "\(files ?? [])")
    }
}
