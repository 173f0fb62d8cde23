import Foundation
import Testing

/// Regression tests for the per-worker batch log, which keeps every value a worker stores in
/// one run of 16-byte records until its batches are sealed. Each keeps the smallest input
/// that showed the fault.
@Suite(.serialized) struct BatchLogBreakerTests {
    /// Values one key's string dictionary takes before it checks that it pays
    /// (`KeyDictionary.checkAfterLookups`); the value that makes the check close it is the
    /// first stored as text.
    static let lookupsBeforeDictionaryCheck = 4096

    /// Lines of two canonically equivalent members (`K` and the Kelvin sign) with new strings,
    /// so the key's dictionary closes on the last line's second value, an empty string: a
    /// repeat stored as text of no bytes.
    static func linesClosingTheDictionaryOnAnEmptyRepeat() -> [String] {
        let count = lookupsBeforeDictionaryCheck / 2
        return (0..<count).map { index in
            let second = index == count - 1 ? "" : "v\(index)"
            return ColumnStoreBreakerTests.line(
                "m\(index)", second: 0, properties: "\"K\":\"u\(index)\",\"\\u212a\":\"\(second)\"")
        }
    }

    /// The second of two equivalent members is reported as a `repeated_member` discard with
    /// its value, whatever that value is. An empty string stored as text (its key's dictionary
    /// closed) made the run trap while building the discard's value: the one-value column
    /// copied out of the log has no text buffer when the text is empty, and the copy
    /// force-unwrapped it.
    @Test func anEmptyRepeatStoredAsTextIsDiscardedWithoutACrash() throws {
        let lines = Self.linesClosingTheDictionaryOnAnEmptyRepeat()
        let f = try RunCommandTests.fixture(
            "empty-repeat", files: ["a.jsonl": lines.joined(separator: "\n") + "\n"])
        let result = try ColumnStoreBreakerTests.run(f, ["--run-id", "empty-repeat"])
        #expect(result.status == 0, "\(result.stderr)")

        let records = try TestSupport.discardRecords(in: f.output, runId: "empty-repeat")
        let last = records.first { $0["message_id"] as? String == "m\(lines.count - 1)" }
        #expect(records.count == lines.count)
        #expect(last?["kind"] as? String == "repeated_member")
        #expect(last?["value"] as? String == "")
    }

    /// A planned event with no violations, so a row stores text only where a value is not
    /// interned; `context` is free of plan rules.
    static func signedIn(_ index: Int, context: String) -> String {
        """
        {"type":"track","event":"Signed In","messageId":"m\(index)","anonymousId":"a","receivedAt":"2026-11-30T10:00:00Z","context":{"library":{"name":"x","version":"1"},\(context)},"properties":{"method":"email"}}
        """
    }

    /// Lines whose every string is interned until one key's dictionary closes on an empty
    /// string, which is then the first text the worker stores: two equivalent members per
    /// line give that key twice the lookups of `messageId`, so `messageId` stays interned.
    static func linesWhoseOnlyTextIsEmpty() -> [String] {
        let pairs = lookupsBeforeDictionaryCheck / 2 - 1
        let repeated = (0..<pairs).map {
            Self.signedIn($0, context: "\"K\":\"u\($0)\",\"\\u212a\":\"v\($0)\"")
        }
        return repeated + [
            Self.signedIn(pairs, context: "\"K\":\"u\(pairs)\""),
            Self.signedIn(pairs + 1, context: "\"K\":\"\""),
        ]
    }

    /// Sealing copies each value's text out of the log through the log's text base, which is
    /// nil while no value has stored a byte of text: an empty string stored as text then made
    /// a debug build trap ('unsafelyUnwrapped of nil optional'). A release binary, which these
    /// tests run, went through undefined behaviour silently, so here this only checks that
    /// the empty string is loaded; `ColumnBatchTests` catches the fault in the debug build.
    @Test func anEmptyStringThatIsTheLogsOnlyTextIsLoaded() throws {
        let lines = Self.linesWhoseOnlyTextIsEmpty()
        let f = try RunCommandTests.fixture(
            "empty-text", files: ["a.jsonl": lines.joined(separator: "\n") + "\n"])
        let result = try TestSupport.sluice([
            "run", "--input", f.input, "--plan", TestSupport.packageRoot + "/samples/plan.json",
            "--output", f.output, "--quiet", "--run-id", "empty-text",
        ])
        #expect(result.status == 0, "\(result.stderr)")

        let sql =
            "select context_k as k from read_parquet('\(f.output)/signed_in/*/*.parquet') where id = 'm\(lines.count - 1)'"
        let row = try ColumnStoreBreakerTests.rows(f.output, sql).first ?? [:]
        #expect(row["k"] as? String == "", "\(row)")
    }
}
