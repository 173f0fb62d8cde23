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
