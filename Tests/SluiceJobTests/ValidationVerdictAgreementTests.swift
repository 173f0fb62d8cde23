import SluiceJSON
import SluicePlan
import SluiceReader
import Testing

@testable import SluiceJob

/// `sluice validate` checks lines on the tape, as `sluice run` does; its verdicts must be
/// those of the tree it used to build for every line: the JSON parse into a `JSONObject`,
/// `SegmentNormalizer.normalize(line:origin:)` and `EventVerdict(_:against:)`.
@Suite struct ValidationVerdictAgreementTests {
    /// A line to check, with how much of it the reader passed.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var line: String
        var kind: LogLine.Kind = .complete
        /// Enforcement overrides the plan is checked with.
        var enforcement: [String] = []
        var testDescription: String { name }
    }

    /// `Product Added` in two versions (the second needs a currency), `Signed Up` with no
    /// undeclared property, an identify rule needing an email, and a common rule needing
    /// `context.library.name`.
    static let plan = """
        {"name": "Agreement", "rules": [
         {"type": "COMMON", "version": 1, "jsonSchema": {"type": "object", "properties": {
           "context": {"type": "object", "required": ["library"], "properties": {
             "library": {"type": "object", "required": ["name"]}}}}}},
         {"type": "TRACK", "key": "Product Added", "version": 1, "jsonSchema": {
           "type": "object", "properties": {"properties": {"type": "object",
           "required": ["price"], "properties": {"price": {"type": "number", "minimum": 0},
           "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]+$"}}}}}},
         {"type": "TRACK", "key": "Product Added", "version": 2, "jsonSchema": {
           "type": "object", "properties": {"properties": {"type": "object",
           "required": ["price", "currency"], "properties": {"price": {"type": "number"},
           "currency": {"enum": ["EUR", "USD"]}}}}}},
         {"type": "TRACK", "key": "Signed Up", "version": 1, "jsonSchema": {
           "type": "object", "properties": {"properties": {"type": "object",
           "additionalProperties": false, "properties": {"plan": {"type": "string"}}}}}},
         {"type": "IDENTIFY", "version": 1, "jsonSchema": {"type": "object", "properties": {
           "traits": {"type": "object", "required": ["email"], "properties": {
             "email": {"type": "string", "format": "email"}}}}}}]}
        """

    /// A track event of `event` with `properties`, `messageId`, `context` and further
    /// members, each given as JSON text.
    static func track(
        _ event: String, _ properties: String, messageId: String = #""m1""#,
        context: String = #"{"library":{"name":"analytics.js"}}"#, extra: String = ""
    ) -> String {
        #"{"type":"track","event":"# + event + #","messageId":"# + messageId
            + #","anonymousId":"a1","receivedAt":"2026-11-30T09:00:00Z","context":"# + context
            + #","properties":"# + properties + extra + "}"
    }

    static let cases: [Case] = [
        Case(name: "valid", line: track(#""Product Added""#, #"{"price":10,"sku":"ABC-1"}"#)),
        Case(name: "wrong type", line: track(#""Product Added""#, #"{"price":"ten"}"#)),
        Case(name: "missing required", line: track(#""Product Added""#, #"{"sku":"abc"}"#)),
        Case(name: "below minimum", line: track(#""Product Added""#, #"{"price":-1}"#)),
        Case(
            name: "second version by event_version",
            line: track(
                #""Product Added""#, #"{"price":1}"#,
                context: #"{"library":{"name":"x"},"protocols":{"event_version":2}}"#)),
        Case(
            name: "event_version as text",
            line: track(
                #""Product Added""#, #"{"price":1,"currency":"EUR"}"#,
                context: #"{"library":{"name":"x"},"protocols":{"event_version":"2"}}"#)),
        Case(name: "unplanned property", line: track(#""Signed Up""#, #"{"plan":"pro","x":1}"#)),
        Case(name: "unplanned event", line: track(#""Coupon Used""#, #"{"code":"A"}"#)),
        Case(
            name: "unplanned event blocked", line: track(#""Coupon Used""#, #"{"code":"A"}"#),
            enforcement: ["track.unplanned-events=block"]),
        Case(
            name: "violation blocked", line: track(#""Product Added""#, #"{"price":"ten"}"#),
            enforcement: ["track.violations=block"]),
        Case(
            name: "common violation blocked",
            line: track(#""Product Added""#, #"{"price":1}"#, context: #"{"ip":"::1"}"#),
            enforcement: ["common.violations=block"]),
        Case(
            name: "repeated key in context",
            line: track(
                #""Product Added""#, #"{"price":1,"currency":"USD"}"#,
                context: #"{"protocols":{"event_version":1},"protocols":{"event_version":2}}"#)),
        Case(
            name: "identify without email",
            line:
                #"{"type":"identify","userId":"u1","messageId":"m3","traits":{"name":"Ann"},"context":{"library":{"name":"ios"}}}"#
        ),
        Case(
            name: "identify with a bad email",
            line:
                #"{"type":"identify","userId":"u1","messageId":"m4","traits":{"email":"not an address"},"context":{"library":{"name":"ios"}}}"#
        ),
        Case(
            name: "escapes in the messageId and the event name",
            line: track(
                #""Product\u0020Added""#, #"{"pr\u0069ce":"\u0031"}"#,
                messageId: #""m\u00e9\"q\\\t\u0001""#)),
        Case(
            name: "non-ASCII text", line: track(#""Signed Up""#, #"{"plan":"é","ü":"😀"}"#)),
        Case(
            name: "repeated top-level key",
            line: track(
                #""Product Added""#, #"{"price":"ten"}"#, extra: #","properties":{"price":2}"#)),
        Case(
            name: "repeated top-level key, the last invalid",
            line: track(
                #""Product Added""#, #"{"price":2}"#, extra: #","properties":{"price":"ten"}"#)),
        Case(
            name: "repeated property key",
            line: track(#""Product Added""#, #"{"price":1,"price":"one","sku":"x"}"#)),
        Case(
            name: "repeated key in context.protocols",
            line: track(
                #""Product Added""#, #"{"price":1}"#,
                context: #"{"library":{},"protocols":{"event_version":2,"event_version":1}}"#)),
        Case(
            name: "repeated messageId",
            line: track(#""Product Added""#, #"{"price":1}"#, extra: #","messageId":"m9""#)),
        Case(
            name: "repeated unplanned member",
            line: track(#""Signed Up""#, #"{"x":1,"x":2,"plan":"a"}"#)),
        Case(
            name: "no messageId",
            line:
                #"{"type":"track","event":"Product Added","anonymousId":"a","properties":{"price":1}}"#
        ),
        Case(name: "messageId not text", line: track(#""Product Added""#, "{}", messageId: "42")),
        Case(
            name: "no user",
            line:
                #"{"type":"track","event":"Product Added","messageId":"m5","properties":{"price":1}}"#
        ),
        Case(
            name: "bad timestamp",
            line: track(#""Product Added""#, #"{"price":1}"#, extra: #","timestamp":"yesterday""#)),
        Case(name: "event not text", line: track("7", #"{"price":1}"#)),
        Case(name: "properties not an object", line: track(#""Product Added""#, "[1,2]")),
        Case(name: "not JSON", line: "{not json"),
        Case(name: "cut short", line: #"{"type":"track","event":"Pro"#),
        Case(name: "trailing garbage", line: #"{"type":"track"} x"#),
        Case(name: "not an object", line: "[1,2,3]"),
        Case(name: "a bare string", line: #""track""#),
        Case(name: "no type", line: #"{"messageId":"m6","event":"Product Added"}"#),
        Case(name: "unknown type", line: #"{"type":"purchase","messageId":"m7"}"#),
        Case(name: "type with an escape", line: #"{"type":"tr\u0061ck","event":"Signed Up"}"#),
        Case(name: "invalid UTF-8", line: "{\"type\":\"track\",\"event\":\"\u{FFFD}\"}"),
        Case(name: "too deep", line: String(repeating: "[", count: 600)),
        Case(name: "too long", line: #"{"type":"track"}"#, kind: .tooLong(totalBytes: 2_000_000)),
        Case(name: "truncated by damage", line: #"{"type":"tr"#, kind: .truncatedByDamage),
    ]

    @Test(arguments: cases) func theTapeGivesTheTreesVerdict(_ c: Case) throws {
        var plan = try TrackingPlan.load(bytes: Array(Self.plan.utf8), source: "agreement")
        try plan.enforcement.apply(c.enforcement)
        var bytes = Array(c.line.utf8)
        // A replacement character stands for a byte that is not UTF-8 at all.
        if c.name == "invalid UTF-8" { bytes = bytes.map { $0 == 0xEF ? 0xFF : $0 } }

        var checker = FileChecker(plan: plan, maxLineBytes: 1 << 20)
        var summary = ValidationRun.Summary()
        var out: [UInt8] = []
        bytes.withUnsafeBytes {
            checker.check(
                $0, kind: c.kind, number: 3, offset: 40, writer: VerdictLine(file: "d/a.jsonl"),
                summary: &summary, into: &out)
        }
        let tree = bytes.withUnsafeBytes { Self.treeVerdict($0, kind: c.kind, plan: plan) }

        #expect(String(decoding: out, as: UTF8.self) == tree.line + "\n")
        #expect(summary.valid == tree.summary.valid)
        #expect(summary.invalid == tree.summary.invalid)
        #expect(summary.blocked == tree.summary.blocked)
        #expect(summary.unreadable == tree.summary.unreadable)
        #expect(summary.violationsByType == tree.summary.violationsByType)
    }

    /// The plan finds every kind of fault on these lines, so none of the cases passes by
    /// agreeing that all is well.
    @Test func theCasesCoverEveryVerdict() throws {
        var verdicts: Set<String> = []
        for c in Self.cases {
            var plan = try TrackingPlan.load(bytes: Array(Self.plan.utf8), source: "agreement")
            try plan.enforcement.apply(c.enforcement)
            let line = Array(c.line.utf8).withUnsafeBytes {
                Self.treeVerdict($0, kind: c.kind, plan: plan).line
            }
            for verdict in ["valid", "invalid", "blocked", "unreadable"]
            where line.contains(#""verdict":"\#(verdict)""#) {
                verdicts.insert(verdict)
            }
        }
        #expect(verdicts.count == 4)
    }

    /// The verdict line `sluice validate` wrote before it read the tape: built as a
    /// `JSONValue` from the tree of the line.
    static func treeVerdict(
        _ bytes: UnsafeRawBufferPointer, kind: LogLine.Kind, plan: TrackingPlan
    ) -> (line: String, summary: ValidationRun.Summary) {
        var summary = ValidationRun.Summary()
        let origin = EventOrigin(file: "d/a.jsonl", line: 3, byteOffset: 40)
        func verdict(_ messageId: String?, _ name: String, _ violations: [JSONValue]) -> String {
            JSONValue.members([
                ("file", .string(origin.file)), ("line", .int(origin.line)),
                ("messageId", .text(messageId)), ("verdict", .string(name)),
                ("violations", .array(violations)),
            ]).jsonText
        }
        guard kind == .complete else {
            summary.unreadable += 1
            let (reason, detail) =
                kind == .truncatedByDamage
                ? (
                    "truncated_by_damage",
                    "the file is damaged and this line was cut off where reading stopped"
                )
                : ("line_too_long", "the line is over --max-line-bytes")
            return (verdict(nil, "unreadable", [unreadable(reason, detail)]), summary)
        }
        let normalizer = SegmentNormalizer(
            options: NormalizerOptions(receivedAtFallback: .eventTime))
        switch normalizer.normalize(line: bytes, origin: origin) {
        case .failure(let rejection):
            summary.unreadable += 1
            let violation = unreadable(rejection.reason, rejection.detail)
            return (verdict(nil, "unreadable", [violation]), summary)
        case .success(let event):
            let checked = EventVerdict(event, against: plan)
            for type in checked.types { summary.violationsByType[type, default: 0] += 1 }
            let name =
                checked.isBlocked ? "blocked" : (checked.violations.isEmpty ? "valid" : "invalid")
            switch name {
            case "blocked": summary.blocked += 1
            case "valid": summary.valid += 1
            default: summary.invalid += 1
            }
            let messageId = event.messageId.string(in: bytes)
            return (verdict(messageId, name, checked.violations), summary)
        }
    }

    static func unreadable(_ reason: String, _ detail: String) -> JSONValue {
        .members([
            ("type", .string("Unreadable")), ("field", .string("")),
            ("description", .string(detail.isEmpty ? reason : reason + ": " + detail)),
        ])
    }
}
