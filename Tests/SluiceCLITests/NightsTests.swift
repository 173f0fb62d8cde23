import Foundation
import Testing

/// Several nights into one output: exactly-once rows across nights, reruns, backfills, locks.
@Suite(.serialized) struct NightsTests {
    static func event(_ id: String, day: String, hour: Int, price: Int = 10) -> String {
        let h = hour < 10 ? "0\(hour)" : "\(hour)"
        return """
            {"type":"track","event":"Product Added","messageId":"\(id)","anonymousId":"a-\(id)","timestamp":"\(day)T\(h):00:00Z","sentAt":"\(day)T\(h):00:01Z","receivedAt":"\(day)T\(h):00:02Z","properties":{"price":\(price)}}
            """
    }

    /// Writes one directory per day under `root`, each with one file of events.
    static func nights(_ root: String, _ days: [String: [String]]) throws {
        for (day, lines) in days {
            try FileManager.default.createDirectory(
                atPath: root + "/" + day, withIntermediateDirectories: true)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(
                to: URL(fileURLWithPath: root + "/" + day + "/events.jsonl"))
        }
    }

    static func plan(_ root: String) throws -> String {
        let path = root + "/plan.json"
        try Data(#"{"name": "Everything goes", "rules": []}"#.utf8).write(
            to: URL(fileURLWithPath: path))
        return path
    }

    static func count(_ output: String, _ table: String = "product_added") throws -> (
        rows: Int, ids: Int
    ) {
        let sql =
            "select count(*) as n, count(distinct id) as d from read_parquet('\(output)/\(table)/*/*.parquet')"
        let row =
            (try TestSupport.pythonCheck("query.py", [output, sql])["rows"] as? [[String: Any]])?
            .first
        return (row?["n"] as? Int ?? -1, row?["d"] as? Int ?? -1)
    }

    /// Three nights with resends of the previous nights' events land each event exactly once.
    @Test func threeNightsWithCrossNightResendsLoadEachEventOnce() throws {
        let root = try TestSupport.scratchDirectory("nights")
        try Self.nights(
            root,
            [
                "2026-11-28": [
                    Self.event("a", day: "2026-11-28", hour: 1),
                    Self.event("b", day: "2026-11-28", hour: 2),
                ],
                "2026-11-29": [
                    Self.event("b", day: "2026-11-29", hour: 1),
                    Self.event("c", day: "2026-11-29", hour: 2),
                ],
                "2026-11-30": [
                    Self.event("a", day: "2026-11-30", hour: 1),
                    Self.event("c", day: "2026-11-30", hour: 2),
                    Self.event("d", day: "2026-11-30", hour: 3),
                ],
            ])
        let plan = try Self.plan(root)
        var priors: [Int] = []
        for day in ["2026-11-28", "2026-11-29", "2026-11-30"] {
            let result = try TestSupport.sluice([
                "run", "--input", root + "/" + day, "--plan", plan, "--output", root + "/out",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let manifest = try TestSupport.readJSON(
                try TestSupport.manifests(in: root + "/out").sorted { a, b in
                    (try? TestSupport.readJSON(a)["started_at"] as? String ?? "") ?? ""
                        < (try? TestSupport.readJSON(b)["started_at"] as? String ?? "") ?? ""
                }.last ?? "")
            priors.append((manifest["counts"] as? [String: Any])?["prior_duplicates"] as? Int ?? -1)
        }
        #expect(priors == [0, 1, 2])
        let counted = try Self.count(root + "/out")
        #expect(counted.rows == 4 && counted.ids == 4)
    }

    /// A rerun of a batch replaces its earlier run: same rows, no duplicates, and the
    /// earlier run's ids are not prior duplicates of themselves. Its summary names the run it
    /// replaces (it said nothing of it, so a glob's double count came as a surprise).
    @Test func rerunReplacesTheBatch() throws {
        let root = try TestSupport.scratchDirectory("rerun")
        try Self.nights(
            root,
            [
                "2026-11-30": [
                    Self.event("a", day: "2026-11-30", hour: 1),
                    Self.event("b", day: "2026-11-30", hour: 2),
                ]
            ])
        let plan = try Self.plan(root)
        let arguments = [
            "run", "--input", root + "/2026-11-30", "--plan", plan, "--output", root + "/out",
        ]
        #expect(try TestSupport.sluice(arguments).status == 0)
        let before = try TestSupport.pythonCheck(
            "delta_state.py", [root + "/out", "product_added", "tracks"])
        let second = try TestSupport.sluice(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("2 events loaded"))
        let after = try TestSupport.pythonCheck(
            "delta_state.py", [root + "/out", "product_added", "tracks"])
        #expect(CrashTests.ids(after, "product_added", "deltalake") == ["a", "b"])
        #expect(NSDictionary(dictionary: before).isEqual(to: after))
        let manifests = try TestSupport.manifests(in: root + "/out").map {
            try TestSupport.readJSON($0)
        }
        #expect(manifests.contains { ($0["supersedes"] as? [String])?.count == 1 })
        let first = manifests.first { ($0["supersedes"] as? [String])?.isEmpty ?? true }
        let firstId = first?["run_id"] as? String ?? "?"
        #expect(second.stdout.contains("replacing run \(firstId) of the same batch"))
    }

    /// A backfill skips days already loaded from the same files and resumes after the rest.
    @Test func backfillResumesWhereItStopped() throws {
        let root = try TestSupport.scratchDirectory("backfill")
        try Self.nights(
            root + "/logs",
            [
                "2026-11-01": [Self.event("a", day: "2026-11-01", hour: 1)],
                "2026-11-02": [Self.event("b", day: "2026-11-02", hour: 1)],
            ])
        let plan = try Self.plan(root)
        let first = try TestSupport.sluice([
            "backfill", "--input", root + "/logs", "--from", "2026-11-01", "--to", "2026-11-01",
            "--plan", plan, "--output", root + "/out",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try TestSupport.sluice([
            "backfill", "--input", root + "/logs", "--from", "2026-11-01", "--to", "2026-11-02",
            "--plan", plan, "--output", root + "/out",
        ])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("2026-11-01: already loaded"))
        #expect(second.stdout.contains("1 event loaded"))
        #expect(try Self.count(root + "/out").rows == 2)
        let missing = try TestSupport.sluice([
            "backfill", "--input", root + "/logs", "--from", "2026-11-02", "--to", "2026-11-03",
            "--plan", plan, "--output", root + "/out",
        ])
        #expect(missing.status == 3, "a day without a directory makes the backfill partial")
        #expect(missing.stderr.contains("2026-11-03: no directory"))
        let status = try TestSupport.sluice(["status", "--output", root + "/out"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("batch 2026-11-02"))
    }

    /// A backfill of last year into an output whose nightly runs already loaded a recent day
    /// keeps deduplicating across its nights. The index's days were expired counting back
    /// from its latest day alone, so each backfilled day's keys went as soon as its run
    /// committed and the next night loaded the same events again.
    @Test func backfillIntoALiveOutputDeduplicatesAcrossItsNights() throws {
        let root = try TestSupport.scratchDirectory("backfill-live")
        try Self.nights(
            root + "/logs",
            [
                "2026-12-01": [Self.event("n1", day: "2026-12-01", hour: 1)],
                "2025-11-01": [Self.event("m1", day: "2025-11-01", hour: 1)],
                "2025-11-02": [
                    Self.event("m1", day: "2025-11-02", hour: 1),
                    Self.event("m2", day: "2025-11-02", hour: 2),
                ],
            ])
        let plan = try Self.plan(root)
        let nightly = try TestSupport.sluice([
            "run", "--input", root + "/logs/2026-12-01", "--plan", plan, "--output", root + "/out",
        ])
        #expect(nightly.status == 0, "\(nightly.stderr)")

        let backfill = try TestSupport.sluice([
            "backfill", "--input", root + "/logs", "--from", "2025-11-01", "--to", "2025-11-02",
            "--plan", plan, "--output", root + "/out",
        ])

        #expect(backfill.status == 0, "\(backfill.stderr)")
        #expect(backfill.stdout.contains("1 prior duplicate"), "\(backfill.stdout)")
        let counted = try Self.count(root + "/out")
        #expect(counted.rows == 3 && counted.ids == 3, "\(counted)")
    }

    /// A rerun of a night that drops events a later night skipped as prior duplicates makes
    /// that later night stale. `sluice status` says so, and a backfill over the later night
    /// loads it again; it used to skip it as "already loaded from the same files", so the
    /// dropped events stayed in no table.
    @Test func backfillLoadsAgainANightARerunMadeStale() throws {
        let root = try TestSupport.scratchDirectory("stale-night")
        let ids = { (range: ClosedRange<Int>, day: String) in
            range.map { Self.event("m\($0)", day: day, hour: $0) }
        }
        try Self.nights(
            root + "/logs",
            ["2026-11-28": ids(0...4, "2026-11-28"), "2026-11-29": ids(3...7, "2026-11-29")])
        let plan = try Self.plan(root)
        let backfill = { (from: String) in
            try TestSupport.sluice([
                "backfill", "--input", root + "/logs", "--from", from, "--to", "2026-11-29",
                "--plan", plan, "--output", root + "/out",
            ])
        }
        #expect(try backfill("2026-11-28").status == 0)
        try Self.nights(root + "/logs", ["2026-11-28": ids(0...2, "2026-11-28")])
        let rerunArguments = [
            "run", "--input", root + "/logs/2026-11-28", "--plan", plan, "--output", root + "/out",
        ]
        // A dry run exits as the run would: it counts the dropped events too.
        let dry = try TestSupport.sluice(rerunArguments + ["--dry-run"])
        #expect(dry.status == 3, "\(dry.stdout) \(dry.stderr)")
        let rerun = try TestSupport.sluice(rerunArguments)
        #expect(rerun.status == 3, "\(rerun.stderr)")
        // A second rerun of the same files drops nothing against the first, but the events
        // are still missing: the later night stays stale (it was forgotten).
        #expect(try TestSupport.sluice(rerunArguments).status == 0)
        let stale = try TestSupport.sluice(["status", "--output", root + "/out"])
        #expect(stale.stdout.contains("NEEDS A RERUN (1)"), "\(stale.stdout)")
        #expect(stale.stdout.contains("batch 2026-11-29"), "\(stale.stdout)")

        let again = try backfill("2026-11-28")

        // The dropping rerun's own day loaded every line: it is not called incomplete.
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("2026-11-28: already loaded"), "\(again.stdout)")
        #expect(!again.stdout.contains("2026-11-29: already loaded"), "\(again.stdout)")
        let state = try TestSupport.pythonCheck("delta_state.py", [root + "/out", "product_added"])
        let loaded = CrashTests.ids(state, "product_added", "deltalake")
        #expect(loaded == (0...7).map { "m\($0)" }, "\(loaded)")
        let status = try TestSupport.sluice(["status", "--output", root + "/out"])
        #expect(!status.stdout.contains("NEEDS A RERUN"), "\(status.stdout)")
    }

    /// Two differing copies of a messageId an earlier night loaded: the chosen copy is a prior
    /// duplicate, so the other's record says that no copy loaded tonight and names no kept
    /// copy (it named the chosen copy's line as loaded).
    @Test func conflictLosingToAPriorDuplicateNamesNoKeptCopy() throws {
        let root = try TestSupport.scratchDirectory("prior-conflict")
        try Self.nights(
            root,
            [
                "2026-11-29": [Self.event("m2", day: "2026-11-29", hour: 1)],
                "2026-11-30": [
                    Self.event("m2", day: "2026-11-30", hour: 1, price: 20),
                    Self.event("m2", day: "2026-11-30", hour: 2, price: 30),
                ],
            ])
        let plan = try Self.plan(root)
        for day in ["2026-11-29", "2026-11-30"] {
            _ = try TestSupport.sluice([
                "run", "--input", root + "/" + day, "--plan", plan, "--output", root + "/out",
            ])
        }
        let records =
            try TestSupport.pythonCheck("quarantine.py", [root + "/out"])["records"]
            as? [[String: Any]] ?? []
        #expect(records.count == 1)
        #expect(records.first?["line"] as? Int == 2)
        #expect(records.first?["kept_copy"] == nil, "\(records)")
        #expect(
            (records.first?["detail"] as? String)?.contains("an earlier run already loaded")
                == true, "\(records)")
    }

    /// A day that fails stops the backfill with an error that names the day (it used to give
    /// the run's error alone, so a month's backfill left the reader to guess which day).
    @Test func backfillNamesTheDayThatFailed() throws {
        let root = try TestSupport.scratchDirectory("backfill-fails")
        try Self.nights(
            root + "/logs",
            [
                "2026-11-01": [Self.event("a", day: "2026-11-01", hour: 1)],
                "2026-11-02": [Self.event("b", day: "2026-11-02", hour: 1), "{not json"],
            ])
        let result = try TestSupport.sluice([
            "backfill", "--input", root + "/logs", "--from", "2026-11-01", "--to", "2026-11-03",
            "--plan", try Self.plan(root), "--output", root + "/out", "--max-quarantine-rate",
            "0",
        ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("Day 2026-11-02: "), "\(result.stderr)")
        #expect(!result.stderr.contains("2026-11-03"), "the backfill stops at the failing day")
        #expect(try Self.count(root + "/out").rows == 1)
    }

    /// Days the calendar lacks are refused before anything runs, as badly written ones are;
    /// they once passed the format check and ran nothing, with status 0.
    @Test func backfillRefusesDaysTheCalendarLacks() throws {
        let root = try TestSupport.scratchDirectory("backfill-dates")
        try Self.nights(
            root + "/logs", ["2026-12-01": [Self.event("a", day: "2026-12-01", hour: 1)]])
        let plan = try Self.plan(root)
        for (from, to) in [
            ("2026-11-31", "2026-12-01"), ("2026-02-29", "2026-03-01"),
            ("2026-13-01", "2026-12-01"),
            ("2026-12-00", "2026-12-01"), ("2026-12-01", "2026-12-32"),
        ] {
            let result = try TestSupport.sluice([
                "backfill", "--input", root + "/logs", "--from", from, "--to", to, "--plan", plan,
                "--output", root + "/out",
            ])
            #expect(result.status == 2, "\(from) to \(to): \(result.stderr)")
            #expect(result.stderr.contains("is not a day of the calendar"), "\(result.stderr)")
        }
        #expect(try TestSupport.manifests(in: root + "/out").isEmpty)
        let leap = try TestSupport.sluice([
            "backfill", "--input", root + "/logs", "--from", "2028-02-29", "--to", "2028-02-29",
            "--plan", plan, "--output", root + "/out",
        ])
        #expect(leap.stderr.contains("2028-02-29: no directory"), "a leap day is a day")
    }

    /// A day that did not load every line is named on stderr, both when it runs and when a
    /// later backfill skips it as already loaded, and either way the backfill exits 3; an
    /// empty day directory is named too and loads nothing.
    @Test func backfillNamesPartialAndEmptyDays() throws {
        let root = try TestSupport.scratchDirectory("backfill-partial")
        try Self.nights(
            root + "/logs",
            [
                "2026-11-01": [Self.event("a", day: "2026-11-01", hour: 1), "{not json"],
                "2026-11-02": [Self.event("b", day: "2026-11-02", hour: 1)],
            ])
        try FileManager.default.createDirectory(
            atPath: root + "/logs/2026-11-03", withIntermediateDirectories: true)
        let plan = try Self.plan(root)
        let arguments = [
            "backfill", "--input", root + "/logs", "--from", "2026-11-01", "--to", "2026-11-03",
            "--plan", plan, "--output", root + "/out",
        ]
        let first = try TestSupport.sluice(arguments)
        #expect(first.status == 3, "\(first.stderr)")
        #expect(first.stderr.contains("2026-11-01: not every line was loaded"), "\(first.stderr)")
        #expect(!first.stderr.contains("2026-11-02"), "\(first.stderr)")
        #expect(first.stderr.contains("2026-11-03") && first.stderr.contains("no log files"))
        #expect(try Self.count(root + "/out").rows == 2)

        let again = try TestSupport.sluice(arguments)
        #expect(again.status == 3, "a skipped partial day still makes the backfill partial")
        #expect(again.stdout.contains("2026-11-01: already loaded"))
        #expect(again.stderr.contains("2026-11-01: its run did not load every line"))
        #expect(!again.stderr.contains("2026-11-02"), "\(again.stderr)")
        #expect(try Self.count(root + "/out").rows == 2)
    }

    /// A second run on an output that is being written fails at once with a clear message.
    @Test func secondRunOnALockedOutputFails() throws {
        let root = try TestSupport.scratchDirectory("lock")
        try Self.nights(root, ["2026-11-30": [Self.event("a", day: "2026-11-30", hour: 1)]])
        let plan = try Self.plan(root)
        try FileManager.default.createDirectory(
            atPath: root + "/out", withIntermediateDirectories: true)
        // Hold the lock from another process, as a running job would.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [root + "/out/_sluice.lock", "sleep", "30"]
        try holder.run()
        defer { holder.terminate() }
        Thread.sleep(forTimeInterval: 0.5)
        let result = try TestSupport.sluice([
            "run", "--input", root + "/2026-11-30", "--plan", plan, "--output", root + "/out",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Another sluice run"))
        #expect(try TestSupport.manifests(in: root + "/out").isEmpty)
    }
}

/// Long histories stay fast to open: the tenth commit of a table writes a Parquet checkpoint,
/// and Delta readers read through it.
@Suite(.serialized) struct CheckpointRunTests {
    @Test func eleventhNightReadsThroughTheCheckpoint() throws {
        let root = try TestSupport.scratchDirectory("checkpoint")
        var days: [String: [String]] = [:]
        for night in 1...11 {
            let day = "2026-11-" + (night < 10 ? "0\(night)" : "\(night)")
            days[day] = [NightsTests.event("e\(night)", day: day, hour: 1)]
        }
        try NightsTests.nights(root, days)
        let plan = try NightsTests.plan(root)
        for day in days.keys.sorted() {
            let result = try TestSupport.sluice([
                "run", "--input", root + "/" + day, "--plan", plan, "--output", root + "/out",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let log = root + "/out/product_added/_delta_log"
        #expect(
            FileManager.default.fileExists(atPath: log + "/00000000000000000010.checkpoint.parquet")
        )
        #expect(FileManager.default.fileExists(atPath: log + "/_last_checkpoint"))
        let state = try TestSupport.pythonCheck("delta_state.py", [root + "/out", "product_added"])
        #expect(
            CrashTests.ids(state, "product_added", "deltalake")
                == (1...11).map { "e\($0)" }.sorted())
    }
}
