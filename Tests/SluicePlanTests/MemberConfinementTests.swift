import SluiceJSON
import Testing

@testable import SluicePlan

/// A rule whose schema gives the member object `additionalProperties: false` beside exactly
/// the declared names skips the unplanned-member check for valid events
/// (`PlanRule.schemaConfinesMembers`): which schemas qualify, and that the verdict on the
/// tape stays the tree's for the members that come closest to slipping through.
@Suite struct MemberConfinementTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        var name: String
        /// The schema of the payload's `properties` member.
        var members: String
        var confines: Bool

        var testDescription: String { name }
    }

    static let shapes: [Shape] = [
        Shape(
            name: "additionalProperties false",
            members: #"{"properties":{"a":{},"b":{}},"#
                + #""additionalProperties":false}"#, confines: true),
        Shape(
            name: "required folded in",
            members: #"{"properties":{"a":{}},"required":["a"],"#
                + #""additionalProperties":false}"#, confines: true),
        Shape(
            name: "no additionalProperties", members: #"{"properties":{"a":{}}}"#,
            confines: false),
        Shape(
            name: "additionalProperties true",
            members: #"{"properties":{"a":{}},"additionalProperties":true}"#, confines: false),
        Shape(
            name: "additionalProperties a schema",
            members: #"{"properties":{"a":{}},"additionalProperties":{"type":"string"}}"#,
            confines: false),
        Shape(
            name: "patternProperties beside",
            members: #"{"properties":{"a":{}},"#
                + #""patternProperties":{"^x":{}},"additionalProperties":false}"#,
            confines: false),
        Shape(
            name: "members behind allOf",
            members: #"{"allOf":[{"properties":{"a":{}},"additionalProperties":false}]}"#,
            confines: false),
        Shape(
            name: "members behind $ref",
            members: ##"{"$ref":"#/definitions/m"}"##, confines: false),
    ]

    @Test(arguments: shapes)
    func schemaShape(_ shape: Shape) throws {
        let rule = try Self.rule(members: shape.members)
        #expect(rule.schemaConfinesMembers == shape.confines)
    }

    @Test func scopedSchemaConfinesItsOwnMembers() throws {
        let plan = try Self.plan(
            schema: #"{"eventMetadata":{"name":"Tapped","type":"TRACK"},"type":"object","#
                + #""properties":{"a":{}},"additionalProperties":false}"#)
        let rule = try #require(plan.rules(for: .track, eventName: "Tapped")?.first)
        #expect(rule.scope == "properties")
        #expect(rule.schemaConfinesMembers)
    }

    @Test func declaredNamesInAnotherOrderDoNotConfine() {
        let program = Self.program(
            #"{"properties":{"properties":{"properties":{"a":{},"b":{}},"#
                + #""additionalProperties":false}}}"#)
        #expect(program.confinesMembers(at: ["properties"], to: ["a", "b"]))
        #expect(!program.confinesMembers(at: ["properties"], to: ["b", "a"]))
        #expect(!program.confinesMembers(at: ["properties"], to: ["a"]))
        #expect(!program.confinesMembers(at: ["traits"], to: ["a", "b"]))
        #expect(!program.confinesMembers(at: ["Properties"], to: ["a", "b"]))
    }

    @Test func samplePlanTrackRulesConfineTheirProperties() throws {
        let plan = try TrackingPlan.load(path: SampleEvents.planPath)
        let rules = plan.trackRules.values.flatMap { $0 }
        #expect(!rules.isEmpty)
        #expect(rules.allSatisfy { $0.schemaConfinesMembers })
        #expect(!(plan.identifyRules.first?.schemaConfinesMembers ?? true))
    }

    /// Payloads for a confining rule declaring `café` (NFC) and `id`, under the key
    /// `properties` plain and escaped: each is judged on the tape exactly as the tree judges
    /// it, and the unplanned members (a decomposed `café` is one) are still reported.
    @Test(
        arguments: [
            (#"{"id":"x"}"#, []),
            (#"{"i\u0064":"x"}"#, []),
            (#"{"caf\u00e9":"x"}"#, []),
            (#"{"café":"x"}"#, []),
            (#"{"cafe\u0301":"x"}"#, ["properties.café"]),
            (#"{"id":"x","extra":1}"#, ["properties.extra"]),
            (#"{"id":"x","id":"y","extra":1}"#, ["properties.extra"]),
            (#"{"ID":"x"}"#, ["properties.ID"]),
            (#"{}"#, []),
        ] as [(String, [String])])
    func unplannedMembersStillReported(_ members: String, _ fields: [String]) throws {
        var plan = try Self.plan(
            schema: #"{"type":"object","properties":{"properties":{"type":"object","#
                + #""properties":{"café":{"type":"string"},"id":{"type":"string"}},"#
                + #""additionalProperties":false}}}"#)
        let rule = try #require(plan.rules(for: .track, eventName: "Tapped")?.first)
        #expect(rule.schemaConfinesMembers)

        let settings = [
            "track.unplanned-properties=allow", "track.unplanned-properties=omit",
            "track.violations=block",
        ]
        for setting in settings {
            try plan.enforcement.apply(setting)
            for key in ["properties", #"propert\u0069es"#] {
                let line = #"{"type":"track","event":"Tapped","\#(key)":\#(members)}"#
                var tally = VerdictTally()
                tally.compare(plan, line, (.track, "Tapped"))
                #expect(tally.disagreements.isEmpty, "\(tally)")

                let verdict = try Self.tapeVerdict(plan, line)
                let unplanned = verdict.violations.filter { $0.type == .unplannedProperty }
                // `String` equality calls `café` and `cafe\u{301}` equal, as the tree's report
                // of either spelling is.
                #expect(unplanned.map(\.field) == fields, "\(line)")
            }
        }
    }

    @Test func membersThatAreNotAnObjectReportNoUnplannedMember() throws {
        let plan = try Self.plan(
            schema: #"{"properties":{"properties":{"properties":{"a":{}},"#
                + #""additionalProperties":false}}}"#)
        for members in [#""text""#, "[1,2]", "null"] {
            let line = #"{"type":"track","event":"Tapped","properties":\#(members)}"#
            var tally = VerdictTally()
            tally.compare(plan, line, (.track, "Tapped"))
            #expect(tally.disagreements.isEmpty, "\(tally)")
            #expect(try Self.tapeVerdict(plan, line).violations.isEmpty)
        }
    }

    // MARK: - Helpers

    static func plan(schema: String) throws -> TrackingPlan {
        let text =
            #"{"name":"t","rules":[{"type":"TRACK","key":"Tapped","version":1,"#
            + #""jsonSchema":\#(schema)}]}"#
        return try TrackingPlan.load(json: JSONParser().parse(Array(text.utf8)), source: "test")
    }

    static func rule(members: String) throws -> PlanRule {
        let schema =
            #"{"definitions":{"m":{"properties":{"a":{}},"#
            + #""additionalProperties":false}},"properties":{"properties":\#(members)}}"#
        let plan = try plan(schema: schema)
        return try #require(plan.rules(for: .track, eventName: "Tapped")?.first)
    }

    static func program(_ schema: String) -> TapeProgram {
        let json = try! JSONParser().parse(Array(schema.utf8))
        return try! JSONSchema(json: json).program
    }

    static func tapeVerdict(_ plan: TrackingPlan, _ line: String) throws -> PlanVerdict {
        let bytes = Array(line.utf8)
        var tape = JSONTape()
        try tape.parse(bytes)
        return bytes.withUnsafeBytes { buffer in
            plan.validate(tape: tape, in: buffer, callType: .track, eventName: "Tapped") {
                tape.value(0, in: buffer).objectValue!
            }
        }
    }
}
