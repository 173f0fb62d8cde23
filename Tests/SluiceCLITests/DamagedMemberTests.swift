import Foundation
import Testing

/// A gzip member whose CRC check fails: its lines were decoded before the check could fail,
/// so none of them is loaded. Each is quarantined with its bytes as read, and a good file's
/// copy of one of their messageIds is loaded instead of losing to the untrusted copy.
@Suite struct DamagedMemberTests {
    @Test(arguments: [1, 2])
    func linesOfAMemberThatFailsItsCheckAreQuarantinedNotLoaded(threads: Int) throws {
        let events = (1...10).map {
            RunCommandTests.event("m\($0)", receivedAt: "2026-11-30T09:00:00Z", price: $0)
        }
        // m7 again, received later and with another price: were the damaged copy trusted, it
        // would win the conflict and the good copy would be quarantined.
        let good = RunCommandTests.event("m7", receivedAt: "2026-11-30T11:00:00Z", price: 700)
        let f = try RunCommandTests.fixture(
            "damaged-member-\(threads)", files: ["b.jsonl": good + "\n"])
        // Lines that are not events in the damaged member, the last without its newline, are
        // as untrusted as the events: what made them fail may be the damage itself. An event
        // name met only there (as a damaged name would be) makes no table.
        let onlyDamaged = #"{"type":"track","event":"Only Damaged","messageId":"m11"}"#
        let tail = [onlyDamaged, "{not json", #"{"type":"#]
        let text = Data(((events + tail).joined(separator: "\n")).utf8)
        // The first member ends inside line 5, so line 5 holds bytes of both members.
        let split = text.range(of: Data(#""m5""#.utf8))!.lowerBound
        var second = try Self.gzip(text[split...], scratch: f.input + "/../second")
        second[second.count - 8] ^= 0xFF
        let first = try Self.gzip(text[..<split], scratch: f.input + "/../first")
        try (first + second).write(to: URL(fileURLWithPath: f.input + "/a.jsonl.gz"))

        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--threads",
            String(threads),
        ])
        #expect(result.status == 3, "\(result.stderr)")

        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: f.output).first!)
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        #expect(counts["events_loaded"] as? Int == 5)
        #expect(counts["quarantined_lines"] as? Int == 9)
        #expect(counts["failed_integrity_check_lines"] as? Int == 9)
        #expect(counts["conflicting_duplicates"] as? Int == 0)
        #expect(counts["partial_files"] as? Int == 1)

        let quarantine = try TestSupport.pythonCheck("quarantine.py", [f.output])
        let records = quarantine["records"] as? [[String: Any]] ?? []
        let untrusted = records.filter { $0["reason"] as? String == "failed_integrity_check" }
        #expect(untrusted.compactMap { $0["line"] as? Int }.sorted() == Array(5...13))
        #expect(records.filter { ($0["line"] as? Int ?? 0) > 0 }.count == 9)
        for record in untrusted where record["line"] as? Int ?? 0 > 10 {
            let line = record["line"] as? Int ?? 0
            #expect(record["raw"] as? String == tail[line - 11])
            let detail = record["detail"] as? String ?? ""
            // The last line, without its newline, ends the file: read whole, it is bad JSON.
            if let formerReason = [12: "rejected as", 13: "unexpected_end"][line] {
                #expect(detail.contains(formerReason), "\(detail)")
            }
        }
        for record in untrusted where record["line"] as? Int ?? 0 <= 10 {
            let line = record["line"] as? Int ?? 0
            #expect(record["raw"] as? String == events[line - 1])
            #expect(record["message_id"] as? String == "m\(line)")
            #expect((record["detail"] as? String)?.contains("incorrect data check") == true)
        }
        let damaged = records.first { $0["reason"] as? String == "file_damaged" } ?? [:]
        #expect((damaged["detail"] as? String)?.contains("lines 5 to 13") == true)

        let sql = """
            select id, price from read_parquet('\(f.output)/product_added/*/*.parquet')
            order by id
            """
        let rows = try TestSupport.pythonCheck("query.py", [f.output, sql])["rows"]
        let loaded = (rows as? [[String: Any]] ?? []).map {
            "\($0["id"] ?? "") \($0["price"] ?? "")"
        }
        #expect(loaded == ["m1 1", "m2 2", "m3 3", "m4 4", "m7 700"])
        #expect(!FileManager.default.fileExists(atPath: f.output + "/only_damaged"))
    }

    /// A batch rerun on a redelivered file whose only member fails its check read nothing it
    /// can trust: it is refused like an empty input (status 2), and the batch keeps its rows,
    /// where it used to be emptied.
    @Test func aRerunOnAWhollyDamagedFileKeepsTheBatch() throws {
        let line = RunCommandTests.event("w1", receivedAt: "2026-11-30T09:00:00Z") + "\n"
        let f = try RunCommandTests.fixture("damaged-rerun", files: [:])
        let good = try Self.gzip(Data(line.utf8), scratch: f.input + "/../good")
        try good.write(to: URL(fileURLWithPath: f.input + "/a.jsonl.gz"))
        let arguments = [
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--batch", "night",
        ]
        #expect(try TestSupport.sluice(arguments).status == 0)

        var damaged = good
        damaged[damaged.count - 8] ^= 0xFF
        try damaged.write(to: URL(fileURLWithPath: f.input + "/a.jsonl.gz"))
        let rerun = try TestSupport.sluice(arguments)
        #expect(rerun.status == 2, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("damaged part"), "\(rerun.stderr)")
        #expect(try TestSupport.manifests(in: f.output).count == 1)
        let sql = "select id from read_parquet('\(f.output)/product_added/*/*.parquet')"
        let rows = try TestSupport.pythonCheck("query.py", [f.output, sql])["rows"]
        #expect((rows as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["w1"])
    }

    /// A gzip member or a zstd frame that fails its check is read past: the intact members
    /// (frames) after it load, and every line is counted. Reading used to stop at the
    /// failure, and the later members' lines were in no count at all.
    @Test(arguments: ["gz", "zst"])
    func theMembersAfterAFailedOneLoad(suffix: String) throws {
        let events = (1...6).map {
            RunCommandTests.event("m\($0)", receivedAt: "2026-11-30T09:00:00Z", price: $0)
        }
        let f = try RunCommandTests.fixture("read-past-failed-\(suffix)", files: [:])
        let tool = suffix == "gz" ? "/bin/gzip" : "/usr/bin/zstd"
        var first = try Self.compress(
            Data((events[..<3].joined(separator: "\n") + "\n").utf8), with: tool,
            scratch: f.input + "/../1")
        // gzip: the CRC-32; zstd: the content checksum.
        first[first.count - (suffix == "gz" ? 8 : 2)] ^= 0xFF
        let second = try Self.compress(
            Data((events[3...].joined(separator: "\n") + "\n").utf8), with: tool,
            scratch: f.input + "/../2")
        try (first + second).write(to: URL(fileURLWithPath: f.input + "/a.jsonl.\(suffix)"))

        let counts = try Self.partialRunCounts(f)
        #expect(counts["lines"] as? Int == 6)
        #expect(counts["events_loaded"] as? Int == 3)
        #expect(counts["failed_integrity_check_lines"] as? Int == 3)
        #expect(counts["partial_files"] as? Int == 1)

        let sql = "select id from read_parquet('\(f.output)/product_added/*/*.parquet') order by id"
        let rows = try TestSupport.pythonCheck("query.py", [f.output, sql])["rows"]
        #expect((rows as? [[String: Any]] ?? []).map { "\($0["id"] ?? "")" } == ["m4", "m5", "m6"])
        let records = try TestSupport.pythonCheck("quarantine.py", [f.output])["records"]
        let damaged = (records as? [[String: Any]] ?? []).first {
            $0["reason"] as? String == "file_damaged"
        }
        let detail = damaged?["detail"] as? String ?? ""
        #expect(detail.contains("lines 1 to 3") && detail.contains("Reading went on"), "\(detail)")
    }

    /// A line that had grown past the line limit when the damage cut it keeps only its start
    /// in `raw`, so the record says it is cut and how long the line was as read, as a
    /// too-long line's record does; it used to pass the start off as the line.
    @Test func aCutLongLineSaysItsRawIsShortened() throws {
        let event = RunCommandTests.event("m1", receivedAt: "2026-11-30T09:00:00Z", price: 1)
        let long = #"{"pad":""# + String(repeating: "z", count: 300_000)
        let f = try RunCommandTests.fixture("cut-long-line", files: [:])
        let whole = try Self.gzip(Data((event + "\n" + long).utf8), scratch: f.input + "/../l")
        try whole.prefix(whole.count - 8).write(to: URL(fileURLWithPath: f.input + "/a.jsonl.gz"))

        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
            "--max-line-bytes", "100000",
        ])
        #expect(result.status == 3, "\(result.stderr)")

        let quarantine = try TestSupport.pythonCheck("quarantine.py", [f.output])
        let records = quarantine["records"] as? [[String: Any]] ?? []
        let cut = records.first { $0["reason"] as? String == "truncated_by_damage" } ?? [:]
        #expect(cut["raw_truncated"] as? Bool == true)
        #expect(cut["raw_length"] as? Int == long.utf8.count)
        #expect((cut["raw"] as? String)?.utf8.count == 65_536)
    }

    /// An xz stream whose header is corrupt after a whole stream gave no line: the lines of
    /// the stream before load, and the file's record names no line as untrusted (it used
    /// to name the line after the last one).
    @Test func aCorruptStreamHeaderAfterTheLastLineNamesNoLine() throws {
        let events = (1...2).map {
            RunCommandTests.event("m\($0)", receivedAt: "2026-11-30T09:00:00Z", price: $0)
        }
        let f = try RunCommandTests.fixture("xz-corrupt-header", files: [:])
        let scratch = f.input + "/../x"
        try Data((events.joined(separator: "\n") + "\n").utf8).write(
            to: URL(fileURLWithPath: scratch))
        let xz = try TestSupport.run("/usr/bin/xz", ["-f", scratch])
        #expect(xz.status == 0, "\(xz.stderr)")
        let stream = try Data(contentsOf: URL(fileURLWithPath: scratch + ".xz"))
        var second = stream
        second[8] ^= 0xFF  // the stream header's CRC32
        try (stream + second).write(to: URL(fileURLWithPath: f.input + "/a.jsonl.xz"))

        let counts = try Self.partialRunCounts(f)
        #expect(counts["events_loaded"] as? Int == 2)
        #expect(counts["failed_integrity_check_lines"] as? Int == 0)
        let records = try TestSupport.pythonCheck("quarantine.py", [f.output])["records"]
        let damaged = (records as? [[String: Any]] ?? []).first {
            $0["reason"] as? String == "file_damaged"
        }
        let detail = damaged?["detail"] as? String ?? ""
        #expect(detail.contains("corrupt xz data"), "\(detail)")
        #expect(!detail.contains("The lines from line"), "\(detail)")
    }

    /// Runs the night of fixture `f`, which must commit as partial (status 3), and returns
    /// its manifest's counts.
    static func partialRunCounts(_ f: (input: String, plan: String, output: String)) throws
        -> [String: Any]
    {
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
        ])
        #expect(result.status == 3, "\(result.stderr)")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: f.output).first!)
        return manifest["counts"] as? [String: Any] ?? [:]
    }

    /// `bytes` gzipped as one member, through a file at `scratch`.
    static func gzip(_ bytes: Data, scratch: String) throws -> Data {
        try compress(bytes, with: "/bin/gzip", scratch: scratch)
    }

    /// `bytes` compressed by `tool` (gzip or zstd, each writing one member or frame with its
    /// check), through a file at `scratch`.
    static func compress(_ bytes: Data, with tool: String, scratch: String) throws -> Data {
        try bytes.write(to: URL(fileURLWithPath: scratch))
        let flags = tool.hasSuffix("gzip") ? ["-n", "-f"] : ["-q", "-f", "--rm"]
        let run = try TestSupport.run(tool, flags + [scratch])
        #expect(run.status == 0, "\(run.stderr)")
        let suffix = tool.hasSuffix("gzip") ? ".gz" : ".zst"
        return try Data(contentsOf: URL(fileURLWithPath: scratch + suffix))
    }
}
