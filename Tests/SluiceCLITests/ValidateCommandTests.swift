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
        let result = try run(name, files: files)
        let objects = try result.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        let summary = objects.last { $0["summary"] as? Bool == true } ?? [:]
        return (result.status, objects.filter { $0["summary"] == nil }, summary)
    }

    /// Runs `sluice validate` with `arguments` on `files`, written into a new input directory.
    static func run(_ name: String, files: [String: Data], arguments: [String] = []) throws
        -> TestSupport.Result
    {
        let f = try RunCommandTests.fixture("validate-\(name)", files: [:])
        try Data(plan.utf8).write(to: URL(fileURLWithPath: f.plan))
        for (file, bytes) in files {
            try bytes.write(to: URL(fileURLWithPath: f.input + "/" + file))
        }
        return try TestSupport.sluice(
            ["validate", "--input", f.input, "--plan", f.plan] + arguments)
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

    /// An entry the check cannot read (a file named in invalid UTF-8) gets a `line: 0`
    /// verdict naming it and the reason, is counted, and makes the status 3, as it makes a
    /// run partial; it was skipped without a word and the night called all valid.
    @Test func anEntryThatCannotBeReadIsNamedAndCounted() throws {
        let f = try RunCommandTests.fixture(
            "validate-badname",
            files: ["ok.jsonl": RunCommandTests.event("n1", receivedAt: "2026-11-30T09:00:00Z")])
        try Data(Self.plan.utf8).write(to: URL(fileURLWithPath: f.plan))
        try InputEntryTests.writeFileNamedInInvalidUTF8(in: f.input)
        let result = try TestSupport.sluice(["validate", "--input", f.input, "--plan", f.plan])

        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        let objects = try result.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        let unchecked = objects.filter { $0["line"] as? Int == 0 }
        #expect(unchecked.count == 1)
        let description =
            (unchecked.first?["violations"] as? [[String: Any]])?.first?["description"]
            as? String ?? ""
        #expect(description.hasPrefix("name_not_utf8: "), "\(description)")
        #expect(objects.last?["unchecked_entries"] as? Int == 1)
        #expect(objects.last?["valid"] as? Int == 1)
    }

    /// A night whose only log is a gzip header and nothing more is refused (status 2) as
    /// holding no line, and the error points at the damaged file's verdict, which it did not.
    @Test func aNightOfOnlyADamagedFileSaysSoWhenRefused() throws {
        let f = try TestSupport.scratchDirectory("validate-header-only")
        let whole = try DamagedMemberTests.gzip(Data("{}\n".utf8), scratch: f + "/1")
        let result = try Self.run("header-only", files: ["a.jsonl.gz": whole.prefix(10)])

        #expect(result.status == 2)
        #expect(result.stderr.contains("one could not be read to its end"), "\(result.stderr)")
        #expect(result.stdout.contains("\"line\":0"), "\(result.stdout)")
    }

    /// A file cut short: its `line: 0` verdict says where reading stopped and that nothing
    /// after it was checked, as `run`'s quarantine record of it does; it gave the
    /// decompressor's message alone.
    @Test func aCutFileSaysWhereReadingStopped() throws {
        let events = (1...3).map {
            RunCommandTests.event("c\($0)", receivedAt: "2026-11-30T09:00:00Z")
        }
        let f = try TestSupport.scratchDirectory("validate-cut-gzip")
        let whole = try DamagedMemberTests.gzip(
            Data((events.joined(separator: "\n") + "\n").utf8), scratch: f + "/1")
        let run = try Self.validate("cut", files: ["a.jsonl.gz": whole.prefix(whole.count - 12)])

        #expect(run.status == 3)
        let damaged = run.verdicts.first { $0["line"] as? Int == 0 } ?? [:]
        let description =
            (damaged["violations"] as? [[String: Any]])?.first?["description"] as? String ?? ""
        #expect(description.contains("reading stopped at decompressed byte "), "\(description)")
        #expect(description.contains("nothing after that point"), "\(description)")
    }

    /// Files checked on several threads print exactly what one thread prints: every file's
    /// verdicts in path order, each file's in line order and its damage after them, and the
    /// same summary. The files are large enough that a thread hands its verdicts over in
    /// several parts.
    @Test func severalThreadsPrintWhatOneThreadPrints() throws {
        let f = try TestSupport.scratchDirectory("validate-threads")
        var files: [String: Data] = [:]
        for (index, name) in ["a.jsonl", "b.jsonl", "c.jsonl", "e.jsonl"].enumerated() {
            let lines = (0..<(4000 - 1500 * (index % 2))).map { line in
                switch line % 500 {
                case 7: return "{not json"
                case 11: return ""
                case 13:
                    return RunCommandTests.event("\(name)-\(line)", receivedAt: "x")
                        .replacingOccurrences(of: #""price":10"#, with: #""price":"ten""#)
                default:
                    return RunCommandTests.event(
                        "\(name)-\(line)", receivedAt: "2026-11-30T09:00:00Z")
                }
            }
            files[name] = Data(lines.joined(separator: "\n").utf8)
        }
        var damaged = try DamagedMemberTests.gzip(files["b.jsonl"]!, scratch: f + "/d")
        damaged[damaged.count - 8] ^= 0xFF
        files["d.jsonl.gz"] = damaged

        let one = try Self.run("threads-1", files: files, arguments: ["--threads", "1"])
        let three = try Self.run("threads-3", files: files, arguments: ["--threads", "3"])

        #expect(one.status == 3)
        #expect(three.status == one.status)
        #expect(three.stdout == one.stdout)
        // Every line but the blank ones, one verdict for the damaged member, and the summary.
        let lines = one.stdout.split(separator: "\n")
        let lineCounts = [4000, 2500, 4000, 2500, 2500]
        #expect(lines.count == lineCounts.map { $0 - $0 / 500 }.reduce(0, +) + 2)
        let names = lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["file"]
                as? String
        }
        #expect(names == names.sorted())
        #expect(Set(names).count == 5)
    }

    /// Verdicts nobody reads stop the check, as when the reader of a pipe is gone (`| head`):
    /// quietly, with the status of a process SIGPIPE ends (141), as `head`'s users expect of
    /// a command; they used to be printed into nothing to the end of the night, with the
    /// status of a check that was read, and then came with an error message on every `| head`.
    @Test func aClosedStdoutStopsTheCheck() throws {
        let f = try RunCommandTests.fixture(
            "validate-closed-stdout",
            files: ["a.jsonl": RunCommandTests.event("c1", receivedAt: "2026-11-30T09:00:00Z")])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.binary)
        process.arguments = ["validate", "--input", f.input, "--plan", f.plan]
        let (out, err) = (Pipe(), Pipe())
        (process.standardOutput, process.standardError) = (out, err)
        try out.fileHandleForReading.close()

        try process.run()
        let stderr = String(
            decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 141)
        #expect(stderr.isEmpty, "\(stderr)")
    }

    /// `--threads` takes a whole number from 1 to 256, as for `sluice run`.
    @Test(arguments: ["0", "257", "two"]) func aBadThreadCountIsAUsageError(_ value: String)
        throws
    {
        let result = try Self.run(
            "threads-bad", files: ["a.jsonl": Data("{}\n".utf8)], arguments: ["--threads", value])

        #expect(result.status == 2)
        #expect(result.stderr.contains("'--threads'"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
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
