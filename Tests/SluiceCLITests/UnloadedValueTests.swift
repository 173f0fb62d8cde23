import Foundation
import Testing

/// Values the row cannot hold as the event wrote them get a discard record with the value,
/// never a silent loss or a silent change: sections that are not objects, the properties of a
/// track call without an event name, and fractions that are not exact integers in an INT64
/// column. A numeric messageId is the event's id, as a numeric userId is.
@Suite(.serialized) struct UnloadedValueTests {
    static let plan = """
        {"rules": [{"type": "TRACK", "key": "E", "version": 1, "jsonSchema": {"properties": {
            "properties": {"properties": {"n": {"type": "integer"}, "x": {"type": "number"},
            "at": {"type": "string", "format": "date-time"}}}}}}]}
        """

    static func line(_ id: String, _ rest: String) -> String {
        #"{"type":"track","messageId":\#(id),"anonymousId":"a","receivedAt":"2026-11-30T10:00:00Z",\#(rest)}"#
    }

    /// Runs `lines` under the plan; returns the output and the run's discard records.
    static func run(_ name: String, _ lines: [String]) throws -> (
        output: String, status: Int32, discards: [[String: Any]]
    ) {
        let f = try RunCommandTests.fixture(name, files: ["a.jsonl": lines.joined(separator: "\n")])
        try Data(Self.plan.utf8).write(to: URL(fileURLWithPath: f.plan))
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", f.plan, "--output", f.output,
        ])
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: f.output)[0])
        let runId = manifest["run_id"] as? String ?? ""
        return (f.output, result.status, try TestSupport.discardRecords(in: f.output, runId: runId))
    }

    @Test func sectionsThatAreNotObjectsAndNamelessTrackPropertiesAreDiscardRecords() throws {
        let (output, _, discards) = try Self.run(
            "sections",
            [
                Self.line(#""m1""#, #""event":"E","properties":"a string""#),
                Self.line(#""m2""#, #""event":"E","context":[1,2]"#),
                Self.line(#""m3""#, #""properties":{"k":15}"#),
                Self.line(#""m4""#, #""event":"","properties":{"k":16}"#),
            ])
        let found = discards.map {
            [
                $0["kind"] as? String ?? "", $0["field"] as? String ?? "",
                $0["message_id"] as? String ?? "",
            ]
        }
        #expect(found.contains(["not_an_object", "properties", "m1"]), "\(discards)")
        #expect(found.contains(["not_an_object", "context", "m2"]), "\(discards)")
        #expect(found.contains(["no_event_table", "properties", "m3"]), "\(discards)")
        #expect(found.contains(["no_event_table", "properties", "m4"]), "\(discards)")
        let kept = discards.first { $0["message_id"] as? String == "m3" }?["value"]
        #expect((kept as? [String: Any])?["k"] as? Int == 15)
        // They are values discarded, not properties the plan's enforcement omitted.
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: output)[0])
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        #expect(counts["omitted_properties"] as? Int == 0, "\(counts)")
        #expect(counts["discarded_values"] as? Int == discards.count, "\(counts)")
    }

    @Test func fractionsInAnIntegerColumnAreExactOrDiscarded() throws {
        let (output, _, discards) = try Self.run(
            "fractions",
            [
                Self.line(#""m1""#, #""event":"E","properties":{"n":1.0000000000000000001}"#),
                Self.line(#""m2""#, #""event":"E","properties":{"n":9007199254740993.0}"#),
                Self.line(#""m3""#, #""event":"E","properties":{"n":15e-1}"#),
            ])
        let script = """
            import glob, sys, pyarrow.parquet as pq
            t = pq.read_table(glob.glob(sys.argv[1] + "/e/**/*.parquet", recursive=True)[0])
            rows = dict(zip(t.column("id").to_pylist(), t.column("n").to_pylist()))
            print(rows["m1"], rows["m2"], rows["m3"])
            """
        let read = try TestSupport.run(TestSupport.python, ["-c", script, output])
        #expect(
            read.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "None 9007199254740993 None", "\(read.stdout)\(read.stderr)")
        let ids = discards.filter { $0["kind"] as? String == "type_mismatch" }
            .compactMap { $0["message_id"] as? String }
        #expect(Set(ids) == ["m1", "m3"], "\(discards)")
    }

    /// An integer a DOUBLE column cannot hold exactly used to be stored as the nearest double
    /// without a record (`9007199254740993` as ...992), and `-0` as `0`. JavaScript's way of
    /// writing a large double (its shortest digits, padded with zeros) still loads.
    @Test func integersInADoubleColumnAreExactOrDiscarded() throws {
        let values = [
            "9007199254740993", "9007199254740992", "-0", "123456789012345678901234567890",
            "100000000000000000000", "1.5", "0.1", "1152921504606847000",
        ]
        let (output, _, discards) = try Self.run(
            "doubles",
            values.enumerated().map {
                Self.line(#""m\#($0.offset)""#, #""event":"E","properties":{"x":\#($0.element)}"#)
            })
        let script = """
            import glob, math, sys, pyarrow.parquet as pq
            t = pq.read_table(glob.glob(sys.argv[1] + "/e/**/*.parquet", recursive=True)[0])
            rows = dict(zip(t.column("id").to_pylist(), t.column("x").to_pylist()))
            print(" ".join(repr(rows[f"m{i}"]) for i in range(8)), math.copysign(1, rows["m2"]))
            """
        let read = try TestSupport.run(TestSupport.python, ["-c", script, output])
        #expect(
            read.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "None 9007199254740992.0 -0.0 None 1e+20 1.5 0.1 1.152921504606847e+18 -1.0",
            "\(read.stdout)\(read.stderr)")
        let kept = discards.filter { $0["kind"] as? String == "type_mismatch" }
        #expect(Set(kept.compactMap { $0["message_id"] as? String }) == ["m0", "m3"])
        let first = kept.first { $0["message_id"] as? String == "m0" }
        #expect((first?["value"] as? NSNumber)?.stringValue == "9007199254740993", "\(kept)")
        #expect((first?["reason"] as? String)?.contains("2^53") == true)
    }

    /// A date-time property without an offset names no instant: it used to be stored as if
    /// UTC (and a date alone as its midnight), with only a violation saying so; it is now
    /// null in the row with a discard record keeping the text.
    @Test func timestampsWithoutAnOffsetAreDiscardedNotTakenAsUTC() throws {
        let (output, _, discards) = try Self.run(
            "timestamps",
            [
                Self.line(#""m1""#, #""event":"E","properties":{"at":"2026-11-30T10:00:00Z"}"#),
                Self.line(#""m2""#, #""event":"E","properties":{"at":"2026-11-30T10:00:00"}"#),
                Self.line(#""m3""#, #""event":"E","properties":{"at":"2026-11-30"}"#),
            ])
        let script = """
            import glob, sys, pyarrow.parquet as pq
            t = pq.read_table(glob.glob(sys.argv[1] + "/e/**/*.parquet", recursive=True)[0])
            rows = dict(zip(t.column("id").to_pylist(), t.column("at").to_pylist()))
            print(rows["m1"].isoformat(), rows["m2"], rows["m3"])
            """
        let read = try TestSupport.run(TestSupport.python, ["-c", script, output])
        #expect(
            read.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "2026-11-30T10:00:00+00:00 None None", "\(read.stdout)\(read.stderr)")
        let kept = discards.filter { $0["kind"] as? String == "type_mismatch" }
        #expect(Set(kept.compactMap { $0["message_id"] as? String }) == ["m2", "m3"])
        #expect(kept.contains { $0["value"] as? String == "2026-11-30T10:00:00" }, "\(kept)")
    }

    /// `"messageId": 17` used to be replaced by a content fingerprint, so two copies with
    /// different payloads both loaded and 17 was kept nowhere.
    @Test func numericMessageIdIsTheEventsIdAndDedupes() throws {
        let (output, status, _) = try Self.run(
            "numericid",
            [
                Self.line("17", #""event":"E","properties":{"n":1}"#),
                Self.line("17", #""event":"E","properties":{"n":2}"#),
                // The same event resent with its id spelled as a string: a plain duplicate.
                Self.line(#""17""#, #""event":"E","properties":{"n":1}"#),
            ])
        #expect(status == 3)
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: output)[0])
        let counts = manifest["counts"] as? [String: Any] ?? [:]
        #expect(counts["events_loaded"] as? Int == 1, "\(counts)")
        #expect(counts["conflicting_duplicates"] as? Int == 1, "\(counts)")
        #expect(counts["duplicates"] as? Int == 1, "\(counts)")
    }
}
