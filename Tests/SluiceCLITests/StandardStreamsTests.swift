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
