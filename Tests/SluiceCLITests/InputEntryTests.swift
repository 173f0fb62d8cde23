import Foundation
import Testing

/// `sluice run` on input entries it cannot read as they are: names that are not UTF-8, paths
/// too long to open, log files without a line, and writes the process limits stop. None may
/// end in a run that looks complete, a silent loss or a death without a word.
@Suite(.serialized) struct InputEntryTests {
    static func event(_ id: String) -> String {
        RunCommandTests.event(id, receivedAt: "2026-11-30T10:00:00Z") + "\n"
    }

    static func run(_ f: (input: String, plan: String, output: String)) throws
        -> TestSupport.Result
    {
        try TestSupport.sluice(["run", "--input", f.input, "--plan", f.plan, "--output", f.output])
    }

    /// The counts of the output's only manifest.
    static func counts(_ output: String) throws -> [String: Any] {
        let manifests = try TestSupport.manifests(in: output)
        try #require(manifests.count == 1)
        return try TestSupport.readJSON(manifests[0])["counts"] as? [String: Any] ?? [:]
    }

    /// A log file whose name is not valid UTF-8 cannot be opened by a repaired name: the run
    /// names it as unread and is partial (status 3), where it used to skip it as a "broken
    /// symlink" and exit 0 with its lines lost.
    @Test func fileNamedInInvalidUTF8MakesTheRunPartial() throws {
        let f = try RunCommandTests.fixture("badname", files: ["ok.jsonl": Self.event("m1")])
        try Self.writeFileNamedInInvalidUTF8(in: f.input)

        let result = try Self.run(f)
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("1 unreadable input entry"), "\(result.stdout)")
        #expect(try Self.counts(f.output)["unreadable_entries"] as? Int == 1)
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: f.output)[0])
        let skipped = manifest["skipped_inputs"] as? [[String: Any]] ?? []
        #expect(skipped.map { $0["reason"] as? String } == ["name_not_utf8"])
    }

    /// Writes an event into `bad<0xFF>name.jsonl` in `directory`, a name that is not UTF-8.
    static func writeFileNamedInInvalidUTF8(in directory: String) throws {
        let name = Array(directory.utf8) + Array("/bad".utf8) + [0xFF] + Array("name.jsonl".utf8)
        let descriptor = (name + [0]).withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) {
                open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644)
            }
        }
        try #require(descriptor >= 0)
        let line = Array(Self.event("m2").utf8)
        #expect(write(descriptor, line, line.count) == line.count)
        close(descriptor)
    }

    /// Log files without a line beside an entry the run cannot read: refused too, naming the
    /// entry, since a run that read nothing would replace the batch with nothing.
    @Test func emptyLogsBesideAnUnreadEntryAreRefusedNamingIt() throws {
        let f = try RunCommandTests.fixture("badname-empty", files: ["ok.jsonl": ""])
        try Self.writeFileNamedInInvalidUTF8(in: f.input)
        try TestSupport.expectRefused(
            try Self.run(f), saying: "name.jsonl': name_not_utf8", output: f.output)
    }

    /// A log file whose path is longer than the system takes (`stat` fails with
    /// ENAMETOOLONG) is not a dangling link: it is named as unread and the run is partial.
    @Test func fileBeyondThePathLimitMakesTheRunPartial() throws {
        let f = try RunCommandTests.fixture("longpath", files: ["ok.jsonl": Self.event("m1")])
        // Made one directory at a time, relative to the last, as no single path may be this
        // long; 230 levels of 20 characters pass Linux's 4096-byte limit. Python changes
        // directory by the relative name, where the shell's `cd` builds the whole path.
        let level = String(repeating: "d", count: 20)
        let script = """
            import os, sys
            os.chdir(sys.argv[1])
            for _ in range(230):
                os.mkdir("\(level)")
                os.chdir("\(level)")
            open("deep.jsonl", "w").write(sys.argv[2])
            """
        let made = try TestSupport.run(
            TestSupport.python, ["-c", script, f.input, Self.event("m2")])
        try #require(made.status == 0, "\(made.stderr)")

        let result = try Self.run(f)
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        let counts = try Self.counts(f.output)
        #expect(
            (counts["unreadable_entries"] as? Int ?? 0)
                + (counts["unreadable_directories"] as? Int ?? 0) >= 1, "\(counts)")
        try? FileManager.default.removeItem(atPath: f.input + "/" + level)
    }

    /// A night whose only log file is empty (or holds only blank lines) is a log a writer did
    /// not finish, not a quiet night: refused with status 2 and nothing committed, so a rerun
    /// of the batch keeps the rows the batch loaded before.
    @Test func logFilesWithoutALineAreRefusedAndKeepTheBatch() throws {
        let f = try RunCommandTests.fixture("emptylogs", files: ["a.jsonl": Self.event("m1")])
        #expect(try Self.run(f).status == 0)

        for content in ["", "\n\n"] {
            try Data(content.utf8).write(to: URL(fileURLWithPath: f.input + "/a.jsonl"))
            let rerun = try Self.run(f)
            #expect(rerun.status == 2, "\(rerun.stderr)")
            #expect(rerun.stderr.contains("no line that is not blank"), "\(rerun.stderr)")
            #expect(try TestSupport.manifests(in: f.output).count == 1)
        }
        #expect(try Self.counts(f.output)["events_loaded"] as? Int == 1)
    }

    /// An empty file named as compressed is damaged (its writer never wrote the header); a
    /// night of nothing but such files is refused too, naming the file and why, instead of
    /// committing an empty run that would replace the batch.
    @Test func nightOfOnlyAnEmptyCompressedFileIsRefusedNamingIt() throws {
        let f = try RunCommandTests.fixture("emptygz", files: ["a.jsonl.gz": ""])
        try TestSupport.expectRefused(
            try Self.run(f), saying: "'a.jsonl.gz': the file is empty", output: f.output)
    }

    /// A write past the file size limit (`ulimit -f`) used to kill the run with SIGXFSZ and
    /// no message; it now fails the run (status 1) with an error naming the limit.
    @Test func fileSizeLimitFailsTheRunWithAMessage() throws {
        let root = try TestSupport.scratchDirectory("fsize")
        let samples = TestSupport.packageRoot + "/samples"
        let result = try TestSupport.run(
            "/bin/sh",
            [
                "-c", "ulimit -f 20; exec \"$0\" \"$@\"", TestSupport.binary, "run", "--input",
                samples + "/logs/2026-11-30", "--plan", samples + "/plan.json", "--output",
                root + "/out", "--quiet",
            ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("ulimit -f"), "\(result.stderr)")
        #expect(try TestSupport.manifests(in: root + "/out").isEmpty)
    }
}
