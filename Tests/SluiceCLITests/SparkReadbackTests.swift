import Foundation
import Testing

/// Spark, the reader most warehouses and lakes put on Parquet, reads our tables as DuckDB
/// does: every table of the sample night, and a table of extreme values over two nights,
/// partitioned by hour, whose second night adds a column (Spark merges the schemas).
@Suite struct SparkReadbackTests {
    static let edgePlan = """
        {"name": "Edges", "rules": [{"type": "TRACK", "key": "Edge", "version": 1,
         "jsonSchema": {"type": "object", "properties": {"properties": {"type": "object",
         "properties": {"when": {"type": "string", "format": "date-time"}}}}}}]}
        """

    /// Extremes of every kind of column: timestamps at the ends of years 1 and 9999 and before
    /// the Gregorian reform, the ends of INT64, the largest and a tiny double, `-0`, text with
    /// a NUL and other scripts, nested JSON.
    static let firstNight = [
        #"{"type":"track","event":"Edge","messageId":"x1","anonymousId":"a1","timestamp":"0001-01-01T00:00:00Z","receivedAt":"2026-11-29T10:00:00Z","properties":{"big":9223372036854775807,"neg":-0,"text":"日本語 ☃ \u0000","nested":{"a":[1,{"b":null}]},"when":"1500-02-29T12:00:00.123456Z","f":1e-300}}"#,
        #"{"type":"track","event":"Edge","messageId":"x2","anonymousId":"a1","timestamp":"9999-12-31T23:59:59.999999Z","receivedAt":"2026-11-29T23:59:59.999999Z","properties":{"big":-9223372036854775808,"neg":0,"text":"","nested":{},"when":"1582-10-10T00:00:00Z","f":1.7976931348623157e308}}"#,
    ]
    static let secondNight = [
        #"{"type":"track","event":"Edge","messageId":"x3","anonymousId":"a2","timestamp":"2026-11-30T01:00:00+14:00","receivedAt":"2026-11-30T00:00:00Z","properties":{"big":1,"later":true,"when":"2026-11-30T00:00:00-12:00"}}"#
    ]

    @Test func sparkReadsEveryTableAsDuckDBDoes() throws {
        let root = try TestSupport.scratchDirectory("spark")
        let samples = root + "/samples"
        let status = try TestSupport.sluice([
            "run", "--input", TestSupport.packageRoot + "/samples/logs/2026-11-30", "--plan",
            TestSupport.packageRoot + "/samples/plan.json", "--output", samples,
        ]).status
        #expect(status == 3, "the samples hold damaged lines on purpose")

        let edges = root + "/edges"
        try Data(Self.edgePlan.utf8).write(to: URL(fileURLWithPath: root + "/plan.json"))
        for (day, lines) in [("2026-11-29", Self.firstNight), ("2026-11-30", Self.secondNight)] {
            let input = root + "/" + day
            try FileManager.default.createDirectory(
                atPath: input, withIntermediateDirectories: true)
            let text = lines.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: input + "/a.jsonl"))
            let night = try TestSupport.sluice([
                "run", "--input", input, "--plan", root + "/plan.json", "--output", edges,
                "--partition", "hour",
            ])
            #expect(night.status == 0, "\(night.stderr)")
        }

        let check = try TestSupport.pythonCheck("spark_readback.py", [samples, edges])
        #expect((check["mismatches"] as? [Any])?.isEmpty == true, "\(check["mismatches"] ?? "")")
        let tables = check["tables"] as? [String: [String: Int]] ?? [:]
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: samples).first!)
        let loaded = (manifest["counts"] as? [String: Any])?["rows_by_table"] as? [String: Int]
        #expect(tables[samples] == loaded)
        #expect(tables[edges] == ["edge": 3, "tracks": 3])
    }
}
