import Foundation
import Testing

/// `--row-memory`: rows that outgrow it are spilled to `$TMPDIR` and merged back, and the
/// tables come out the same as when everything fits; spill files never outlive the run.
@Suite(.serialized) struct RowSpillTests {
    static let samples = TestSupport.packageRoot + "/samples"

    /// The smallest budget `sluice run` accepts: a spill every few dozen rows.
    static let tinyBudget = "65536"

    struct Layout: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var testDescription: String { name }
    }

    /// A run of the samples with its own `$TMPDIR`, so the test can see every spill file.
    static func runSamples(_ name: String, _ arguments: [String]) throws -> (
        output: String, temporary: String, result: TestSupport.Result
    ) {
        let root = try TestSupport.scratchDirectory(name)
        let temporary = root + "/tmp"
        try FileManager.default.createDirectory(
            atPath: temporary, withIntermediateDirectories: true)
        let result = try TestSupport.run(
            TestSupport.binary,
            [
                "run", "--input", samples + "/logs/2026-11-30", "--plan", samples + "/plan.json",
                "--output", root + "/out", "--run-id", "spill-test",
            ] + arguments, environment: ["TMPDIR": temporary])
        return (root + "/out", temporary, result)
    }

    static func contents(_ directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? ["?"]
    }

    static func manifest(_ output: String) throws -> [String: Any] {
        try TestSupport.readJSON(try TestSupport.manifests(in: output).first ?? "")
    }

    /// The outputs' paths, row counts and receivedAt ranges, in manifest order.
    static func outputs(_ manifest: [String: Any]) -> [String] {
        (manifest["outputs"] as? [[String: Any]] ?? []).map { output in
            let fields = ["path", "rows", "min_received_at", "max_received_at"]
            return fields.map { "\(output[$0] ?? "nil")" }.joined(separator: " ")
        }
    }

    static func discards(_ output: String) throws -> [String] {
        let folder = output + "/_discards/run=spill-test"
        return try contents(folder).sorted().flatMap { name in
            let result = try TestSupport.run("/bin/gzip", ["-dc", folder + "/" + name])
            return result.stdout.split(separator: "\n").map(String.init)
        }
    }

    @Test(arguments: [
        Layout(name: "by day", arguments: []),
        Layout(name: "by hour, one thread", arguments: ["--partition", "hour", "--threads", "1"]),
        Layout(name: "by event time", arguments: ["--partition-by", "event", "--threads", "3"]),
    ])
    func spilledRunWritesTheSameTablesAsAnUnspilledOne(_ layout: Layout) throws {
        let whole = try Self.runSamples("whole", layout.arguments)
        let spilled = try Self.runSamples(
            "spilled", layout.arguments + ["--row-memory", Self.tinyBudget])
        #expect(whole.result.status == 3, "\(whole.result.stderr)")
        #expect(spilled.result.status == 3, "\(spilled.result.stderr)")

        let wholeManifest = try Self.manifest(whole.output)
        let spilledManifest = try Self.manifest(spilled.output)
        let wholeCounts = wholeManifest["counts"] as? [String: Any] ?? [:]
        let spilledCounts = spilledManifest["counts"] as? [String: Any] ?? [:]
        #expect(wholeCounts["row_spills"] as? Int == 0)
        #expect((spilledCounts["row_spills"] as? Int ?? 0) > 10)
        #expect(
            spilledCounts["rows_by_table"] as? [String: Int]
                == wholeCounts["rows_by_table"] as? [String: Int])
        #expect(!Self.outputs(wholeManifest).isEmpty)
        #expect(Self.outputs(spilledManifest) == Self.outputs(wholeManifest))
        #expect(try Self.discards(spilled.output) == Self.discards(whole.output))

        let wholeRows = try TestSupport.pythonCheck("table_rows.py", [whole.output])
        let spilledRows = try TestSupport.pythonCheck("table_rows.py", [spilled.output])
        let wholeFiles = wholeRows["files"] as? [String: [String: Any]] ?? [:]
        let spilledFiles = spilledRows["files"] as? [String: [String: Any]] ?? [:]
        #expect(wholeFiles.count == Self.outputs(wholeManifest).count)
        #expect(Set(spilledFiles.keys) == Set(wholeFiles.keys))
        for (path, file) in wholeFiles {
            let other = spilledFiles[path] ?? [:]
            #expect(other["schema"] as? [String] == file["schema"] as? [String], "\(path)")
            #expect(other["rows"] as? Int == file["rows"] as? Int, "\(path)")
            #expect(other["row_groups"] as? Int == file["row_groups"] as? Int, "\(path)")
            #expect(other["digest"] as? String == file["digest"] as? String, "\(path)")
        }
        #expect(Self.contents(spilled.temporary) == [])
        #expect(Self.contents(whole.temporary) == [])
    }

    /// A run that fails after spilling (here: over --max-quarantine-rate) removes its spill
    /// files along with everything else it wrote.
    @Test func failedRunLeavesNoSpillFiles() throws {
        let run = try Self.runSamples(
            "failed", ["--row-memory", Self.tinyBudget, "--max-quarantine-rate", "0"])
        #expect(run.result.status == 1, "\(run.result.stderr)")
        #expect(Self.contents(run.temporary) == [])
        #expect(try TestSupport.manifests(in: run.output).isEmpty)
    }

    /// A spill that cannot be written fails the run with an I/O error naming the directory.
    @Test func unwritableSpillDirectoryFailsTheRun() throws {
        let root = try TestSupport.scratchDirectory("unwritable")
        let missing = root + "/no-such-directory"
        let result = try TestSupport.run(
            TestSupport.binary,
            [
                "run", "--input", Self.samples + "/logs/2026-11-30", "--plan",
                Self.samples + "/plan.json", "--output", root + "/out", "--row-memory",
                Self.tinyBudget, "--log-format", "json", "--quiet",
            ], environment: ["TMPDIR": missing])
        #expect(result.status == 1)
        let failed = result.stderr.split(separator: "\n").compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }.first { $0["event"] as? String == "run_failed" }
        #expect(failed?["code"] as? String == "io")
        #expect((failed?["message"] as? String ?? "").contains("'\(missing)'"))
        // The advice fits the cause: a missing directory, not a full disk.
        let message = failed?["message"] as? String ?? ""
        #expect(message.contains("a directory on the path is missing"), "\(message)")
        #expect(try TestSupport.manifests(in: root + "/out").isEmpty)
    }

    /// A spill whose pid is not alive here but whose directory is locked belongs to a run in
    /// another pid namespace sharing the temporary base: the sweep leaves it alone.
    @Test func sweepLeavesALockedSpillOfAnotherPidNamespace() throws {
        let root = try TestSupport.scratchDirectory("locked")
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let foreign = root + "/tmp/sluice-rows-\(exited.processIdentifier)-foreign"
        let dead = root + "/tmp/sluice-rows-\(exited.processIdentifier)-dead"
        for directory in [foreign, dead] {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: directory + "/rows.bin", contents: Data())
        }
        let held = open(foreign, O_RDONLY | O_DIRECTORY)
        defer { close(held) }
        #expect(flock(held, LOCK_EX | LOCK_NB) == 0)

        let next = try TestSupport.run(
            TestSupport.binary,
            [
                "run", "--input", Self.samples + "/logs/2026-11-30", "--plan",
                Self.samples + "/plan.json", "--output", root + "/out",
            ], environment: ["TMPDIR": root + "/tmp"])
        #expect(next.status == 3, "\(next.stderr)")
        #expect(Self.contents(root + "/tmp") == ["sluice-rows-\(exited.processIdentifier)-foreign"])
    }

    /// A run killed after spilling leaves its spill directory; the next run removes it, and
    /// leaves alone the directory of a process that still runs.
    @Test func nextRunSweepsTheSpillOfAKilledRun() throws {
        let root = try TestSupport.scratchDirectory("killed")
        let killed = (output: root + "/out", temporary: root + "/tmp")
        let alive = killed.temporary + "/sluice-rows-\(getpid())-keepme"
        try FileManager.default.createDirectory(atPath: alive, withIntermediateDirectories: true)

        let crashed = try TestSupport.run(
            TestSupport.binary,
            [
                "run", "--input", Self.samples + "/logs/2026-11-30", "--plan",
                Self.samples + "/plan.json", "--output", killed.output, "--row-memory",
                Self.tinyBudget,
            ], environment: ["TMPDIR": killed.temporary, "SLUICE_CRASH_AT": "after-row-spill"])
        #expect(crashed.status == 9, "\(crashed.stderr)")
        let left = Self.contents(killed.temporary).filter { $0.hasPrefix("sluice-rows-") }
        #expect(left.count > 1, "one directory per spilling worker and the live one: \(left)")

        let next = try TestSupport.run(
            TestSupport.binary,
            [
                "run", "--input", Self.samples + "/logs/2026-11-30", "--plan",
                Self.samples + "/plan.json", "--output", killed.output,
            ], environment: ["TMPDIR": killed.temporary])
        #expect(next.status == 3, "\(next.stderr)")
        #expect(Self.contents(killed.temporary) == ["sluice-rows-\(getpid())-keepme"])
    }

    /// Budget checks also come every few large lines, not only every few hundred events: 60
    /// events of 200 KB (12 MB of rows) pass a 4 MiB budget well before a check counted by
    /// events alone would look, so they must spill.
    @Test func fewLargeEventsOverTheBudgetSpill() throws {
        let blob = String(repeating: "x", count: 200_000)
        let lines = (0..<60).map { index in
            """
            {"type":"track","event":"Big","messageId":"m\(index)","anonymousId":"a","receivedAt":"2026-11-30T10:00:00Z","properties":{"blob":"\(blob)\(index)"}}
            """
        }
        let counts = try Self.runOneThreadIn4MiB("large-lines-spill", lines)
        #expect((counts["row_spills"] as? Int ?? 0) >= 2)
        #expect(counts["events_loaded"] as? Int == 60)
    }

    /// String dictionaries never take a worker's whole budget, however many distinct values
    /// repeat-worthy keys bring: 6,000 events each give one of six keys a new 1 KB value
    /// (about 6 MiB of dictionaries), then 10,000 small events follow. Were the dictionaries
    /// free to fill the 4 MiB budget, every check would spill the few rows stored since the
    /// last (51 spills); capped at half of it, rows keep room and spill about a dozen times.
    @Test func stringDictionariesLeaveRowsRoomInTheBudget() throws {
        let padding = String(repeating: "x", count: 995)
        var lines: [String] = []
        for index in 0..<16_000 {
            let property =
                index < 6_000
                ? #""a\#(index / 1_000)":"\#(index % 1_000)\#(padding)""# : #""n":\#(index)"#
            lines.append(
                #"{"type":"track","event":"Wide","messageId":"m\#(index)","#
                    + #""receivedAt":"2026-11-30T10:00:00Z","properties":{\#(property)}}"#)
        }

        let counts = try Self.runOneThreadIn4MiB("dictionary-budget", lines)

        #expect(counts["events_loaded"] as? Int == 16_000)
        let spills = counts["row_spills"] as? Int ?? 0
        #expect(spills >= 2 && spills <= 20, "\(spills) spills")
    }

    /// Runs `lines` as one file on one thread with 4 MiB of row memory, expecting success,
    /// and returns the manifest's counts.
    static func runOneThreadIn4MiB(_ name: String, _ lines: [String]) throws -> [String: Any] {
        let f = try RunCommandTests.fixture(
            name, files: ["a.jsonl": lines.joined(separator: "\n") + "\n"])
        let result = try TestSupport.run(
            TestSupport.binary,
            [
                "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
                "--row-memory", "4194304", "--threads", "1", "--quiet",
            ])
        #expect(result.status == 0, "\(result.stderr.prefix(300))")
        return try manifest(f.output)["counts"] as? [String: Any] ?? [:]
    }
}
