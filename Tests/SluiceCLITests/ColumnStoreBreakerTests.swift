import Foundation
import Testing

/// Regression tests for differences between the column-by-column row store and the row store
/// it replaced, whose output it reproduces (tables, schemas, discards), but for two orders it
/// now defines itself: an overflow object lists its fields in source path order, and one
/// event's discards follow the table's column order. Each keeps the smallest input that
/// showed the difference.
@Suite(.serialized) struct ColumnStoreBreakerTests {
    static func line(_ id: String, second: Int, properties: String) -> String {
        """
        {"type":"track","event":"A","messageId":"\(id)","anonymousId":"x","receivedAt":"2026-11-30T00:00:0\(second)Z","properties":{\(properties)}}
        """
    }

    static func run(_ f: (input: String, plan: String, output: String), _ extra: [String] = [])
        throws -> TestSupport.Result
    {
        try TestSupport.sluice(
            ["run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--quiet"] + extra)
    }

    static func rows(_ output: String, _ sql: String) throws -> [[String: Any]] {
        try TestSupport.pythonCheck("query.py", [output, sql])["rows"] as? [[String: Any]] ?? []
    }

    struct Spelling: CustomTestStringConvertible, Sendable {
        var name: String
        /// Two member names that are canonically equivalent, as they appear in the line.
        var first: String
        var second: String
        var column: String
        var testDescription: String { name }
    }

    static let spellings = [
        Spelling(name: "Kelvin sign, escaped", first: "K", second: "\\u212a", column: "k"),
        Spelling(name: "Kelvin sign, raw", first: "K", second: "\u{212A}", column: "k"),
        Spelling(
            name: "e acute decomposed", first: "caf\u{E9}", second: "cafe\u{301}", column: "cafe"),
    ]

    /// Two member names that differ in bytes but are canonically equivalent share one key, so
    /// one event holds two values for one field. The previous version kept the first value in
    /// the row but settled the column's type from both (`true` and `"s"` make a string
    /// column holding 'true'); the column store drops the second value before the schema
    /// scan, so the column became BOOLEAN (or DOUBLE) and the table's schema changed.
    @Test(arguments: spellings)
    func canonicallyEquivalentMembersSettleTheColumnFromEveryValue(_ spelling: Spelling) throws {
        let properties = "\"\(spelling.first)\":true,\"\(spelling.second)\":\"s\""
        let f = try RunCommandTests.fixture(
            "canon", files: ["a.jsonl": Self.line("m1", second: 0, properties: properties) + "\n"])
        let result = try Self.run(f, ["--run-id", "canon"])
        #expect(result.status == 0, "\(result.stderr)")

        let sql =
            "select typeof(\(spelling.column)) as t, \(spelling.column)::varchar as v from read_parquet('\(f.output)/a/*/*.parquet')"
        let row = try Self.rows(f.output, sql).first ?? [:]
        #expect(row["t"] as? String == "VARCHAR", "\(row)")
        #expect(row["v"] as? String == "true", "\(row)")
    }

    /// The second of two canonically equivalent members fills no column (the column keeps the
    /// first value), so it must be reported: a `repeated_member` discard holds its value, and
    /// the manifest counts it among the discarded values. It used to be in no output at all.
    @Test(arguments: spellings)
    func theSecondOfTwoEquivalentMembersIsDiscardedNotDropped(_ spelling: Spelling) throws {
        let properties = "\"\(spelling.first)\":2,\"\(spelling.second)\":3"
        let f = try RunCommandTests.fixture(
            "canon-drop",
            files: ["a.jsonl": Self.line("m1", second: 0, properties: properties) + "\n"])
        let result = try Self.run(f, ["--run-id", "canon-drop"])
        #expect(result.status == 0, "\(result.stderr)")

        let records = try TestSupport.discardRecords(in: f.output, runId: "canon-drop")
        #expect(records.count == 1)
        #expect(records.first?["kind"] as? String == "repeated_member")
        #expect(records.first?["value"] as? Int == 3)
        #expect(records.first?["message_id"] as? String == "m1")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: f.output)[0])
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        #expect(counts["discarded_values"] as? Int == 1)
        #expect(counts["omitted_properties"] as? Int == 0)
    }

    /// A member name an object repeats byte for byte loads its last value, as JSON parsers
    /// keep it; the earlier values, at any depth the flattening reaches, are reported as
    /// `repeated_member` discards. They were dropped without a record.
    @Test func theEarlierValueOfARepeatedNameIsDiscardedNotDropped() throws {
        let properties = #""a":1,"b":{"x":5,"x":{"y":6}},"a":2"#
        let f = try RunCommandTests.fixture(
            "repeat-drop",
            files: ["a.jsonl": Self.line("m1", second: 0, properties: properties) + "\n"])
        let result = try Self.run(f, ["--run-id", "repeat-drop"])
        #expect(result.status == 0, "\(result.stderr)")

        let row = try Self.rows(
            f.output, "select a, b_x_y from read_parquet('\(f.output)/a/*/*.parquet')")
        #expect(row.first?["a"] as? Int == 2 && row.first?["b_x_y"] as? Int == 6, "\(row)")
        let records = try TestSupport.discardRecords(in: f.output, runId: "repeat-drop")
        let dropped = records.map { ($0["field"] as? String ?? "", $0["value"] as? Int ?? -1) }
        #expect(dropped.map(\.0) == ["properties.a", "properties.b.x"], "\(records)")
        #expect(dropped.map(\.1) == [1, 5], "\(records)")
        #expect(records.allSatisfy { $0["kind"] as? String == "repeated_member" })
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: f.output)[0])
        #expect((manifest["counts"] as? [String: Any])?["discarded_values"] as? Int == 2)
    }

    /// The event's own members follow the same rule: of a repeated top-level name the last
    /// value is read (`user_id` u2, the second `properties`), and the earlier ones are
    /// reported. They were dropped without a record.
    @Test func theEarlierValueOfARepeatedTopLevelNameIsDiscardedNotDropped() throws {
        let line =
            #"{"type":"track","event":"A","messageId":"m1","userId":"u1","#
            + #""receivedAt":"2026-11-30T00:00:00Z","properties":{"x":1},"properties":{"y":2},"#
            + #""userId":"u2"}"#
        let f = try RunCommandTests.fixture("repeat-top", files: ["a.jsonl": line + "\n"])
        let result = try Self.run(f, ["--run-id", "repeat-top"])
        #expect(result.status == 0, "\(result.stderr)")

        let sql = "select user_id, y from read_parquet('\(f.output)/a/*/*.parquet')"
        let row = try Self.rows(f.output, sql)
        #expect(row.first?["user_id"] as? String == "u2" && row.first?["y"] as? Int == 2, "\(row)")
        let records = try TestSupport.discardRecords(in: f.output, runId: "repeat-top")
        #expect(records.map { $0["field"] as? String ?? "" } == ["userId", "properties"])
        #expect(records.first?["value"] as? String == "u1", "\(records)")
        #expect((records.last?["value"] as? [String: Any])?["x"] as? Int == 1, "\(records)")
        #expect(records.allSatisfy { $0["kind"] as? String == "repeated_member" })
    }

    /// Events whose first three rows claim the 1,000 columns, so fields of later events go to
    /// `sluice_overflow`.
    static func wideLines() -> [String] {
        let wide = (0..<1000).map { String(format: "\"k%04d\":1", $0) }.joined(separator: ",")
        return (0..<3).map { Self.line("w\($0)", second: 0, properties: wide) }
    }

    /// A row's overflow object lists its fields in source path order, whatever order the event
    /// gave them in (the row store kept the event's order, which made one field's place in the
    /// text depend on the sender): the same fields always give the same text.
    @Test func overflowObjectListsItsFieldsInPathOrder() throws {
        let lines = Self.wideLines() + [Self.line("m1", second: 1, properties: "\"z2\":1,\"z1\":2")]
        let f = try RunCommandTests.fixture(
            "overflow-order", files: ["a.jsonl": lines.joined(separator: "\n") + "\n"])
        let result = try Self.run(f, ["--run-id", "overflow"])
        #expect(result.status == 0, "\(result.stderr)")

        let sql =
            "select sluice_overflow::varchar as o from read_parquet('\(f.output)/a/*/*.parquet') where id = 'm1'"
        let row = try Self.rows(f.output, sql).first ?? [:]
        #expect(row["o"] as? String == "{\"properties.z1\":2,\"properties.z2\":1}", "\(row)")
    }

    /// An overflow field given twice under canonically equivalent names: the previous version
    /// kept both values in the overflow object; the column store keeps only the first, so the
    /// second value is in no column, no overflow object and no discard.
    @Test func overflowObjectKeepsEveryValueOfCanonicallyEquivalentMembers() throws {
        let twice = Self.line("m1", second: 1, properties: "\"zK\":1,\"z\\u212a\":\"two\"")
        let f = try RunCommandTests.fixture(
            "overflow-canon",
            files: ["a.jsonl": (Self.wideLines() + [twice]).joined(separator: "\n") + "\n"])
        let result = try Self.run(f, ["--run-id", "overflow-canon"])
        #expect(result.status == 0, "\(result.stderr)")

        let sql =
            "select sluice_overflow::varchar as o from read_parquet('\(f.output)/a/*/*.parquet') where id = 'm1'"
        let row = try Self.rows(f.output, sql).first ?? [:]
        #expect((row["o"] as? String ?? "").contains("\"two\""), "\(row)")
    }

    /// Two values of one event that do not fit their columns' types: their discard records
    /// follow the table's column order (`a`'s column came first), not the event's member
    /// order, as the row store wrote them; records of different events stay in row order.
    @Test func discardsOfOneEventFollowTheColumnOrder() throws {
        let root = try TestSupport.scratchDirectory("discard-order")
        let plan = root + "/plan.json"
        try Data(RunCommandTests.planAllowingEverything.utf8).write(to: URL(fileURLWithPath: plan))
        let nights = [
            ("2026-11-29", Self.line("m1", second: 0, properties: "\"a\":1.5,\"b\":1.5")),
            ("2026-11-30", Self.line("m2", second: 1, properties: "\"b\":\"x\",\"a\":\"y\"")),
        ]
        for (day, line) in nights {
            let input = root + "/" + day
            try FileManager.default.createDirectory(
                atPath: input, withIntermediateDirectories: true)
            try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: input + "/a.jsonl"))
            let result = try Self.run(
                (input, plan, root + "/out"), ["--run-id", "night-" + day])
            #expect(result.status == 0, "\(result.stderr)")
        }

        let records = try TestSupport.discardRecords(
            in: root + "/out", runId: "night-2026-11-30")
        let fields = records.compactMap { $0["field"] as? String }
        #expect(fields == ["properties.a", "properties.b"])
    }
}

extension ColumnStoreBreakerTests {
    /// `_schema.json` lets a column hold several source paths ("a list so that a future merge
    /// rule needs no format change"), and a run reads them. The previous version filled the
    /// column from whichever of its paths an event held (`cost` 3 for m3); the column store
    /// reads one path per worker, the first that worker met, and drops the other path's
    /// values without a discard.
    @Test func columnWithTwoSourcePathsTakesTheValuesOfEither() throws {
        let root = try TestSupport.scratchDirectory("two-paths")
        let plan = root + "/plan.json"
        try Data(RunCommandTests.planAllowingEverything.utf8).write(to: URL(fileURLWithPath: plan))
        let nights = [
            ("2026-11-29", [Self.line("m1", second: 0, properties: "\"price\":1")]),
            (
                "2026-11-30",
                [
                    Self.line("m2", second: 0, properties: "\"price\":2"),
                    Self.line("m3", second: 1, properties: "\"cost\":3"),
                ]
            ),
        ]
        for (day, lines) in nights {
            let input = root + "/" + day
            try FileManager.default.createDirectory(
                atPath: input, withIntermediateDirectories: true)
            let content = lines.joined(separator: "\n") + "\n"
            try Data(content.utf8).write(to: URL(fileURLWithPath: input + "/a.jsonl"))
            let result = try Self.run((input, plan, root + "/out"), ["--run-id", "night-" + day])
            #expect(result.status == 0, "\(result.stderr)")
            try Self.addSourcePath("properties.cost", toColumn: "price", of: root + "/out/a")
        }

        let sql =
            "select id, price from read_parquet('\(root)/out/a/day=2026-11-30/*.parquet') order by id"
        let rows = try Self.rows(root + "/out", sql)
        let prices = rows.map { "\($0["id"] ?? "") \($0["price"] ?? "null")" }
        #expect(prices == ["m1 1", "m2 2", "m3 3"])
    }

    /// Rewrites a table's `_schema.json` so that `column` also holds `path`.
    static func addSourcePath(_ path: String, toColumn column: String, of table: String) throws {
        let file = table + "/_schema.json"
        var schema = try TestSupport.readJSON(file)
        var columns = schema["columns"] as? [[String: Any]] ?? []
        for index in columns.indices where columns[index]["name"] as? String == column {
            let paths = columns[index]["source_paths"] as? [String] ?? []
            if !paths.contains(path) { columns[index]["source_paths"] = paths + [path] }
        }
        schema["columns"] = columns
        let data = try JSONSerialization.data(withJSONObject: schema)
        try data.write(to: URL(fileURLWithPath: file))
    }
}

extension ColumnStoreBreakerTests {
    /// A night keyed by ids: 2,000 events of one table, each with 150 property names no other
    /// event uses (300,000 sparse fields, 4.7 MB of input). The row store loaded it in under
    /// 200 MB of heap; a column store that spends a column, a key dictionary and their
    /// buffers on every key, and counts only their values against the row budget, needed
    /// over 500 MB without spilling. Columns now count what they cost, and keys get a
    /// dictionary only for strings.
    @Test func nightOfDistinctPropertyNamesLoadsWithinBoundedMemory() throws {
        let lines = (0..<2000).map { event in
            let fields = (0..<150).map { "\"k\(event * 150 + $0)\":\($0)" }
            return Self.line("m\(event)", second: 0, properties: fields.joined(separator: ","))
        }
        let f = try RunCommandTests.fixture(
            "distinct-keys", files: ["a.jsonl": lines.joined(separator: "\n") + "\n"])

        // 300 MB of heap is 1.5 times what the previous version needed.
        let script = "ulimit -d 300000; exec \"$0\" \"$@\""
        let arguments = [
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output, "--threads", "1",
            "--quiet",
        ]
        let result = try TestSupport.run("/bin/sh", ["-c", script, TestSupport.binary] + arguments)
        #expect(result.status == 0, "\(result.stderr.prefix(300))")
    }
}
