import Foundation
import Testing

/// `sluice validate`: a verdict per line, one per damaged file, the summary, and the status.
@Suite struct ValidateCommandTests {
    /// A plan whose `Product Added` events need a numeric price.
    static let plan = """
        {"name": "Prices", "rules": [{"type": "TRACK", "key": "Product Added", "version": 1,
         "jsonSchema": {"type": "object", "properties": {"properties": {"type": "object",
         "required": ["price"], "properties": {"price": {"type": "number"}}}}}}]}
        """

    /// Runs `sluice validate` on `files` and returns the status, the verdicts and the summary.
    static func validate(_ name: String, files: [String: Data]) throws -> (
        status: Int32, verdicts: [[String: Any]], summary: [String: Any]
    ) {
        let f = try RunCommandTests.fixture("validate-\(name)", files: [:])
        try Data(plan.utf8).write(to: URL(fileURLWithPath: f.plan))
        for (file, bytes) in files {
            try bytes.write(to: URL(fileURLWithPath: f.input + "/" + file))
        }
        let result = try TestSupport.sluice(["validate", "--input", f.input, "--plan", f.plan])
        let objects = try result.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        let summary = objects.last { $0["summary"] as? Bool == true } ?? [:]
        return (result.status, objects.filter { $0["summary"] == nil }, summary)
    }

    @Test func everyLineGetsAVerdictAndTheSummaryCountsThem() throws {
        let lines = [
            RunCommandTests.event("v1", receivedAt: "2026-11-30T09:00:00Z"),
            RunCommandTests.event("v2", receivedAt: "2026-11-30T09:00:00Z")
                .replacingOccurrences(of: #""price":10"#, with: #""price":"ten""#),
            "", "{not json",
        ]
        let run = try Self.validate(
            "mixed", files: ["a.jsonl": Data(lines.joined(separator: "\n").utf8)])

        #expect(run.status == 3)
        #expect(
            run.verdicts.map { $0["verdict"] as? String } == ["valid", "invalid", "unreadable"])
        #expect(run.verdicts.map { $0["line"] as? Int } == [1, 2, 4])
        #expect(run.verdicts.first?["messageId"] as? String == "v1")
        #expect(run.summary["lines"] as? Int == 4)
        #expect(run.summary["valid"] as? Int == 1)
        #expect(run.summary["invalid"] as? Int == 1)
        #expect(run.summary["unreadable"] as? Int == 1)
        #expect(run.summary["blank_lines"] as? Int == 1)
        #expect(run.summary["untrusted_lines"] as? Int == 0)

        let clean = try Self.validate(
            "clean",
            files: ["a.jsonl": Data(lines[0].utf8)])
        #expect(clean.status == 0)
        #expect(clean.summary["valid"] as? Int == 1)
    }

    /// A gzip member that fails its check: its lines get verdicts of what was read, the file
    /// a `line: 0` verdict naming them, and the summary says how many verdicts that touches;
    /// it used to count them as valid with nothing in the summary to tell them apart.
    @Test func theLinesOfAFailedMemberAreCountedAsUntrusted() throws {
        let events = (1...4).map {
            RunCommandTests.event("u\($0)", receivedAt: "2026-11-30T09:00:00Z")
        }
        let f = try TestSupport.scratchDirectory("validate-untrusted-gzip")
        var first = try DamagedMemberTests.gzip(
            Data((events[..<3].joined(separator: "\n") + "\n").utf8), scratch: f + "/1")
        first[first.count - 8] ^= 0xFF
        let second = try DamagedMemberTests.gzip(
            Data((events[3] + "\n").utf8), scratch: f + "/2")
        let run = try Self.validate("untrusted", files: ["a.jsonl.gz": first + second])

        #expect(run.status == 3)
        #expect(run.summary["lines"] as? Int == 4)
        #expect(run.summary["valid"] as? Int == 4)
        #expect(run.summary["untrusted_lines"] as? Int == 3)
        #expect(run.summary["partial_files"] as? Int == 1)
        let damaged = run.verdicts.first { $0["line"] as? Int == 0 } ?? [:]
        let description =
            (damaged["violations"] as? [[String: Any]])?.first?["description"] as? String ?? ""
        #expect(description.contains("lines 1 to 3"), "\(description)")
    }

    /// A directory without log files is refused as `run` refuses it (status 2), naming what
    /// it skipped and what a log file's name ends in: a pre-check in a script must not pass
    /// on logs that have not arrived. It printed an all-valid summary and exited 0.
    @Test func aDirectoryWithoutLogFilesIsRefused() throws {
        let f = try RunCommandTests.fixture("validate-no-logs", files: ["notes.txt": "{}\n"])
        try Data(Self.plan.utf8).write(to: URL(fileURLWithPath: f.plan))
        for command in ["validate", "run"] {
            var arguments = [command, "--input", f.input, "--plan", f.plan]
            if command == "run" { arguments += ["--output", f.output] }
            let result = try TestSupport.sluice(arguments)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(
                result.stderr.contains("holds no log files (1 other entry skipped: 'notes.txt')"))
            #expect(result.stderr.contains(".jsonl"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }

        // Log files that hold no line but blank ones are refused the same way.
        try Data("\n  \n".utf8).write(to: URL(fileURLWithPath: f.input + "/blank.jsonl"))
        try Data().write(to: URL(fileURLWithPath: f.input + "/empty.jsonl"))
        let blank = try TestSupport.sluice(["validate", "--input", f.input, "--plan", f.plan])
        #expect(blank.status == 2, "\(blank.stderr)")
        #expect(blank.stderr.contains("no line that is not blank"), "\(blank.stderr)")
    }

    /// A plan that cannot be loaded is a usage error (status 2) that names the problem.
    @Test func anUnreadablePlanIsAUsageError() throws {
        let f = try RunCommandTests.fixture("validate-bad-plan", files: ["a.jsonl": "{}\n"])
        try Data("{\"rules\": [".utf8).write(to: URL(fileURLWithPath: f.plan))
        let result = try TestSupport.sluice(["validate", "--input", f.input, "--plan", f.plan])
        #expect(result.status == 2)
        #expect(result.stderr.contains("sluice: error:"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
