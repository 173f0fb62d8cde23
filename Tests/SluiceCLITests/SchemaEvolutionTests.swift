import Foundation
import Testing

/// Two nights whose events disagree on a property's type: the table keeps its type, the odd
/// values are discarded with their originals, and readers union both nights without a
/// type conflict.
@Suite(.serialized) struct SchemaEvolutionTests {
    static func event(_ id: String, day: String, size: String) -> String {
        """
        {"type":"track","event":"Shoe Sized","messageId":"\(id)","anonymousId":"a","receivedAt":"\(day)T10:00:00Z","properties":{"size":\(size),"note":"n-\(id)"}}
        """
    }

    @Test func typeConflictAcrossNightsKeepsTheTypeAndDiscardsTheOddValues() throws {
        let root = try TestSupport.scratchDirectory("evolve")
        try NightsTests.nights(
            root,
            [
                "2026-11-29": [
                    Self.event("a", day: "2026-11-29", size: "42"),
                    Self.event("b", day: "2026-11-29", size: "43"),
                ],
                "2026-11-30": [
                    Self.event("c", day: "2026-11-30", size: "\"forty-four\""),
                    Self.event("d", day: "2026-11-30", size: "45"),
                ],
            ])
        let plan = try NightsTests.plan(root)
        let output = root + "/out"
        for day in ["2026-11-29", "2026-11-30"] {
            let result = try TestSupport.sluice([
                "run", "--input", root + "/" + day, "--plan", plan, "--output", output,
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }

        let duck =
            try TestSupport.pythonCheck(
                "query.py",
                [
                    output,
                    "select id, size, typeof(size) as t from read_parquet('\(output)/shoe_sized/*/*.parquet', union_by_name=true) order by id",
                ])["rows"] as? [[String: Any]] ?? []
        #expect(duck.map { $0["id"] as? String } == ["a", "b", "c", "d"])
        #expect(duck.compactMap { $0["size"] as? Int } == [42, 43, 45])
        #expect(duck.allSatisfy { $0["t"] as? String == "BIGINT" })

        let arrow = try TestSupport.pythonCheck(
            "arrow_dataset.py", [output + "/shoe_sized", "size"])
        #expect(arrow["type"] as? String == "int64")
        #expect(arrow["rows"] as? Int == 4)

        let discards =
            try TestSupport.pythonCheck(
                "query.py",
                [
                    output,
                    "select message_id, \"column\" as col, value, kind from read_json('\(output)/_discards/*/*.ndjson.gz')",
                ])["rows"] as? [[String: Any]] ?? []
        #expect(discards.count == 1)
        #expect(discards.first?["message_id"] as? String == "c")
        #expect(discards.first?["col"] as? String == "size")
        #expect(discards.first?["value"] as? String == "forty-four")
        #expect(discards.first?["kind"] as? String == "type_mismatch")
    }
}
