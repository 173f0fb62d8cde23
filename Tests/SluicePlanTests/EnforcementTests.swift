import SluiceJSON
import SluicePlan
import Testing

/// A small Public API plan: two versions of one track event, identify, group and common rules.
let enforcementPlanJSON = """
    {"name": "Enforcement Plan", "rules": [
      {"type": "TRACK", "key": "Order Completed", "version": 1, "jsonSchema": {
        "type": "object", "required": ["properties"],
        "properties": {"properties": {"type": "object", "required": ["price"], "properties": {
          "price": {"type": "number", "minimum": 0},
          "currency": {"type": "string", "enum": ["USD", "EUR"]}}}}}},
      {"type": "TRACK", "key": "Order Completed", "version": 2, "jsonSchema": {
        "properties": {"properties": {"required": ["price", "coupon"], "properties": {
          "price": {"type": "number"}, "coupon": {"type": "string"}}}}}},
      {"type": "IDENTIFY", "key": "", "version": 1, "jsonSchema": {
        "properties": {"traits": {"required": ["email"], "properties": {
          "email": {"type": "string", "format": "email"}}}}}},
      {"type": "GROUP", "key": "", "version": 1, "jsonSchema": {
        "properties": {"traits": {"properties": {"plan": {"type": "string"}}}}}},
      {"type": "COMMON", "key": "", "version": 1, "jsonSchema": {
        "properties": {"userId": {"type": "string"}, "context": {"properties": {
          "ip": {"type": "string", "format": "ipv4"},
          "page": {"properties": {"url": {"type": "string"}}}}}}}}
    ]}
    """

/// One enforcement scenario: settings, a call, and the verdict Segment would give.
struct EnforcementCase: Sendable, CustomStringConvertible {
    var name: String
    var overrides: [String] = []
    var callType: CallType = .track
    var eventName: String? = "Order Completed"
    var payload: String
    var action: PlanVerdict.Action = .allow
    var violations: [ViolationType] = []
    var fields: [String]? = nil
    var omitted: [[String]] = []
    var isPlanned = true

    var description: String { name }
}

let enforcementCases: [EnforcementCase] = [
    EnforcementCase(name: "valid track event", payload: #"{"properties": {"price": 3}}"#),
    EnforcementCase(
        name: "integer written as 1.0 is a number", payload: #"{"properties": {"price": 1.0}}"#),
    EnforcementCase(
        name: "wrong type is reported and allowed by default",
        payload: #"{"properties": {"price": "3"}}"#, violations: [.invalidType],
        fields: ["properties.price"]),
    EnforcementCase(
        name: "violations=omit drops the invalid property", overrides: ["track.violations=omit"],
        payload: #"{"properties": {"price": "3", "currency": "USD"}}"#, violations: [.invalidType],
        omitted: [["properties", "price"]]),
    EnforcementCase(
        name: "violations=block blocks", overrides: ["track.violations=block"],
        payload: #"{"properties": {"price": -1}}"#, action: .block, violations: [.outOfRange]),
    EnforcementCase(
        name: "missing required property names the property",
        overrides: ["track.violations=block"], payload: #"{"properties": {}}"#, action: .block,
        violations: [.required], fields: ["properties.price"]),
    EnforcementCase(
        name: "missing required properties object", payload: #"{"event": "Order Completed"}"#,
        violations: [.required], fields: ["properties"]),
    EnforcementCase(
        name: "invalid enum", payload: #"{"properties": {"price": 1, "currency": "GBP"}}"#,
        violations: [.invalidEnum], fields: ["properties.currency"]),
    EnforcementCase(
        name: "unplanned property is reported, kept by default",
        payload: #"{"properties": {"price": 1, "color": "red"}}"#, violations: [.unplannedProperty],
        fields: ["properties.color"]),
    EnforcementCase(
        name: "unplanned-properties=omit drops it", overrides: ["track.unplanned-properties=omit"],
        payload: #"{"properties": {"price": 1, "color": "red"}}"#, violations: [.unplannedProperty],
        omitted: [["properties", "color"]]),
    EnforcementCase(
        name: "unplanned event allowed by default", eventName: "Order Cancelled",
        payload: #"{"properties": {}}"#, violations: [.unplannedEvent], isPlanned: false),
    EnforcementCase(
        name: "unplanned-events=block blocks", overrides: ["track.unplanned-events=block"],
        eventName: "Order Cancelled", payload: #"{"properties": {}}"#, action: .block,
        violations: [.unplannedEvent], isPlanned: false),
    EnforcementCase(
        name: "event names match case-sensitively", overrides: ["track.unplannedEvents=block"],
        eventName: "order completed", payload: #"{"properties": {"price": 1}}"#, action: .block,
        violations: [.unplannedEvent], isPlanned: false),
    EnforcementCase(
        name: "event_version 2 selects version 2",
        payload: #"{"properties": {"price": 1}, "context": {"protocols": {"event_version": 2}}}"#,
        violations: [.required], fields: ["properties.coupon"]),
    EnforcementCase(
        name: "event_version as a string",
        payload: #"{"properties": {"price": 1}, "context": {"protocols": {"event_version": "2"}}}"#,
        violations: [.required], fields: ["properties.coupon"]),
    EnforcementCase(
        name: "unknown event_version falls back to the oldest",
        payload: #"{"properties": {"price": 1}, "context": {"protocols": {"event_version": 9}}}"#),
    EnforcementCase(
        name: "identify invalid format allowed by default", callType: .identify, eventName: nil,
        payload: #"{"traits": {"email": "nope"}}"#, violations: [.invalidFormat],
        fields: ["traits.email"]),
    EnforcementCase(
        name: "identify violations=omit", overrides: ["identify.violations=omit"],
        callType: .identify, eventName: nil, payload: #"{"traits": {"email": "nope"}}"#,
        violations: [.invalidFormat], omitted: [["traits", "email"]]),
    EnforcementCase(
        name: "identify violations=block", overrides: ["identify.violations=block"],
        callType: .identify, eventName: nil, payload: #"{"traits": {}}"#, action: .block,
        violations: [.required]),
    EnforcementCase(
        name: "identify unplanned-traits=omit", overrides: ["identify.unplanned-traits=omit"],
        callType: .identify, eventName: nil,
        payload: #"{"traits": {"email": "a@b.co", "name": "Ann"}}"#,
        violations: [.unplannedTrait], omitted: [["traits", "name"]]),
    EnforcementCase(
        name: "track settings do not touch identify", overrides: ["track.violations=block"],
        callType: .identify, eventName: nil, payload: #"{"traits": {"email": "nope"}}"#,
        violations: [.invalidFormat]),
    EnforcementCase(
        name: "group unplanned-traits=omit", overrides: ["group.unplanned-traits=omit"],
        callType: .group, eventName: nil, payload: #"{"traits": {"plan": "pro", "seats": 3}}"#,
        violations: [.unplannedTrait], omitted: [["traits", "seats"]]),
    EnforcementCase(
        name: "group violations=block", overrides: ["group.violations=block"], callType: .group,
        eventName: nil, payload: #"{"traits": {"plan": 3}}"#, action: .block,
        violations: [.invalidType]),
    EnforcementCase(
        name: "common violation allowed by default",
        payload: #"{"properties": {"price": 1}, "context": {"ip": "999.1.1.1"}}"#,
        violations: [.invalidFormat], fields: ["context.ip"]),
    EnforcementCase(
        name: "common=block blocks", overrides: ["common.violations=block"],
        payload: #"{"properties": {"price": 1}, "context": {"ip": "999.1.1.1"}}"#,
        action: .block, violations: [.invalidFormat]),
    EnforcementCase(
        name: "common=omit drops the violating context member",
        overrides: ["common.violations=omit"],
        payload: #"{"properties": {"price": 1}, "context": {"ip": "999.1.1.1", "locale": "en"}}"#,
        violations: [.invalidFormat], omitted: [["context", "ip"]]),
    EnforcementCase(
        name: "common=omit drops the context member a nested violation sits in",
        overrides: ["common.violations=omit"],
        payload: #"{"properties": {"price": 1}, "context": {"page": {"url": 7, "path": "/"}}}"#,
        violations: [.invalidType], fields: ["context.page.url"], omitted: [["context", "page"]]),
    EnforcementCase(
        name: "common=omit keeps a violating top-level field",
        overrides: ["common.violations=omit"],
        payload: #"{"properties": {"price": 1}, "userId": 5}"#, violations: [.invalidType],
        fields: ["userId"]),
    EnforcementCase(
        name: "common=omit leaves the event's own violations to track.violations",
        overrides: ["common.violations=omit"],
        payload: #"{"properties": {"price": "1"}, "context": {"ip": "1.2.3"}}"#,
        violations: [.invalidType, .invalidFormat], omitted: [["context", "ip"]]),
    EnforcementCase(
        name: "common applies to unplanned events too", overrides: ["common.violations=block"],
        eventName: "Other", payload: #"{"context": {"ip": "1.2.3"}}"#, action: .block,
        violations: [.unplannedEvent, .invalidFormat], isPlanned: false),
    EnforcementCase(
        name: "alias is only checked by the common rule", callType: .alias, eventName: nil,
        payload: #"{"previousId": "a"}"#, isPlanned: false),
    EnforcementCase(
        name: "page without a page rule passes unplanned", callType: .page, eventName: "Home",
        payload: #"{"properties": {"x": 1}}"#, isPlanned: false),
    EnforcementCase(
        name: "block empties omitted paths",
        overrides: ["track.violations=block", "track.unplanned-properties=omit"],
        payload: #"{"properties": {"price": "1", "color": "red"}}"#, action: .block,
        violations: [.unplannedProperty, .invalidType]),
]

@Suite struct EnforcementTests {
    static let plan: TrackingPlan = {
        let json = try! JSONParser().parse(enforcementPlanJSON)
        return try! TrackingPlan.load(json: json, source: "enforcement-plan")
    }()

    @Test(arguments: enforcementCases)
    func verdict(_ testCase: EnforcementCase) throws {
        var plan = Self.plan
        for override in testCase.overrides { try plan.enforcement.apply(override) }
        let payload = try #require(try JSONParser().parse(testCase.payload).objectValue)

        let verdict = plan.validate(
            payload, callType: testCase.callType, eventName: testCase.eventName)
        #expect(verdict.action == testCase.action)
        #expect(verdict.violations.map(\.type) == testCase.violations)
        #expect(verdict.omittedPaths == testCase.omitted)
        #expect(verdict.isPlannedEvent == testCase.isPlanned)
        if let fields = testCase.fields { #expect(verdict.violations.map(\.field) == fields) }
    }

    /// A plan compiled again for another thread keeps the original's enforcement settings and
    /// gives every call the same verdict.
    @Test(arguments: enforcementCases)
    func independentCopyGivesTheSameVerdict(_ testCase: EnforcementCase) throws {
        var plan = Self.plan
        for override in testCase.overrides { try plan.enforcement.apply(override) }
        let copy = plan.independentCopy()
        let payload = try #require(try JSONParser().parse(testCase.payload).objectValue)

        let original = plan.validate(
            payload, callType: testCase.callType, eventName: testCase.eventName)
        let copied = copy.validate(
            payload, callType: testCase.callType, eventName: testCase.eventName)
        #expect(copy.enforcement == plan.enforcement)
        #expect(copied.action == original.action)
        #expect(copied.violations.map(\.type) == original.violations.map(\.type))
        #expect(copied.violations.map(\.field) == original.violations.map(\.field))
        #expect(copied.omittedPaths == original.omittedPaths)
    }

    @Test func defaultsAllowEverything() {
        let settings = EnforcementSettings()
        #expect(settings.trackUnplannedEvents == .allow)
        #expect(settings.trackUnplannedProperties == .allow)
        #expect(settings.trackViolations == .allow)
        #expect(settings.identifyUnplannedTraits == .allow)
        #expect(settings.identifyViolations == .allow)
        #expect(settings.groupUnplannedTraits == .allow)
        #expect(settings.groupViolations == .allow)
        #expect(settings.commonViolations == .allow)
    }

    @Test(arguments: ["track.unplanned-events", "track.unplannedEvents=sometimes", "nope=allow"])
    func badOverrideIsRejected(_ override: String) {
        var settings = EnforcementSettings()
        #expect(throws: PlanError.self) { try settings.apply(override) }
        #expect(settings == EnforcementSettings())
    }

    @Test func everySettingNameIsAccepted() throws {
        for name in EnforcementSettings.settingNames {
            var settings = EnforcementSettings()
            let value =
                name.hasSuffix("violations")
                ? "block" : (name.hasSuffix("events") ? "block" : "omit")
            try settings.apply("\(name)=\(value)")
            #expect(settings != EnforcementSettings(), "\(name)")
        }
    }

    @Test func assignmentsRoundTrip() throws {
        var settings = EnforcementSettings()
        try settings.apply("group.violations=omit")
        try settings.apply("track.unplanned-events=block")
        #expect(settings.assignments.count == EnforcementSettings.settingNames.count)
        #expect(settings.assignments.contains("group.violations=omit"))

        var copy = EnforcementSettings()
        for assignment in settings.assignments { try copy.apply(assignment) }
        #expect(copy == settings)
    }

    @Test func planFileCarriesSettings() throws {
        let text = """
            {"events": [{"name": "A", "rules": {}}],
             "enforcement": {"track": {"unplannedEvents": "block", "violations": "omit"},
                             "common": {"violations": "block"}}}
            """
        let plan = try TrackingPlan.load(json: try JSONParser().parse(text), source: "inline")
        var expected = EnforcementSettings()
        expected.trackUnplannedEvents = .block
        expected.trackViolations = .omit
        expected.commonViolations = .block
        #expect(plan.enforcement == expected)
        #expect(plan.validate(JSONObject(), callType: .track, eventName: "B").action == .block)
    }

    /// Settings named whole, as `--enforce` names them, load too; a plan written so was
    /// refused ("must be an object of settings") without the shape that works.
    @Test func planFileCarriesSettingsNamedWhole() throws {
        let text = """
            {"events": [{"name": "A", "rules": {}}],
             "enforcement": {"track.unplanned-events": "block", "common": {"violations": "omit"}}}
            """
        let plan = try TrackingPlan.load(json: try JSONParser().parse(text), source: "inline")
        var expected = EnforcementSettings()
        expected.trackUnplannedEvents = .block
        expected.commonViolations = .omit
        #expect(plan.enforcement == expected)

        let wrong = #"{"events": [], "enforcement": {"track": "block"}}"#
        let error = #expect(throws: PlanError.self) {
            try TrackingPlan.load(json: try JSONParser().parse(wrong), source: "inline")
        }
        #expect(error?.message.contains(#""track.violations": "block""#) == true)
    }

    /// A blocked verdict names the settings that blocked it, for the quarantine record.
    @Test func blockedVerdictNamesItsSettings() throws {
        var plan = Self.plan
        try plan.enforcement.apply("track.unplanned-events=block")
        try plan.enforcement.apply("common.violations=block")
        let payload = try #require(
            try JSONParser().parse(#"{"context": {"ip": "999.1.1.1"}}"#).objectValue)

        let verdict = plan.validate(payload, callType: .track, eventName: "Nope")

        #expect(verdict.blockedBy == ["track.unplanned-events=block", "common.violations=block"])
        let allowed = Self.plan.validate(payload, callType: .track, eventName: "Nope")
        #expect(allowed.blockedBy.isEmpty)
    }
}
