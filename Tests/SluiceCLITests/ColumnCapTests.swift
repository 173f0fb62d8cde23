import Foundation
import Testing

/// A payload keyed by ids must not create a column per id: past the per-table limit, fields
/// go into one JSON column and no value is lost.
@Suite(.serialized) struct ColumnCapTests {
    @Test func fieldsPastTheColumnLimitLandInTheOverflowColumn() throws {
        // 1,200 distinct keys, 12 per event; `common` is on every row.
        let lines = (0..<100).map { event -> String in
            let keys = (0..<12).map { "\"k\(event * 12 + $0)\":\(event * 12 + $0)" }.joined(
                separator: ",")
            return """
                {"type":"track","event":"Cart Map","messageId":"m\(event)","anonymousId":"a","receivedAt":"2026-11-30T10:00:00Z","properties":{"common":1,\(keys)}}
                """
        }
        let f = try RunCommandTests.fixture(
            "cap", files: ["a.jsonl": lines.joined(separator: "\n") + "\n"])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
        ])
        #expect(result.status == 0, "\(result.stderr)")

        let columns =
            try TestSupport.pythonCheck(
                "query.py",
                [
                    f.output,
                    "select count(*) as n, count(*) filter (where column_name = 'sluice_overflow') as o, count(*) filter (where column_name = 'common') as c from (describe select * from read_parquet('\(f.output)/cart_map/*/*.parquet'))",
                ])["rows"] as? [[String: Any]]
        // 1,000 columns, the overflow column, and DuckDB's hive partition column `day`.
        #expect((columns?.first?["n"] as? Int ?? 0) <= 1_002)
        #expect(columns?.first?["o"] as? Int == 1)
        #expect(columns?.first?["c"] as? Int == 1)

        // Every key's value is somewhere: in its own column or in the overflow object.
        let sql =
            "select count(*) as n from read_parquet('\(f.output)/cart_map/*/*.parquet') where sluice_overflow is not null"
        let overflowRows =
            try TestSupport.pythonCheck("query.py", [f.output, sql])["rows"] as? [[String: Any]]
        #expect((overflowRows?.first?["n"] as? Int ?? 0) > 0)
        let probe =
            "select json_extract(sluice_overflow, '$.\"properties.k1199\"')::int as v from read_parquet('\(f.output)/cart_map/*/*.parquet') where id = 'm99'"
        let value =
            try TestSupport.pythonCheck("query.py", [f.output, probe])["rows"] as? [[String: Any]]
        let direct =
            try TestSupport.pythonCheck(
                "query.py",
                [
                    f.output,
                    "select count(*) as n from (describe select * from read_parquet('\(f.output)/cart_map/*/*.parquet')) where column_name = 'k1199'",
                ])["rows"] as? [[String: Any]]
        #expect(value?.first?["v"] as? Int == 1199 || direct?.first?["n"] as? Int == 1)
    }
}
