import Foundation
import Testing

/// Regression tests for output that changed with the order events reached the worker. A
/// run's tables must be a function of its input, whatever the files' names and sizes.
@Suite(.serialized) struct IngestOrderTests {
    /// A plan with one track event, spelled with precomposed letters (U+00C9, U+00E9), that
    /// declares one integer property.
    static let plan = """
        {"name":"Accents","rules":[{"type":"TRACK","key":"\u{00C9}v\u{00E9}nement","version":1,
        "jsonSchema":{"type":"object","properties":{"properties":{"type":"object",
        "properties":{"x":{"type":"integer"}}}}}}]}
        """

    /// The planned event name, precomposed, and the same name decomposed (E or e, then
    /// U+0301), which the plan does not list but which names the same table.
    static let precomposed = "\u{00C9}v\u{00E9}nement"
    static let decomposed = "E\u{0301}ve\u{0301}nement"

    static func line(_ id: String, event: String, padding: Int) -> String {
        let pad = String(repeating: "p", count: padding)
        return """
            {"type":"track","event":"\(event)","messageId":"\(id)","userId":"u",\
            "receivedAt":"2026-11-30T10:00:00Z","properties":{"pad":"\(pad)"}}
            """
    }

    struct Sizes: CustomTestStringConvertible, Sendable {
        var name: String
        var planned: Int
        var unplanned: Int
        var testDescription: String { name }
    }

    /// The columns of table `evenement` after one run over two files, `a.jsonl` holding the
    /// unplanned spelling and `b.jsonl` the planned one, each padded to the given length.
    static func columns(_ sizes: Sizes, threads: String) throws -> [String] {
        let root = try TestSupport.scratchDirectory("order-\(sizes.planned)-\(threads)")
        let input = root + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        let files = [
            "a.jsonl": line("d", event: decomposed, padding: sizes.unplanned),
            "b.jsonl": line("p", event: precomposed, padding: sizes.planned),
        ]
        for (name, text) in files {
            try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: input + "/" + name))
        }
        try Data(plan.utf8).write(to: URL(fileURLWithPath: root + "/plan.json"))

        let result = try TestSupport.sluice([
            "run", "--input", input, "--plan", root + "/plan.json", "--output", root + "/out",
            "--run-id", "order", "--threads", threads,
        ])
        #expect(result.status == 0 || result.status == 3, "\(result.stderr)")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: root + "/out")[0])
        let tables = manifest["tables"] as? [String: [String: Any]] ?? [:]
        let columns = tables["evenement"]?["columns"] as? [[String: Any]] ?? []
        return columns.compactMap { $0["name"] as? String }
    }

    /// The planned spelling declares column `x`; the table has it however the two files'
    /// sizes order the ingest (it lost `x` when the unplanned spelling was read first).
    @Test(arguments: [
        Sizes(name: "planned file larger", planned: 200, unplanned: 10),
        Sizes(name: "unplanned file larger", planned: 10, unplanned: 200),
    ])
    func declaredColumnDoesNotDependOnWhichSpellingIsReadFirst(_ sizes: Sizes) throws {
        for threads in ["1", "2"] {
            let columns = try Self.columns(sizes, threads: threads)
            #expect(columns.contains("x"), "threads \(threads): \(columns)")
        }
    }

    /// The accents plan with a common rule that reads `context.library.version`.
    static let planWithCommonRule = """
        {"name":"Accents","rules":[{"type":"COMMON","version":1,"jsonSchema":{"type":"object",
        "properties":{"context":{"type":"object","properties":{"library":{"type":"object",
        "properties":{"version":{"type":"string"}}}}}}}},{"type":"TRACK",
        "key":"\u{00C9}v\u{00E9}nement","version":1,"jsonSchema":{"type":"object",
        "properties":{"properties":{"type":"object","properties":{"x":{"type":"integer"}}}}}}]}
        """

    /// A planned event whose line repeats a key keeps its unplanned property's violation when
    /// the unplanned, decomposed spelling of its name came first in the same file (the
    /// violation was lost, so the row and the manifest said the event had none).
    @Test func unplannedPropertyIsReportedAfterTheDecomposedSpelling() throws {
        let root = try TestSupport.scratchDirectory("accent-violations")
        let input = root + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        let unplanned = """
            {"type":"track","event":"\(Self.decomposed)","userId":"u","messageId":"d",\
            "receivedAt":"2026-11-30T10:00:00Z","context":{"library":{"version":1}}}
            """
        let planned = """
            {"type":"track","event":"\(Self.precomposed)","userId":"u","messageId":"p",\
            "receivedAt":"2026-11-30T10:00:00Z","properties":{"one":true},\
            "sentAt":"2026-11-30T09:00:00Z","sentAt":"2026-11-30T09:00:00Z"}
            """
        let text = unplanned + "\n" + planned + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: input + "/a.jsonl"))
        try Data(Self.planWithCommonRule.utf8).write(to: URL(fileURLWithPath: root + "/plan.json"))

        let result = try TestSupport.sluice([
            "run", "--input", input, "--plan", root + "/plan.json", "--output", root + "/out",
            "--run-id", "accents", "--threads", "1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: root + "/out")[0])
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        let byType = counts["violations_by_type"] as? [String: Int] ?? [:]
        #expect(byType["Unplanned Property"] == 1, "\(byType)")
        #expect(counts["events_with_violations"] as? Int == 2)
    }
}
