import Foundation
import Testing

/// A run started with stdout or stderr closed (`>&-` in a cron line) must not hand those
/// descriptors to its own files: its summary and log lines would be written into them.
@Suite struct StandardStreamsTests {
    /// Runs `sluice` through `sh` with `redirections` applied to it, e.g. `2>&-`.
    static func sluice(_ arguments: [String], redirections: String) throws -> Int32 {
        let script = "exec \"$0\" \"$@\" \(redirections)"
        return try TestSupport.run("/bin/sh", ["-c", script, TestSupport.binary] + arguments)
            .status
    }

    static func arguments(_ f: (input: String, plan: String, output: String)) -> [String] {
        ["run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--log-format", "json"]
    }

    /// The closing JSON line on stdout carries the counts the text summary shows, the
    /// violations among them (it had none), and agrees with the manifest.
    @Test func theClosingJSONLineCountsWhatTheManifestCounts() throws {
        let output = try TestSupport.scratchDirectory("json-summary")
        let result = try TestSupport.sluice([
            "run", "--input", TestSupport.packageRoot + "/samples/logs/2026-11-30", "--plan",
            TestSupport.packageRoot + "/samples/plan.json", "--output", output, "--log-format",
            "json",
        ])
        #expect(result.status == 3)
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let line = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: output).first!)
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        for key in [
            "lines", "events_loaded", "duplicates", "quarantined_lines",
            "events_with_violations", "partial_files",
        ] {
            #expect(line?[key] as? Int == counts[key] as? Int, "\(key)")
        }
        let byType = counts["violations_by_type"] as? [String: Int] ?? [:]
        #expect(line?["violations"] as? Int == byType.values.reduce(0, +))
        #expect((line?["violations"] as? Int ?? 0) > 0)
    }

    /// With only stderr closed, the output's lock file would get descriptor 2 and the JSON
    /// log lines would overwrite the pid it holds. (With stdout closed as well, the lock file
    /// takes descriptor 1, which this run writes nothing to before it lets the lock go.)
    @Test func theLockFileHoldsOnlyThePid() throws {
        let f = try RunCommandTests.fixture(
            "streams",
            files: ["a.jsonl": RunCommandTests.event("m1", receivedAt: "2026-11-30T10:00:02Z")])

        let status = try Self.sluice(Self.arguments(f), redirections: "2>&-")

        #expect(status == 0)
        let lock = try String(contentsOfFile: f.output + "/_sluice.lock", encoding: .utf8)
        #expect(lock.wholeMatch(of: /[0-9]+\n/) != nil, "\(lock.prefix(200))")
    }

    /// With stdout and stderr closed, the gzip checkpoint file would get descriptor 2 and the
    /// log lines would overwrite a saved decoder state that a read back then resumes from.
    @Test func losersReadBackFromCheckpointsKeepTheirBytes() throws {
        let c = ConflictTests.cases.first { $0.name == "losers read back from gzip checkpoints" }!
        let f = try RunCommandTests.fixture("streams-checkpoints", files: [:])
        for (name, lines) in c.files {
            let data = Data((lines.joined(separator: "\n") + "\n").utf8)
            try ConflictTests.write(data, to: f.input + "/" + name, truncatedBy: 0)
        }

        let status = try Self.sluice(
            Self.arguments(f) + ["--threads", "1"], redirections: ">&- 2>&-")

        #expect(status == 3)
        let records = try TestSupport.pythonCheck("quarantine.py", [f.output])["records"]
        let raws = (records as? [[String: Any]] ?? []).map { $0["raw"] as? String }
        #expect(raws == c.conflicts.map { c.files[$0.file]?[$0.line - 1] })
    }
}
