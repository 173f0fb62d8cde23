import Foundation
import Testing

/// Conflicting duplicates end to end: which copies conflict, the counts, and the quarantine
/// records (exact raw line, `kept_copy`, order) are the same on one thread or several, and
/// whether a losing line was kept during the ingest or read back from its file afterwards.
@Suite(.serialized) struct ConflictTests {
    /// One input night and what its conflicts must come to.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Lines by file name; a name ending in `.gz` is written gzipped, cut short by
        /// `truncatedBytes` when that is set.
        var files: [String: [String]]
        var duplicates: Int
        /// The losers in quarantine order: (file, line) and the (file, line) of the kept copy.
        var conflicts: [Conflict]
        /// On one thread the read order is fixed: how many losing lines were kept during the
        /// ingest, and how many were read back.
        var keptOnOneThread: Int
        var readBackOnOneThread: Int
        /// Of those, how many reads resumed at a gzip checkpoint.
        var resumedOnOneThread = 0
        var arguments: [String] = []
        var truncatedBytes = 0
        var testDescription: String { name }
    }

    /// A loser and the copy loaded instead; `keptFile` and `keptLine` are nil when the plan
    /// blocked every copy, so none was loaded.
    struct Conflict: Sendable {
        var file: String
        var line: Int
        var keptFile: String?
        var keptLine: Int?
    }

    static func event(_ id: String, _ receivedAt: String, price: Int) -> String {
        RunCommandTests.event(id, receivedAt: "2026-11-30T\(receivedAt)Z", price: price)
    }

    /// Unique events that make a file big enough to keep a worker busy for a while.
    static func filler(_ prefix: String, _ count: Int) -> [String] {
        (0..<count).map { event("\(prefix)-\($0)", "08:00:00", price: $0) }
    }

    /// About 2.8 MB of text: three losing first copies, at lines 1, 6,001 (past the first
    /// MiB, where the first gzip checkpoint is) and 11,001 (past the second), and their
    /// winners at the end.
    static let bigNight: [String] = {
        var lines = filler("f", 12_000)
        for (index, line) in [0, 6_000, 11_000].enumerated() {
            lines.insert(event("c\(index)", "09:30:00", price: 99), at: line)
        }
        return lines + (0..<3).map { event("c\($0)", "09:00:00", price: 10) }
    }()

    static let cases: [Case] = [
        Case(
            name: "loser last in file order",
            files: [
                "a.jsonl": [event("c1", "09:00:00", price: 10)] + filler("f", 50)
                    + [event("c1", "09:30:00", price: 99)]
            ], duplicates: 0,
            conflicts: [Conflict(file: "a.jsonl", line: 52, keptFile: "a.jsonl", keptLine: 1)],
            keptOnOneThread: 1, readBackOnOneThread: 0),
        Case(
            name: "loser first in file order",
            files: [
                "a.jsonl": [event("c1", "09:30:00", price: 99)] + filler("f", 50)
                    + [event("c1", "09:00:00", price: 10)]
            ], duplicates: 0,
            conflicts: [Conflict(file: "a.jsonl", line: 1, keptFile: "a.jsonl", keptLine: 52)],
            keptOnOneThread: 0, readBackOnOneThread: 1),
        Case(
            name: "other serialisations are plain duplicates",
            files: [
                "a.jsonl": [
                    #"{"type":"track","event":"Shoe Viewed","messageId":"p1","anonymousId":"a1","receivedAt":"2026-11-30T09:00:00Z","properties":{"name":"Zoë 8","url":"https://x.example/a","sizes":[40,41]}}"#,
                    #"{"properties":{"sizes":[40,41],"url":"https://x.example/a","name":"Zoë 8"},"receivedAt":"2026-11-30T09:01:00Z","anonymousId":"a1","messageId":"p1","event":"Shoe Viewed","type":"track"}"#,
                    #"{"type":"track","event":"Shoe Viewed","messageId":"p1","anonymousId":"a1","receivedAt":"2026-11-30T09:02:00Z","properties":{"name":"Zo\u00eb 8","url":"https:\/\/x.example\/a","sizes":[40,41]}}"#,
                    #"{ "type" : "track" , "event" : "Shoe Viewed" , "messageId" : "p1" , "anonymousId" : "a1" , "receivedAt" : "2026-11-30T09:03:00Z" , "properties" : { "name" : "Zoë 8" , "url" : "https://x.example/a" , "sizes" : [ 40 , 41 ] } }"#,
                    #"{"type":"track","event":"Shoe Viewed","messageId":"p1","anonymousId":"a1","receivedAt":"2026-11-30T09:04:00Z","properties":{"name":"Zoe\u0308 8","url":"https://x.example/a","sizes":[40,41]}}"#,
                ]
            ], duplicates: 4, conflicts: [], keptOnOneThread: 0, readBackOnOneThread: 0),
        Case(
            name: "five copies, two payloads seen before the winner's",
            files: [
                "a.jsonl": [
                    event("c1", "09:20:00", price: 20), event("c1", "09:30:00", price: 20),
                    event("c1", "09:10:00", price: 10), event("c1", "09:00:00", price: 10),
                    event("c1", "09:40:00", price: 30),
                ]
            ], duplicates: 1,
            conflicts: [
                Conflict(file: "a.jsonl", line: 1, keptFile: "a.jsonl", keptLine: 4),
                Conflict(file: "a.jsonl", line: 2, keptFile: "a.jsonl", keptLine: 4),
                Conflict(file: "a.jsonl", line: 5, keptFile: "a.jsonl", keptLine: 4),
            ], keptOnOneThread: 1, readBackOnOneThread: 2),
        Case(
            name: "across files read by different workers",
            files: [
                "a.jsonl": [event("c3", "09:30:00", price: 3)] + filler("a", 3000)
                    + [event("c1", "09:00:00", price: 1), event("c2", "09:30:00", price: 2)],
                "b.jsonl": [event("c1", "09:30:00", price: 11)] + filler("b", 3100)
                    + [event("c2", "09:00:00", price: 22), event("c3", "09:00:00", price: 33)],
            ], duplicates: 0,
            conflicts: [
                Conflict(file: "a.jsonl", line: 1, keptFile: "b.jsonl", keptLine: 3103),
                Conflict(file: "a.jsonl", line: 3003, keptFile: "b.jsonl", keptLine: 3102),
                Conflict(file: "b.jsonl", line: 1, keptFile: "a.jsonl", keptLine: 3002),
            ],
            // One thread reads the bigger b.jsonl first: its c1 loser is seen first and read
            // back; a.jsonl's losers come after b.jsonl's copies and are kept.
            keptOnOneThread: 2, readBackOnOneThread: 1),
        Case(
            name: "blocked copies",
            files: [
                "a.jsonl": [event("c1", "09:30:00", price: 99), event("c1", "09:00:00", price: 10)]
            ], duplicates: 0,
            // Every copy is blocked, so the loser names no copy loaded instead.
            conflicts: [Conflict(file: "a.jsonl", line: 1, keptFile: nil, keptLine: nil)],
            keptOnOneThread: 1, readBackOnOneThread: 0,
            arguments: ["--enforce", "track.unplanned-events=block"]),
        Case(
            name: "losers read back from gzip checkpoints",
            files: ["a.jsonl.gz": bigNight], duplicates: 0,
            conflicts: [1, 6_001, 11_001].enumerated().map {
                Conflict(
                    file: "a.jsonl.gz", line: $0.element, keptFile: "a.jsonl.gz",
                    keptLine: 12_004 + $0.offset)
            }, keptOnOneThread: 0, readBackOnOneThread: 3, resumedOnOneThread: 2),
        Case(
            name: "loser read back from a truncated gzip file",
            files: [
                "a.jsonl.gz": [
                    event("c1", "09:30:00", price: 99), event("c1", "09:00:00", price: 10),
                ]
                    + filler("f", 2000)
            ], duplicates: 0,
            conflicts: [
                Conflict(file: "a.jsonl.gz", line: 1, keptFile: "a.jsonl.gz", keptLine: 2)
            ], keptOnOneThread: 0, readBackOnOneThread: 1, truncatedBytes: 200),
    ]

    @Test(arguments: cases)
    func conflictsComeOutTheSameOnAnyThreadCount(_ c: Case) throws {
        var recordsByThreads: [String] = []
        for threads in [1, 2, 4] {
            let run = try Self.run(c, threads: threads)
            let counts = run.manifest["counts"] as? [String: Any] ?? [:]
            #expect(counts["duplicates"] as? Int == c.duplicates, "\(threads) threads")
            #expect(
                counts["conflicting_duplicates"] as? Int == c.conflicts.count, "\(threads) threads")

            let conflicts = run.records.filter {
                $0["reason"] as? String == "conflicting_duplicate"
            }
            #expect(conflicts.count == c.conflicts.count)
            for (record, expected) in zip(conflicts, c.conflicts) {
                #expect(record["file"] as? String == expected.file)
                #expect(record["line"] as? Int == expected.line)
                let kept = record["kept_copy"] as? [String: Any]
                #expect(kept?["file"] as? String == expected.keptFile)
                #expect(kept?["line"] as? Int == expected.keptLine)
                #expect(record["raw"] as? String == c.files[expected.file]?[expected.line - 1])
            }
            if threads == 1 {
                // Counts are JSON numbers in the log line, not strings of digits.
                #expect(run.confirmStage["kept_lines"] as? Int == c.keptOnOneThread)
                #expect(run.confirmStage["read_back_lines"] as? Int == c.readBackOnOneThread)
                #expect(run.confirmStage["read_back_resumed"] as? Int == c.resumedOnOneThread)
            }
            let text = try JSONSerialization.data(withJSONObject: run.records, options: .sortedKeys)
            recordsByThreads.append(String(decoding: text, as: UTF8.self))
        }
        // Every record, not only the conflicts, whatever the number of threads.
        #expect(Set(recordsByThreads).count == 1)
    }

    /// A truncated gzip file and a line that is not UTF-8 keep their own records beside a
    /// conflict whose loser is read back from that file.
    @Test func damagedLinesKeepTheirRecordsBesideAConflict() throws {
        let notUTF8 = Data(#"{"type":"track","event":"Caf"#.utf8) + [0xE9] + Data(#""}"#.utf8)
        let run = try Self.run(Self.cases.last!, threads: 1, extraFiles: ["b.jsonl": notUTF8])
        let reasons = run.records.compactMap { $0["reason"] as? String }
        #expect(
            reasons.sorted() == [
                "conflicting_duplicate", "file_damaged", "invalid_utf8", "truncated_by_damage",
            ])
        let invalid = run.records.first { $0["reason"] as? String == "invalid_utf8" } ?? [:]
        #expect(invalid["raw"] is NSNull)
        #expect(invalid["raw_base64"] as? String == notUTF8.base64EncodedString())
    }

    struct Run {
        var manifest: [String: Any]
        var records: [[String: Any]]
        /// The `confirm-conflicts` line of the JSON log.
        var confirmStage: [String: Any]
    }

    /// Writes the case's files, and `extraFiles` as they are, and runs `sluice run` on them
    /// with `--threads threads`.
    static func run(_ c: Case, threads: Int, extraFiles: [String: Data] = [:]) throws -> Run {
        let f = try RunCommandTests.fixture("conflicts-\(threads)", files: [:])
        for (name, lines) in c.files {
            let data = Data((lines.joined(separator: "\n") + "\n").utf8)
            try write(data, to: f.input + "/" + name, truncatedBy: c.truncatedBytes)
        }
        for (name, data) in extraFiles {
            try data.write(to: URL(fileURLWithPath: f.input + "/" + name))
        }
        let result = try TestSupport.sluice(
            [
                "run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--threads",
                String(threads), "--log-format", "json",
            ] + c.arguments)
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: f.output).first ?? "")
        let records = try TestSupport.pythonCheck("quarantine.py", [f.output])
        // Status 3 says some lines were quarantined or a file was only partly read; 0 neither.
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        let isPartial =
            counts["quarantined_lines"] as? Int != 0 || counts["partial_files"] as? Int != 0
        #expect(result.status == (isPartial ? 3 : 0), "\(result.stderr)")
        let stages = result.stderr.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        let confirm = stages.first { $0["stage"] as? String == "confirm-conflicts" } ?? [:]
        return Run(
            manifest: manifest, records: records["records"] as? [[String: Any]] ?? [],
            confirmStage: confirm)
    }

    /// Writes `data` at `path`, gzipped and then cut short by `truncatedBy` bytes when the
    /// path ends in `.gz`.
    static func write(_ data: Data, to path: String, truncatedBy: Int) throws {
        guard path.hasSuffix(".gz") else {
            return try data.write(to: URL(fileURLWithPath: path))
        }
        let plain = String(path.dropLast(3))
        try data.write(to: URL(fileURLWithPath: plain))
        let gzip = try TestSupport.run("/bin/gzip", ["-n", plain])
        #expect(gzip.status == 0, "\(gzip.stderr)")
        let compressed = try Data(contentsOf: URL(fileURLWithPath: path))
        try compressed.prefix(compressed.count - truncatedBy).write(to: URL(fileURLWithPath: path))
    }
}
