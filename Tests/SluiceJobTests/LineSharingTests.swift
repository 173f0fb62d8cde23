import Foundation
import SluiceReader
import Testing

@testable import SluiceJob

/// A file read in parts (blocks of its lines processed apart, by its reader or by workers
/// without a file, then joined) loads what it loads read whole: the same counts, rows per
/// table, quarantine and discard records, for every kind of line a part may hold.
@Suite(.serialized) struct LineSharingTests {
    static let plan = """
        {"name":"Parts","rules":[{"type":"TRACK","key":"Order Completed","version":1,
        "jsonSchema":{"type":"object","properties":{"properties":{"type":"object",
        "properties":{"total":{"type":"number"}},"required":["total"]}}}}]}
        """

    /// One file of 660 lines: events of three call types, plain duplicates and conflicting
    /// copies (some far apart, some in the next line), events that break the plan, unplanned
    /// events (blocked), repeated members (discards), bad JSON, too-long and blank lines.
    static func night() -> String {
        var lines: [String] = []
        for n in 0..<600 {
            let id = "m\(n % 450)"
            let received = "2026-11-30T\(10 + n % 5):00:0\(n % 10)Z"
            switch n % 12 {
            case 0: lines.append("{not json \(n)")
            case 1: lines.append("")
            case 2: lines.append(String(repeating: "x", count: 700))
            case 3:
                lines.append(
                    #"{"type":"track","event":"Unplanned","messageId":"\#(id)","userId":"u","#
                        + #""receivedAt":"\#(received)"}"#)
            case 4:
                lines.append(
                    #"{"type":"identify","messageId":"\#(id)","userId":"u\#(n % 7)","#
                        + #""traits":{"a":1,"a":\#(n)},"receivedAt":"\#(received)"}"#)
            case 5:
                lines.append(
                    #"{"type":"track","event":"Order Completed","messageId":"\#(id)","#
                        + #""userId":"u","properties":{"note":"\#(n)"},"#
                        + #""receivedAt":"\#(received)"}"#)
            default:
                lines.append(
                    #"{"type":"track","event":"Order Completed","messageId":"\#(id)","#
                        + #""userId":"u","properties":{"total":\#(n % 3)},"#
                        + #""receivedAt":"\#(received)"}"#)
            }
        }
        // Exact copies of earlier lines: plain duplicates.
        lines += lines[200..<260]
        return lines.joined(separator: "\n") + "\n"
    }

    struct Loaded {
        var counts: [String: Int]
        var rows: [String: Int]
        var outputs: [String]
        var records: [String]
    }

    /// Runs the night with `threads` workers and `sharing`, and reads back what it loaded.
    static func load(threads: Int, sharing: HelpBoard.Sharing) throws -> Loaded {
        let root = NSTemporaryDirectory() + "sluice-sharing-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(
            atPath: root + "/in", withIntermediateDirectories: true)
        try Data(night().utf8).write(to: URL(fileURLWithPath: root + "/in/night.jsonl"))
        try Data(plan.utf8).write(to: URL(fileURLWithPath: root + "/plan.json"))

        var configuration = RunConfiguration(
            inputDirectory: root + "/in", planPath: root + "/plan.json",
            outputDirectory: root + "/out", threads: threads)
        configuration.runId = "20261130T000000Z-parts0"
        configuration.maxLineBytes = 512
        configuration.maxQuarantineRate = 1
        configuration.enforcementOverrides = ["track.unplanned-events=block"]
        configuration.lineSharing = sharing
        let report = try NightlyRun(configuration: configuration).execute()

        let manifest =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: report.manifestPath!)))
            as! [String: Any]
        let counts = manifest["counts"] as! [String: Any]
        let outputs = (manifest["outputs"] as! [[String: Any]]).map { output in
            ["table", "partition", "rows", "min_received_at", "max_received_at"]
                .map { "\(output[$0] ?? "-")" }.joined(separator: " ")
        }
        return Loaded(
            counts: counts.compactMapValues { $0 as? Int },
            rows: counts["rows_by_table"] as! [String: Int],
            outputs: outputs.sorted(), records: try records(in: root + "/out"))
    }

    /// Every line of the run's quarantine and discards files, sorted.
    static func records(in output: String) throws -> [String] {
        let paths = FileManager.default.enumerator(atPath: output)!.compactMap { $0 as? String }
        var lines: [String] = []
        for path in paths where path.hasPrefix("_quarantine/") || path.hasPrefix("_discards/") {
            guard path.hasSuffix(".gz") else { continue }
            let file = InputFile(
                relativePath: path, absolutePath: output + "/" + path, byteCount: 0)
            _ = try LogFileReader(file: file, options: ReaderOptions()).forEachLine {
                lines.append(String(decoding: $0.bytes, as: UTF8.self))
            }
        }
        return lines.sorted()
    }

    @Test func aFileReadInPartsByItsReaderLoadsWhatItLoadsWhole() throws {
        let whole = try Self.load(threads: 1, sharing: HelpBoard.Sharing())
        var parts = HelpBoard.Sharing()
        (parts.always, parts.linesPerCheck, parts.blockLines) = (true, 3, 5)
        let shared = try Self.load(threads: 1, sharing: parts)
        #expect(whole.counts["events_loaded", default: 0] > 100)
        #expect(whole.counts["conflicting_duplicates", default: 0] > 0)
        #expect(whole.counts["blocked_events", default: 0] > 0)
        #expect(whole.counts["duplicates", default: 0] > 0)
        #expect(!whole.records.isEmpty && whole.rows.count >= 3)
        Self.expectSame(shared, whole)
    }

    /// Compares two loads part by part, so that a failure names what differs.
    static func expectSame(_ shared: Loaded, _ whole: Loaded) {
        #expect(shared.counts == whole.counts)
        #expect(shared.rows == whole.rows)
        #expect(shared.outputs == whole.outputs)
        #expect(shared.records.count == whole.records.count)
        let differing = zip(shared.records, whole.records).first { $0 != $1 }
        #expect(differing == nil, "first differing record: \(differing.map { "\($0)" } ?? "")")
    }

    @Test func aFileSharedWithAnotherWorkerLoadsWhatItLoadsWhole() throws {
        let whole = try Self.load(threads: 1, sharing: HelpBoard.Sharing())
        var parts = HelpBoard.Sharing()
        (parts.always, parts.linesPerCheck, parts.blockLines) = (true, 2, 7)
        for _ in 0..<3 { Self.expectSame(try Self.load(threads: 2, sharing: parts), whole) }
    }
}
