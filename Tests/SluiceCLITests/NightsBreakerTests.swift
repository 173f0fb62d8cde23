import Foundation
import Testing

/// Regression tests for defects found by running many nights into one output: reruns in odd
/// orders, crashed reruns, gc, dedupe window edges and schema changes across nights. Each
/// keeps the smallest sequence of nights that shows the defect and asserts what the contract
/// promises, as seen by the deltalake package, DuckDB over the log's files, and the manifests.
@Suite(.serialized) struct NightsBreakerTests {
    /// One night's output folder, plan and input root for a test.
    struct Lake {
        var root: String
        var plan: String
        var output: String { root + "/out" }

        init(_ name: String, _ days: [String: [String]]) throws {
            root = try TestSupport.scratchDirectory("nb-\(name)")
            try NightsTests.nights(root, days)
            plan = try NightsTests.plan(root)
        }

        func run(_ day: String, _ extra: [String] = [], crashAt: String? = nil) throws
            -> TestSupport.Result
        {
            let arguments =
                ["run", "-q", "--input", root + "/" + day, "--plan", plan, "--output", output]
                + extra
            let environment = crashAt.map { ["SLUICE_CRASH_AT": $0] } ?? [:]
            return try TestSupport.run(TestSupport.binary, arguments, environment: environment)
        }

        /// Runs the nights `days` in turn, each expected to load fully (status 0).
        func load(_ days: [String]) throws {
            for day in days {
                let result = try run(day)
                #expect(result.status == 0, "\(day): \(result.stderr)")
            }
        }

        /// The ids deltalake reads of each table; `["?"]` when it cannot read the table.
        func ids(_ tables: [String]) throws -> [String: [String]] {
            let state = try TestSupport.pythonCheck("delta_state.py", [output] + tables)
            var ids: [String: [String]] = [:]
            for table in tables {
                let seen = CrashTests.ids(state, table, "deltalake")
                #expect(CrashTests.ids(state, table, "duckdb") == seen, "\(table): readers differ")
                ids[table] = seen
            }
            return ids
        }

        /// A lake whose first night (`a`, 2026-11-29) is loaded and whose second night
        /// (2026-11-30) holds `secondNight`: the setup of the tests that block a run's output.
        static func afterFirstNight(_ name: String, _ secondNight: [String]) throws -> Lake {
            let lake = try Lake(
                name,
                [
                    "2026-11-29": [NightsTests.event("a", day: "2026-11-29", hour: 1)],
                    "2026-11-30": secondNight,
                ])
            #expect(try lake.run("2026-11-29").status == 0)
            return lake
        }

        /// Runs `day` with a file standing at `blocked` (under the output) where the run needs
        /// a folder: the run must fail naming `named` and leave the output as it found it.
        /// The file is removed afterwards, so the next run can succeed.
        func runBlocked(
            _ day: String, at blocked: String, naming named: String, _ extra: [String] = []
        ) throws {
            let blocker = output + "/" + blocked
            try Data("not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
            let before = try Set(FileManager.default.subpathsOfDirectory(atPath: output))

            let failed = try run(day, extra)
            #expect(failed.status != 0)
            #expect(failed.stderr.contains(named), "\(failed.stderr)")
            let after = try Set(FileManager.default.subpathsOfDirectory(atPath: output))
            #expect(
                after == before, "left by the failed run: \(after.subtracting(before).sorted())")
            try FileManager.default.removeItem(atPath: blocker)
        }

        func lastCounts() throws -> [String: Any] {
            let last = try TestSupport.manifests(in: output).last ?? ""
            return try TestSupport.readJSON(last)["counts"] as? [String: Any] ?? [:]
        }
    }

    /// A `Product Added` event renamed to another event, so it lands in another table.
    static func event(_ id: String, day: String, name: String, price: String = "10") -> String {
        NightsTests.event(id, day: day, hour: 1)
            .replacingOccurrences(of: "Product Added", with: name)
            .replacingOccurrences(of: #""price":10"#, with: #""price":\#(price)"#)
    }

    /// A crashed rerun of night 1 is recovered by night 2's run (another batch): night 1's
    /// earlier run is still the live one, so every table must still show its rows.
    @Test(arguments: ["between-table-commits", "before-manifest"])
    func crashedRerunRecoveredByAnotherBatchKeepsTheLiveRunsRows(point: String) throws {
        let lake = try Lake(
            "crashed-rerun",
            [
                "2026-11-28": [NightsTests.event("a", day: "2026-11-28", hour: 1)],
                "2026-11-29": [NightsTests.event("c", day: "2026-11-29", hour: 1)],
            ])
        #expect(try lake.run("2026-11-28").status == 0)
        #expect(try lake.run("2026-11-28", crashAt: point).status == 9)

        #expect(try lake.run("2026-11-29").status == 0)
        let seen = try lake.ids(["product_added", "tracks"])
        #expect(seen["product_added"] == ["a", "c"], "\(point)")
        #expect(seen["tracks"] == ["a", "c"], "\(point)")
    }

    /// `sluice gc --grace-hours 0` after a crashed run must not delete files a table's Delta
    /// log still lists: readers must keep reading every table.
    @Test func gcAfterACrashedRunDeletesNoFileTheDeltaLogLists() throws {
        let lake = try Lake(
            "gc-crash",
            [
                "2026-11-28": [NightsTests.event("a", day: "2026-11-28", hour: 1)],
                "2026-11-29": [NightsTests.event("c", day: "2026-11-29", hour: 1)],
            ])
        #expect(try lake.run("2026-11-28").status == 0)
        #expect(try lake.run("2026-11-29", crashAt: "before-manifest").status == 9)

        let gc = try TestSupport.sluice(["gc", "--output", lake.output, "--grace-hours", "0"])
        #expect(gc.status == 0)
        let seen = try lake.ids(["product_added", "tracks"])
        #expect(seen["product_added"] == ["a"] || seen["product_added"] == ["a", "c"])
        #expect(seen["tracks"] == seen["product_added"])
    }

    /// A run that fails at its Delta commits (here: a column cannot widen over earlier
    /// files) exits 1, "committed nothing": every table must stay readable at its old
    /// version, and the next plain night must load.
    @Test func runFailingAtItsDeltaCommitLeavesEveryTableReadable() throws {
        let lake = try Lake(
            "widen",
            [
                "2026-11-28": [Self.event("a", day: "2026-11-28", name: "Zebra")],
                "2026-11-29": [Self.event("b", day: "2026-11-29", name: "Zebra", price: #""x""#)],
                "2026-11-30": [Self.event("c", day: "2026-11-30", name: "Zebra")],
            ])
        #expect(try lake.run("2026-11-28").status == 0)
        let widened = try lake.run("2026-11-29", ["--allow-widening"])

        #expect(widened.status == 1 || widened.status == 0)
        #expect(try lake.ids(["tracks"])["tracks"] == (widened.status == 0 ? ["a", "b"] : ["a"]))
        let next = try lake.run("2026-11-30")
        #expect(next.status == 0, "\(next.stderr)")
    }

    /// `--partition hour` one night and `day` the next is a usage error (status 2), found
    /// before the night is read, that leaves every table readable (here a new table of night
    /// 2 sorts before the existing ones).
    @Test func partitionChangeAcrossNightsLeavesEveryTableReadable() throws {
        let lake = try Lake(
            "partition",
            [
                "2026-11-28": [NightsTests.event("a", day: "2026-11-28", hour: 1)],
                "2026-11-29": [Self.event("b", day: "2026-11-29", name: "Aardvark")],
            ])
        #expect(try lake.run("2026-11-28", ["--partition", "hour"]).status == 0)
        let second = try lake.run("2026-11-29")
        #expect(second.status == 2, "\(second.stderr)")
        #expect(
            second.stderr.contains(
                "is partitioned by hour (day, hr), but this run partitions by day (day); "
                    + "rerun with '--partition hour'"), "\(second.stderr)")

        let seen = try lake.ids(["aardvark", "tracks"])
        #expect(seen["aardvark"] == [])
        #expect(seen["tracks"] == ["a"])
        #expect(try lake.run("2026-11-29", ["--partition", "hour"]).status == 0)
    }

    /// One event received far in the future must not expire the whole dedupe index: the next
    /// night's resend of an earlier night's event is still a prior duplicate.
    @Test func farFutureReceivedAtDoesNotExpireTheDedupeIndex() throws {
        let lake = try Lake(
            "future",
            [
                "2026-11-27": [NightsTests.event("a", day: "2026-11-27", hour: 1)],
                "2026-11-28": [NightsTests.event("f", day: "2099-01-01", hour: 1)],
                "2026-11-29": [NightsTests.event("a", day: "2026-11-29", hour: 1)],
            ])
        try lake.load(["2026-11-27", "2026-11-28", "2026-11-29"])
        #expect(try lake.lastCounts()["prior_duplicates"] as? Int == 1)
        #expect(try lake.ids(["product_added"])["product_added"] == ["a", "f"])
    }

    /// A batch run after another batch that already committed the same messageId (received a
    /// day later, within the window) must count it as a prior duplicate, not load it again:
    /// night 2 arrives before night 1.
    @Test func messageIdCommittedByALaterDayIsAPriorDuplicate() throws {
        let lake = try Lake(
            "late-night",
            [
                "2026-11-28": [NightsTests.event("a", day: "2026-11-28", hour: 1)],
                "2026-11-29": [NightsTests.event("a", day: "2026-11-29", hour: 1)],
            ])
        #expect(try lake.run("2026-11-29").status == 0)
        #expect(try lake.run("2026-11-28").status == 0)

        #expect(try lake.lastCounts()["prior_duplicates"] as? Int == 1)
        #expect(try lake.ids(["product_added"])["product_added"] == ["a"])
    }

    /// Night 2 counted `b` as a prior duplicate of night 1; rerunning night 1 from a fixed
    /// file without `b` must not lose `b` (night 2 received it) without a word. Also with an
    /// unchanged rerun of night 1 between: night 2 skipped `b` as a duplicate of night 1's
    /// first run, which that rerun replaced and carried `b` on; the check used to look only
    /// at runs after the run being replaced, which night 2 is not, so `b` was lost with
    /// status 0.
    @Test(arguments: [false, true])
    func rerunOfAnEarlierNightDoesNotLoseALaterNightsPriorDuplicate(
        unchangedRerunBetween: Bool
    ) throws {
        let lake = try Lake(
            "lost-\(unchangedRerunBetween)",
            [
                "2026-11-28": [
                    NightsTests.event("a", day: "2026-11-28", hour: 1),
                    NightsTests.event("b", day: "2026-11-28", hour: 2),
                ],
                "2026-11-29": [NightsTests.event("b", day: "2026-11-29", hour: 1)],
            ])
        #expect(try lake.run("2026-11-28").status == 0)
        #expect(try lake.run("2026-11-29").status == 0)
        if unchangedRerunBetween { #expect(try lake.run("2026-11-28").status == 0) }
        try NightsTests.nights(
            lake.root, ["2026-11-28": [NightsTests.event("a", day: "2026-11-28", hour: 1)]])

        let rerun = try lake.run("2026-11-28")
        let seen = try lake.ids(["product_added"])["product_added"]
        #expect(seen == ["a", "b"] || rerun.status != 0, "b vanished: \(rerun.stderr)")
        #expect(try lake.lastCounts()["dropped_by_rerun"] as? Int == 1)
    }

    /// A hand-deleted `_delta_log` must not make the next run silently publish a table of
    /// tonight's rows only: it rebuilds the log from the live runs or fails clearly.
    @Test func deletedDeltaLogIsRebuiltOrRefused() throws {
        let lake = try Lake(
            "deleted-log",
            [
                "2026-11-28": [NightsTests.event("a", day: "2026-11-28", hour: 1)],
                "2026-11-29": [NightsTests.event("c", day: "2026-11-29", hour: 1)],
            ])
        #expect(try lake.run("2026-11-28").status == 0)
        try FileManager.default.removeItem(atPath: lake.output + "/product_added/_delta_log")

        let next = try lake.run("2026-11-29")
        let seen = try lake.ids(["product_added"])["product_added"]
        #expect(seen == ["a", "c"] || next.status == 1, "silently lost 'a': \(seen ?? [])")
    }

    /// A backfill of nights long past (older than the window, counted from today) must still
    /// dedupe across its nights: the window is counted from the index's latest day, so the
    /// first night's keys are there for the second.
    @Test func backfillOfOldNightsDedupesAcrossNights() throws {
        let lake = try Lake(
            "old-backfill",
            [
                "2024-03-01": [NightsTests.event("a", day: "2024-03-01", hour: 1)],
                "2024-03-02": [
                    NightsTests.event("a", day: "2024-03-02", hour: 1),
                    NightsTests.event("b", day: "2024-03-02", hour: 2),
                ],
            ])
        #expect(try lake.run("2024-03-01").status == 0)
        #expect(try lake.run("2024-03-02").status == 0)

        #expect(try lake.lastCounts()["prior_duplicates"] as? Int == 1)
        #expect(try lake.ids(["product_added"])["product_added"] == ["a", "b"])
    }

    /// Days older than the window before the index's latest day still expire.
    @Test func daysOlderThanTheWindowBeforeTheLatestDayExpire() throws {
        let lake = try Lake(
            "old-expiry",
            [
                "2024-03-01": [NightsTests.event("a", day: "2024-03-01", hour: 1)],
                "2024-03-20": [NightsTests.event("b", day: "2024-03-20", hour: 1)],
            ])
        #expect(try lake.run("2024-03-01").status == 0)
        #expect(FileManager.default.fileExists(atPath: lake.output + "/_dedupe/day=2024-03-01"))
        #expect(try lake.run("2024-03-20").status == 0)

        #expect(!FileManager.default.fileExists(atPath: lake.output + "/_dedupe/day=2024-03-01"))
        #expect(FileManager.default.fileExists(atPath: lake.output + "/_dedupe/day=2024-03-20"))
    }

    /// A rerun of a night whose neighbours' keys expired cannot find their ids, so it loaded
    /// an event the night before had loaded, and exited 0. It now counts the window's expired
    /// days, says so and exits 3; a straggler from last week does not trip it, since the
    /// index keeps twice the window.
    @Test func rerunReachingExpiredDaysSaysSo() throws {
        let lake = try Lake(
            "expired-window",
            [
                "2024-03-01": [NightsTests.event("a", day: "2024-03-01", hour: 1)],
                "2024-03-02": [NightsTests.event("b", day: "2024-03-02", hour: 1)],
                "2024-03-20": [NightsTests.event("c", day: "2024-03-20", hour: 1)],
                "2024-03-21": [
                    NightsTests.event("d", day: "2024-03-21", hour: 1),
                    NightsTests.event("s", day: "2024-03-14", hour: 1),
                ],
            ])
        try lake.load(["2024-03-01", "2024-03-02", "2024-03-20"])
        let nightly = try lake.run("2024-03-21")
        #expect(nightly.status == 0, "a straggler a week old: \(nightly.stderr)")
        try NightsTests.nights(
            lake.root,
            [
                "2024-03-02": [
                    NightsTests.event("a", day: "2024-03-02", hour: 1),
                    NightsTests.event("b", day: "2024-03-02", hour: 1),
                ]
            ])

        let rerun = try lake.run("2024-03-02")

        #expect(rerun.status == 3, "\(rerun.stderr)")
        #expect(try lake.lastCounts()["expired_window_days"] as? Int == 2)

        // A backfill over such a night says so too (it exited 0), and so does an unbounded
        // window (it counted nothing).
        try NightsTests.nights(
            lake.root, ["2024-03-02": [NightsTests.event("b", day: "2024-03-02", hour: 1)]])
        let backfill = try TestSupport.sluice([
            "backfill", "-q", "--input", lake.root, "--from", "2024-03-02", "--to", "2024-03-02",
            "--plan", lake.plan, "--output", lake.output,
        ])
        #expect(backfill.status == 3, "\(backfill.stderr)")
        #expect(backfill.stderr.contains("dedupe window had expired"), "\(backfill.stderr)")
        let unbounded = try lake.run("2024-03-02", ["--dedupe-window-days", "unbounded"])
        #expect(unbounded.status == 3, "\(unbounded.stderr)")
    }

    /// A rerun of an old night whose replaced run's keys expired cannot count what it drops,
    /// so a later night that skipped one of those events as a prior duplicate stayed as it
    /// was, and the event was in no table. That night now needs a rerun, and gets one.
    @Test func rerunThatCannotCountItsDropsMakesLaterNightsStale() throws {
        let lake = try Lake(
            "expired-drop",
            [
                "2024-03-01": [NightsTests.event("a", day: "2024-03-01", hour: 1)],
                "2024-03-02": [
                    NightsTests.event("a", day: "2024-03-02", hour: 1),
                    NightsTests.event("b", day: "2024-03-02", hour: 1),
                ],
                "2024-03-20": [NightsTests.event("c", day: "2024-03-20", hour: 1)],
            ])
        try lake.load(["2024-03-01", "2024-03-02", "2024-03-20"])
        try NightsTests.nights(
            lake.root, ["2024-03-01": [NightsTests.event("x", day: "2024-03-01", hour: 1)]])
        #expect(try lake.run("2024-03-01").status == 3)

        let status = try TestSupport.sluice(["status", "--output", lake.output])
        #expect(status.stdout.contains("batch 2024-03-02"), "\(status.stdout)")
        let backfill = try TestSupport.sluice([
            "backfill", "-q", "--input", lake.root, "--from", "2024-03-02", "--to", "2024-03-02",
            "--plan", lake.plan, "--output", lake.output,
        ])

        #expect(backfill.status != 1, "\(backfill.stderr)")
        #expect(try lake.ids(["product_added"])["product_added"] == ["a", "b", "c", "x"])
    }

    /// An event received in year 9999 wrote the window's end as "10000-01-07", which sorts
    /// before every real day, so no index day was looked in and resends loaded twice.
    @Test func eventOfYear9999DoesNotTurnOffTheNightsDedupe() throws {
        let lake = try Lake(
            "year-9999",
            [
                "2026-11-10": [NightsTests.event("x", day: "2026-11-10", hour: 1)],
                "2026-11-11": [
                    NightsTests.event("x", day: "2026-11-11", hour: 1),
                    NightsTests.event("far", day: "9999-12-31", hour: 1),
                ],
            ])
        #expect(try lake.run("2026-11-10").status == 0)
        #expect(try lake.run("2026-11-11").status == 0)
        #expect(try lake.lastCounts()["prior_duplicates"] as? Int == 1)
        #expect(try lake.ids(["tracks"])["tracks"] == ["far", "x"])
    }

    /// Each event looks within its own window: one straggler received months ago widened the
    /// night's window to one span, raising a false alarm for expired days near no event.
    @Test func oldStragglerRaisesNoFalseAlarm() throws {
        let lake = try Lake(
            "straggler-alarm",
            [
                "2024-03-01": [NightsTests.event("a", day: "2024-03-01", hour: 1)],
                "2024-03-20": [NightsTests.event("c", day: "2024-03-20", hour: 1)],
                "2024-03-21": [
                    NightsTests.event("d", day: "2024-03-21", hour: 1),
                    NightsTests.event("old", day: "2024-01-01", hour: 1),
                ],
            ])
        try lake.load(["2024-03-01", "2024-03-20"])
        let night = try lake.run("2024-03-21")
        #expect(night.status == 0, "\(night.stderr)")
        #expect(try lake.lastCounts()["expired_window_days"] as? Int == 0)
    }

    /// A backfill night whose every event an earlier night loaded wrote no keys, so its
    /// expiry counted back from the output's latest day and removed the backfill's earlier
    /// days; the next night loaded a resend again.
    @Test func backfillNightOfPriorDuplicatesOnlyKeepsTheBackfillsDays() throws {
        let lake = try Lake(
            "all-prior",
            [
                "2026-12-05": [NightsTests.event("n", day: "2026-12-05", hour: 1)],
                "2026-06-01": [NightsTests.event("j1", day: "2026-06-01", hour: 1)],
                "2026-06-02": [NightsTests.event("j2", day: "2026-06-02", hour: 1)],
                "2026-06-03": [NightsTests.event("j2", day: "2026-06-03", hour: 1)],
                "2026-06-04": [
                    NightsTests.event("j4", day: "2026-06-04", hour: 1),
                    NightsTests.event("j2", day: "2026-06-04", hour: 2),
                ],
            ])
        #expect(try lake.run("2026-12-05").status == 0)
        for day in ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04"] {
            let night = try lake.run(day)
            #expect(night.status == 0, "\(day): \(night.stderr)")
        }
        #expect(try lake.ids(["tracks"])["tracks"] == ["j1", "j2", "j4", "n"])
    }

    /// One run with the default window expired keys a 30-day pipeline still looks in: the
    /// widest window a run used is kept.
    @Test func defaultWindowRunKeepsTheKeysOfAWiderPipeline() throws {
        let lake = try Lake(
            "wide-window",
            [
                "2026-11-01": [NightsTests.event("a", day: "2026-11-01", hour: 1)],
                "2026-11-20": [NightsTests.event("b", day: "2026-11-20", hour: 1)],
                "2026-11-21": [NightsTests.event("c", day: "2026-11-21", hour: 1)],
                "2026-11-26": [NightsTests.event("a", day: "2026-11-26", hour: 1)],
            ])
        let wide = ["--dedupe-window-days", "30"]
        #expect(try lake.run("2026-11-01", wide).status == 0)
        #expect(try lake.run("2026-11-20", wide).status == 0)
        #expect(try lake.run("2026-11-21").status == 0)
        let night = try lake.run("2026-11-26", wide)
        #expect(night.status == 0, "\(night.stderr)")
        #expect(try lake.lastCounts()["prior_duplicates"] as? Int == 1)
    }

    /// A straggler a later night counted as a prior duplicate: the later night's expiry
    /// removed the straggler's day, so a rerun that dropped the straggler counted nothing
    /// and nothing was flagged. Its night's days are kept now, and the drop is counted.
    @Test func rerunDroppingAStragglerCountsIt() throws {
        let lake = try Lake(
            "straggler-drop",
            [
                "2026-11-10": [
                    NightsTests.event("a1", day: "2026-11-10", hour: 1),
                    NightsTests.event("s", day: "2026-10-20", hour: 1),
                ],
                "2026-11-11": [
                    NightsTests.event("b1", day: "2026-11-11", hour: 1),
                    NightsTests.event("s", day: "2026-10-20", hour: 1),
                ],
            ])
        #expect(try lake.run("2026-11-10").status == 0)
        #expect(try lake.run("2026-11-11").status == 0)
        try NightsTests.nights(
            lake.root, ["2026-11-10": [NightsTests.event("a1", day: "2026-11-10", hour: 1)]])

        #expect(try lake.run("2026-11-10").status == 3)

        #expect(try lake.lastCounts()["dropped_by_rerun"] as? Int == 1)
        let status = try TestSupport.sluice(["status", "--output", lake.output])
        #expect(status.stdout.contains("batch 2026-11-11"), "\(status.stdout)")
    }

    /// A key written on a day past year 9999 (`23:00-05:00` on 9999-12-31) went to a folder
    /// `day=10000-01-01` that lookups skip, so the event loaded again in another batch.
    @Test func keysPastYear9999AreFound() throws {
        let line =
            #"{"type":"track","event":"E","messageId":"z","anonymousId":"a","#
            + #""receivedAt":"9999-12-31T23:00:00-05:00"}"#
        let lake = try Lake("year-10000", ["one": [line], "two": [line]])
        #expect(try lake.run("one").status == 0)
        #expect(try lake.run("two").status == 0)
        #expect(try lake.lastCounts()["prior_duplicates"] as? Int == 1)
    }

    /// A rerun whose every line fails to parse loads no event, and so skipped the check of
    /// its replaced run's expired keys: the later night that skipped one of them stayed as
    /// it was. And a later night is judged near the rerun by the days of its prior
    /// duplicates too, not only the days it loaded.
    @Test func rerunsReplacedKeysAndPriorDuplicateDaysFlagLaterNights() throws {
        let lake = try Lake(
            "rerun-flags",
            [
                "2026-11-01": [NightsTests.event("a", day: "2026-11-01", hour: 1)],
                "2026-11-02": [
                    NightsTests.event("a", day: "2026-11-02", hour: 1),
                    NightsTests.event("b", day: "2026-11-09", hour: 1),
                ],
                "2026-11-25": [NightsTests.event("c", day: "2026-11-25", hour: 1)],
            ])
        try lake.load(["2026-11-01", "2026-11-02", "2026-11-25"])
        try Data("this is not json\n".utf8).write(
            to: URL(fileURLWithPath: lake.root + "/2026-11-01/events.jsonl"))

        #expect(try lake.run("2026-11-01").status == 3)

        #expect(try lake.lastCounts()["rerun_keys_expired"] as? Int == 1)
        let status = try TestSupport.sluice(["status", "--output", lake.output])
        #expect(status.stdout.contains("batch 2026-11-02: rerun"), "\(status.stdout)")
    }

    /// An unchanged rerun of a night whose window only reaches expired days, its own keys
    /// intact, drops nothing and flags nothing (it flagged later nights, and following the
    /// advice went round and round).
    @Test func rerunWithIntactKeysFlagsNothing() throws {
        let lake = try Lake(
            "intact-rerun",
            [
                "2026-11-08": [NightsTests.event("e8", day: "2026-11-08", hour: 1)],
                "2026-11-14": [
                    NightsTests.event("e13", day: "2026-11-14", hour: 1),
                    NightsTests.event("e14", day: "2026-11-14", hour: 2),
                ],
                "2026-11-15": [
                    NightsTests.event("e14", day: "2026-11-15", hour: 1),
                    NightsTests.event("e15", day: "2026-11-15", hour: 2),
                ],
                "2026-11-24": [NightsTests.event("e24", day: "2026-11-24", hour: 1)],
            ])
        try lake.load(["2026-11-08", "2026-11-14", "2026-11-15", "2026-11-24"])

        _ = try lake.run("2026-11-14")

        #expect(try lake.lastCounts()["rerun_keys_expired"] as? Int == 0)
        let status = try TestSupport.sluice(["status", "--output", lake.output])
        #expect(!status.stdout.contains("NEEDS A RERUN"), "\(status.stdout)")
    }

    /// A messageId whose winning copy tonight is an old straggler was looked for only
    /// within the straggler's window, so last night's key, a day from tonight's other copy,
    /// was missed and the event loaded twice.
    @Test func anyCopysDayFindsThePriorKey() throws {
        let lake = try Lake(
            "copy-days",
            [
                "2026-11-19": [NightsTests.event("x", day: "2026-11-19", hour: 1)],
                "2026-11-20": [
                    NightsTests.event("x", day: "2026-11-20", hour: 1),
                    NightsTests.event("x", day: "2026-11-05", hour: 1),
                ],
            ])
        #expect(try lake.run("2026-11-19").status == 0)
        // The copies' event times differ, so tonight's loser is a quarantined conflict: 3.
        #expect(try lake.run("2026-11-20").status == 3)
        #expect(try lake.lastCounts()["prior_duplicates"] as? Int == 1)
        #expect(try lake.ids(["tracks"])["tracks"] == ["x"])
    }

    /// A winning straggler copy wrote its key only on its own old day, so the next night's
    /// resend, a day after tonight's other copy, did not find it and loaded again.
    @Test func keyIsKeptOnTheLastCopysDayToo() throws {
        let lake = try Lake(
            "last-copy-day",
            [
                "2026-11-20": [
                    NightsTests.event("x", day: "2026-11-01", hour: 1),
                    NightsTests.event("x", day: "2026-11-20", hour: 1),
                ],
                "2026-11-21": [NightsTests.event("x", day: "2026-11-21", hour: 1)],
            ])
        _ = try lake.run("2026-11-20")
        _ = try lake.run("2026-11-21")
        #expect(try lake.lastCounts()["prior_duplicates"] as? Int == 1)
        #expect(try lake.ids(["tracks"])["tracks"] == ["x"])
    }

    /// A rerun's replaced run counts as expired only when its key files are gone: a rerun
    /// of a rerun written after its day expired has them, and flags nothing (each such rerun
    /// flagged its neighbours, and following the advice never settled).
    @Test func rerunOfARerunFindsItsKeys() throws {
        let lake = try Lake(
            "rerun-rerun",
            [
                "2026-11-01": [NightsTests.event("a", day: "2026-11-01", hour: 1)],
                "2026-11-20": [NightsTests.event("b", day: "2026-11-20", hour: 1)],
            ])
        #expect(try lake.run("2026-11-01").status == 0)
        #expect(try lake.run("2026-11-20").status == 0)
        #expect(try lake.run("2026-11-01").status == 3)
        #expect(try lake.lastCounts()["rerun_keys_expired"] as? Int == 1)

        _ = try lake.run("2026-11-01")

        #expect(try lake.lastCounts()["rerun_keys_expired"] as? Int == 0)
    }

    /// A backfill day whose only fault is that its replaced run's keys expired (a straggler's
    /// day) exited 0 where the same `sluice run` exits 3, and the summary did not say why.
    @Test func backfillExitsAsTheRunWhenOnlyReplacedKeysExpired() throws {
        let lake = try Lake(
            "replaced-keys",
            [
                "2026-11-19": [
                    NightsTests.event("a", day: "2026-11-19", hour: 1),
                    NightsTests.event("s", day: "2026-10-01", hour: 1),
                ]
            ])
        try lake.load(["2026-11-19"])
        try NightsTests.nights(
            lake.root, ["2026-11-19": [NightsTests.event("a", day: "2026-11-19", hour: 1)]])

        let backfill = try TestSupport.sluice([
            "backfill", "--input", lake.root, "--from", "2026-11-19", "--to", "2026-11-19",
            "--plan", lake.plan, "--output", lake.output,
        ])

        #expect(backfill.status == 3, "\(backfill.stdout) \(backfill.stderr)")
        #expect(try lake.lastCounts()["rerun_keys_expired"] as? Int == 1)
        #expect(try lake.lastCounts()["expired_window_days"] as? Int == 0)
        #expect(
            backfill.stdout.contains("of the replaced run's keys expired"), "\(backfill.stdout)")
    }

    /// Once a run looked unbounded, nothing expires: default-window runs expired days the
    /// unbounded runs then reported as expired, night after night.
    @Test func unboundedWindowKeepsEveryDay() throws {
        let lake = try Lake(
            "unbounded-keep",
            [
                "2026-11-01": [NightsTests.event("a", day: "2026-11-01", hour: 1)],
                "2026-11-20": [NightsTests.event("b", day: "2026-11-20", hour: 1)],
                "2026-11-21": [NightsTests.event("c", day: "2026-11-21", hour: 1)],
            ])
        let unbounded = ["--dedupe-window-days", "unbounded"]
        #expect(try lake.run("2026-11-01", unbounded).status == 0)
        #expect(try lake.run("2026-11-20").status == 0)
        #expect(FileManager.default.fileExists(atPath: lake.output + "/_dedupe/day=2026-11-01"))
        let night = try lake.run("2026-11-21", unbounded)
        #expect(night.status == 0, "\(night.stderr)")
    }

    /// One event a night received in 1970 (an unset clock) kept every day since from expiry.
    @Test func stragglersFrom1970DoNotStopExpiry() throws {
        let old = { (id: String) in NightsTests.event(id, day: "1970-01-01", hour: 1) }
        let lake = try Lake(
            "epoch-stragglers",
            [
                "2026-10-01": [NightsTests.event("a", day: "2026-10-01", hour: 1), old("o1")],
                "2026-11-20": [NightsTests.event("b", day: "2026-11-20", hour: 1), old("o2")],
                "2026-11-21": [NightsTests.event("c", day: "2026-11-21", hour: 1), old("o3")],
            ])
        // Such a straggler's own key expires at once, so a resend of it is counted as
        // reaching an expired day (status 3); the point here is that expiry goes on.
        for day in ["2026-10-01", "2026-11-20", "2026-11-21"] { _ = try lake.run(day) }
        #expect(!FileManager.default.fileExists(atPath: lake.output + "/_dedupe/day=2026-10-01"))
        #expect(FileManager.default.fileExists(atPath: lake.output + "/_dedupe/day=2026-11-21"))
    }

    /// A run with a wide window killed after its manifest recorded no window, so the next
    /// runs expired the keys it needs with the default: the record comes before the commit.
    @Test func wideWindowIsRecordedBeforeTheCommit() throws {
        let lake = try Lake(
            "wide-crash", ["2026-11-01": [NightsTests.event("a", day: "2026-11-01", hour: 1)]])
        let crashed = try lake.run(
            "2026-11-01", ["--dedupe-window-days", "30"], crashAt: "after-manifest")
        #expect(crashed.status == 9, "\(crashed.stderr)")
        let record = try String(
            contentsOfFile: lake.output + "/_dedupe/window-days", encoding: .utf8)
        #expect(record.hasPrefix("30"), "\(record)")
    }

    /// A dropping rerun flags only the later nights within the window of its days: those
    /// further on never looked at its keys (it flagged every later night, and following the
    /// flags reran nights ever further back).
    @Test func droppingRerunFlagsOnlyNightsWithinItsWindow() throws {
        var days: [String: [String]] = [:]
        for day in 1...10 {
            let name = "2026-11-" + (day < 10 ? "0" : "") + "\(day)"
            days[name] = [NightsTests.event("e\(day)", day: name, hour: 2)]
            if day > 1 { days[name]!.append(NightsTests.event("e\(day - 1)", day: name, hour: 1)) }
        }
        let lake = try Lake("flag-window", days)
        for name in days.keys.sorted() { #expect(try lake.run(name).status == 0) }
        try NightsTests.nights(
            lake.root, ["2026-11-02": [NightsTests.event("e1", day: "2026-11-02", hour: 1)]])

        #expect(try lake.run("2026-11-02").status == 3)

        let status = try TestSupport.sluice(["status", "--output", lake.output])
        #expect(status.stdout.contains("NEEDS A RERUN (7)"), "\(status.stdout)")
        #expect(!status.stdout.contains("batch 2026-11-10: rerun"), "\(status.stdout)")
    }

    /// One night run with `--dedupe-window-days 0` must not expire the keys a later night with
    /// the default window still needs.
    @Test func narrowWindowNightDoesNotExpireKeysOfWiderWindows() throws {
        let lake = try Lake(
            "window-zero",
            [
                "2026-11-27": [NightsTests.event("a", day: "2026-11-27", hour: 1)],
                "2026-11-28": [NightsTests.event("b", day: "2026-11-28", hour: 1)],
                "2026-11-29": [NightsTests.event("a", day: "2026-11-29", hour: 1)],
            ])
        #expect(try lake.run("2026-11-27").status == 0)
        #expect(try lake.run("2026-11-28", ["--dedupe-window-days", "0"]).status == 0)
        #expect(try lake.run("2026-11-29").status == 0)

        #expect(try lake.lastCounts()["prior_duplicates"] as? Int == 1)
        #expect(try lake.ids(["product_added"])["product_added"] == ["a", "b"])
    }

    /// Rerunning a night with the same `--run-id` (a cron using the date as run id) must not
    /// destroy the committed run's data: refuse the id (status 2) or replace the batch.
    @Test func rerunWithTheSameRunIdKeepsTheCommittedData() throws {
        let lake = try Lake(
            "same-run-id",
            ["2026-11-28": [NightsTests.event("a", day: "2026-11-28", hour: 1)]])
        let id = ["--run-id", "nightly-2026-11-28"]
        #expect(try lake.run("2026-11-28", id).status == 0)

        let again = try lake.run("2026-11-28", id)
        #expect(again.status == 0 || again.status == 2, "\(again.stderr)")
        let seen = try lake.ids(["product_added", "tracks"])
        #expect(seen["product_added"] == ["a"])
        #expect(seen["tracks"] == ["a"])
    }

    /// The dedupe key files are written beside the table stage, before the commit: a run that
    /// cannot write one (here a file stands where its second day's key folder goes) must fail
    /// saying where, leave none of its files behind (the first day's key file included), and
    /// let the next run load the night.
    @Test func runThatCannotWriteItsDedupeKeysFailsAndLeavesNothing() throws {
        let lake = try Lake.afterFirstNight(
            "keys-blocked",
            [
                NightsTests.event("b", day: "2026-11-29", hour: 23),
                NightsTests.event("c", day: "2026-11-30", hour: 1),
            ])
        try lake.runBlocked("2026-11-30", at: "_dedupe/day=2026-11-30", naming: "day=2026-11-30")
        #expect(try lake.ids(["product_added"])["product_added"] == ["a"])

        #expect(try lake.run("2026-11-30").status == 0)
        #expect(try lake.ids(["product_added"])["product_added"] == ["a", "b", "c"])
    }

    /// The quarantine is written beside the table stage, before the discards: when the
    /// discards cannot be written (a file stands where their folder goes), the run must fail
    /// and take back the quarantine file it already wrote, so the next run quarantines the
    /// bad line once.
    @Test func runThatCannotWriteItsDiscardsLeavesNoQuarantine() throws {
        // Two member names that are one name in Unicode: the second value is discarded.
        let repeated = NightsTests.event("b", day: "2026-11-30", hour: 1)
            .replacingOccurrences(
                of: #""price":10"#, with: #""price":10,"caf\u00e9":1,"cafe\u0301":2"#)
        let lake = try Lake.afterFirstNight("discards-blocked", [repeated, "not json"])
        try lake.runBlocked("2026-11-30", at: "_discards", naming: "_discards")

        #expect(try lake.run("2026-11-30").status == 3)
        let counts = try lake.lastCounts()
        #expect(counts["quarantined_lines"] as? Int == 1)
        #expect(counts["discarded_values"] as? Int == 1)
        let quarantine = try FileManager.default.subpathsOfDirectory(
            atPath: lake.output + "/_quarantine")
        #expect(quarantine.filter { $0.hasSuffix(".ndjson.gz") }.count == 1, "\(quarantine)")
    }

    /// A run over `--max-quarantine-rate` whose quarantine also cannot be written must
    /// report the rate, the failure the user can act on, as it did when the quarantine was
    /// written after the check rather than beside the table stage.
    @Test func runOverTheQuarantineRateReportsItBeforeAQuarantineItCannotWrite() throws {
        let lake = try Lake.afterFirstNight(
            "rate-and-quarantine-blocked",
            [NightsTests.event("b", day: "2026-11-30", hour: 1), "not json"])
        try lake.runBlocked(
            "2026-11-30", at: "_quarantine", naming: "--max-quarantine-rate",
            ["--max-quarantine-rate", "0.1"])
    }

    /// Tables are written several at once: when one cannot be written (here a file stands
    /// where its folder goes), the run must fail saying which, and take back the files the
    /// other tables wrote meanwhile, so the next run loads the night whole.
    @Test func runThatCannotWriteOneTableLeavesNoOtherTablesFiles() throws {
        let page =
            #"{"type":"page","name":"Home","messageId":"p","anonymousId":"a-p","timestamp":"2026-11-30T02:00:00Z","receivedAt":"2026-11-30T02:00:02Z"}"#
        let lake = try Lake.afterFirstNight(
            "table-blocked", [NightsTests.event("b", day: "2026-11-30", hour: 1), page])
        try lake.runBlocked("2026-11-30", at: "pages", naming: "pages")

        #expect(try lake.run("2026-11-30").status == 0)
        let seen = try lake.ids(["product_added", "tracks", "pages"])
        #expect(seen["product_added"] == ["a", "b"])
        #expect(seen["tracks"] == ["a", "b"])
        #expect(seen["pages"] == ["p"])
    }
}
