import SluiceJSON
import SluicePlan
import Testing

/// Which rule a call is validated against, and what the warehouse is told is declared.
@Suite struct RuleSelectionTests {
    static let planJSON = """
        {"display_name": "Selection", "rules": {
          "events": [
            {"name": "Page Viewed", "version": 1, "rules": {"properties": {"properties": {
              "properties": {"path": {"type": "string"}}, "required": ["path"]}}}},
            {"name": "Signed Up", "version": 3, "rules": {"properties": {"properties": {
              "properties": {"plan": {"type": "string"}}}}}},
            {"name": "Signed Up", "version": 2, "rules": {"properties": {"properties": {
              "properties": {"plan": {"type": "integer"}}}}}}
          ],
          "identify_traits": {"properties": {"traits": {"properties": {
            "email": {"type": ["string", "null"], "format": "email"},
            "address": {"type": "object", "properties": {"city": {"type": "string"}}}}}}},
          "global": {"properties": {"context": {"required": ["library"]}}}
        }}
        """

    static let plan = try! TrackingPlan.load(json: try! JSONParser().parse(planJSON), source: "s")

    static func payload(_ text: String) -> JSONObject {
        try! JSONParser().parse(text).objectValue!
    }

    @Test func pageCallsFallBackToPageViewed() {
        let verdict = Self.plan.validate(
            Self.payload(#"{"properties": {}, "context": {"library": {}}}"#), callType: .page,
            eventName: "Home")
        #expect(verdict.isPlannedEvent)
        #expect(verdict.violations.map(\.field) == ["properties.path"])
    }

    @Test func oldestVersionIsTheDefault() {
        let payload = Self.payload(#"{"properties": {"plan": "pro"}, "context": {"library": {}}}"#)
        let verdict = Self.plan.validate(payload, callType: .track, eventName: "Signed Up")
        #expect(verdict.violations.map(\.type) == [.invalidType])
    }

    @Test func requestedVersionIsUsed() {
        let payload = Self.payload(
            #"{"properties": {"plan": "pro"}, "context": {"library": {}, "protocols": {"event_version": 3}}}"#
        )
        #expect(
            !Self.plan.validate(payload, callType: .track, eventName: "Signed Up").hasViolations)
    }

    /// A version written as a number whose value is an integer, or as such a number in a
    /// string, selects that version, on the tape as in the tree; it fell back to the oldest.
    @Test(arguments: ["3", "3.0", "3e0", #""3""#, #""03""#, #""3.0""#])
    func versionWrittenAnyWayAnIntegerIs(_ version: String) throws {
        let text =
            #"{"properties": {"plan": "pro"}, "context": {"library": {}, "protocols": "#
            + #"{"event_version": \#(version)}}}"#
        let tree = Self.plan.validate(
            Self.payload(text), callType: .track, eventName: "Signed Up")
        let bytes = Array(text.utf8)
        var tape = JSONTape()
        try tape.parse(bytes)
        let onTape = bytes.withUnsafeBytes { buffer in
            Self.plan.validate(tape: tape, in: buffer, callType: .track, eventName: "Signed Up") {
                tape.value(0, in: buffer).objectValue!
            }
        }
        #expect(!tree.hasViolations && !onTape.hasViolations)
    }

    /// Of several COMMON versions one applies, picked as the call's own rule is: the oldest,
    /// or the one `event_version` names; every version used to apply, so an export carrying
    /// an old COMMON version flagged (or, under block, quarantined) every event.
    @Test(arguments: [
        (#"{"library": {}}"#, [String]()),
        (#"{"library": {}, "protocols": {"event_version": 2}}"#, ["context.app"]),
        (#"{"app": {}, "protocols": {"event_version": 2}}"#, []),
        (#"{"app": {}}"#, ["context.library"]),
        (#"{"app": {}, "protocols": {"event_version": 7}}"#, ["context.library"]),
    ])
    func oneCommonVersionApplies(context: String, violations: [String]) throws {
        let plan = try TrackingPlan.load(
            json: try JSONParser().parse(
                """
                {"rules": [
                  {"type": "COMMON", "version": 1, "jsonSchema": {"properties": {"context": {
                    "required": ["library"]}}}},
                  {"type": "COMMON", "version": 2, "jsonSchema": {"properties": {"context": {
                    "required": ["app"]}}}}
                ]}
                """), source: "common")
        let text = #"{"event": "Any", "context": \#(context)}"#
        let tree = plan.validate(Self.payload(text), callType: .track, eventName: "Any")
        let bytes = Array(text.utf8)
        var tape = JSONTape()
        try tape.parse(bytes)
        let onTape = bytes.withUnsafeBytes { buffer in
            plan.validate(tape: tape, in: buffer, callType: .track, eventName: "Any") {
                tape.value(0, in: buffer).objectValue!
            }
        }
        let schemaFields = { (verdict: PlanVerdict) in
            verdict.violations.filter { $0.type != .unplannedEvent }.map(\.field)
        }
        #expect(schemaFields(tree) == violations)
        #expect(onTape == tree)
    }

    /// Text that only Swift reads as a number (`0x3`), or a fraction, names no version: the
    /// oldest applies.
    @Test(arguments: [#""0x3""#, "3.5", #""inf""#])
    func versionThatIsNoIntegerFallsBackToTheOldest(_ version: String) {
        let text =
            #"{"properties": {"plan": "pro"}, "context": {"library": {}, "protocols": "#
            + #"{"event_version": \#(version)}}}"#
        let verdict = Self.plan.validate(
            Self.payload(text), callType: .track, eventName: "Signed Up")
        #expect(verdict.violations.map(\.type) == [.invalidType])
    }

    @Test func globalRuleIsTheCommonRule() {
        let verdict = Self.plan.validate(
            Self.payload(#"{"properties": {"plan": 1}, "context": {}}"#), callType: .track,
            eventName: "Signed Up")
        #expect(verdict.violations.map(\.field) == ["context.library"])
    }

    @Test func identifyDeclaredFieldsRecurseIntoObjects() {
        let fields = Self.plan.declaredFields(callType: .identify, eventName: nil)
        #expect(
            fields == [
                DeclaredField(
                    path: ["traits", "email"], types: ["string"], format: "email", isNullable: true),
                DeclaredField(
                    path: ["traits", "address"], types: ["object"], format: nil, isNullable: false),
                DeclaredField(
                    path: ["traits", "address", "city"], types: ["string"], format: nil,
                    isNullable: false),
            ])
    }

    @Test func unplannedCallsDeclareNothing() {
        #expect(Self.plan.declaredFields(callType: .track, eventName: "Nope").isEmpty)
        #expect(Self.plan.declaredFields(callType: .group, eventName: nil).isEmpty)
        #expect(Self.plan.declaredFields(callType: .alias, eventName: nil).isEmpty)
    }

    @Test func eventNamesCompareCodePoints() throws {
        let json = try JSONParser().parse(#"{"events": [{"name": "Caf\u00e9", "rules": {}}]}"#)
        let plan = try TrackingPlan.load(json: json, source: "n")
        #expect(
            plan.validate(JSONObject(), callType: .track, eventName: "Caf\u{E9}").isPlannedEvent)
        #expect(
            !plan.validate(JSONObject(), callType: .track, eventName: "Cafe\u{301}").isPlannedEvent)
    }
}
