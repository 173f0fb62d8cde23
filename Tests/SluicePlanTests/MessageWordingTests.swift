import SluiceJSON
import SluicePlan
import Testing

/// Pins the wording of user-facing messages; every other test asserts codes and values.
@Suite struct MessageWordingTests {
    static func planError(_ text: String) throws -> PlanError? {
        let json = try JSONParser().parse(text)
        return #expect(throws: PlanError.self) {
            try TrackingPlan.load(json: json, source: "plan.json")
        }
    }

    /// A violation quotes the value and an enum's options by their start: its message goes
    /// into every row and record of the event, and a plan's enum of 101,000 values made each
    /// message a megabyte (a night of such events ran out of memory).
    @Test func violationsQuoteLongValuesAndEnumsByTheirStart() throws {
        let options = (0..<1000).map { JSONValue.string("value-\($0)") }
        let enumSchema = try JSONSchema(
            json: .object(JSONObject([("enum", .array(options))])))
        let enumMessage = enumSchema.validate(.string("other")).first?.message ?? ""
        #expect(
            enumMessage
                == #"The value "other" is not one of ["value-0","value-1","value-2","value-3","value-4","value-5","value-6","value-7","value-8","value-9", … and 990 more]."#
        )

        let patternSchema = try JSONSchema(
            json: .object(JSONObject([("pattern", .string("^[a-z]+$"))])))
        let long = String(repeating: "Z", count: 100_000)
        let patternMessage = patternSchema.validate(.string(long)).first?.message ?? ""
        let allowList = (0..<20_000).map { "value-\($0)" }.joined(separator: "|")
        let allowSchema = try JSONSchema(
            json: .object(JSONObject([("pattern", .string(allowList))])))
        let allowMessage = allowSchema.validate(.string("other")).first?.message ?? ""
        #expect(allowMessage.utf8.count < 300, "\(allowMessage.prefix(300))")
        let member = String(repeating: "m", count: 5_000)
        let closed = try JSONSchema(
            json: .object(JSONObject([("additionalProperties", .bool(false))])))
        let memberMessage =
            closed.validate(.object(JSONObject([(member, .null)]))).first?.message ?? ""
        #expect(memberMessage.utf8.count < 300, "\(memberMessage.prefix(300))")
        #expect(
            patternMessage
                == "'" + String(repeating: "Z", count: 120)
                + "… (100000 bytes)' does not match the pattern '^[a-z]+$'.")
    }

    /// A schema that refers to itself without reading deeper is refused when it compiles;
    /// every event used to fail at the reference depth limit instead. A schema that reads a
    /// deeper value on each turn (a tree) loads.
    @Test func referenceLoopsAreRefusedWhenTheSchemaCompiles() throws {
        let loops = [
            ##"{"$ref": "#"}"##,
            ##"{"definitions": {"n": {"$ref": "#/definitions/n"}}, "properties": {"v": {"$ref": "#/definitions/n"}}}"##,
            ##"{"allOf": [{"not": {"anyOf": [{"$ref": "#"}]}}]}"##,
            ##"{"definitions": {"a": {"if": {}, "then": {"$ref": "#/definitions/b"}}, "b": {"oneOf": [{"$ref": "#/definitions/a"}]}}, "properties": {"x": {"$ref": "#/definitions/a"}}}"##,
        ]
        for text in loops {
            let json = try JSONParser().parse(text)
            let error = #expect(throws: SchemaError.self, "\(text)") {
                try JSONSchema(json: json)
            }
            #expect(error?.code == .referenceLoop, "\(text)")
        }
        let selfLoop = #expect(throws: SchemaError.self) {
            try JSONSchema(json: try JSONParser().parse(##"{"$ref": "#"}"##))
        }
        #expect(
            selfLoop?.message
                == "The schema applies itself to the same value without end ('urn:sluice:schema#' -> 'urn:sluice:schema#'): each step refers on with '$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if'/'then'/'else' or 'dependencies' and none reads into a member or an item, so no value could be validated; break the loop."
        )

        let tree = try JSONSchema(
            json: try JSONParser().parse(
                ##"{"properties": {"children": {"items": {"$ref": "#"}}}, "allOf": [{"type": "object"}]}"##
            ))
        #expect(tree.isValid(try JSONParser().parse(#"{"children": [{"children": []}]}"#)))
        #expect(!tree.isValid(try JSONParser().parse(#"{"children": [1]}"#)))
    }

    /// A rule given twice at one version, and an enforcement setting given two values, are
    /// refused: the first rule and the last value used to win without a word.
    @Test func ruleOrSettingGivenTwiceIsRefused() throws {
        let rule = try Self.planError(
            #"""
            {"rules": [
              {"type": "TRACK", "key": "Order Completed", "version": 1, "jsonSchema": {}},
              {"type": "TRACK", "key": "Order Completed", "version": 2, "jsonSchema": {}},
              {"type": "TRACK", "key": "Order Completed", "version": 1, "jsonSchema": {}}
            ]}
            """#)
        #expect(
            rule?.description
                == "plan.json at $.rules[2].jsonSchema: This is another version 1 of the TRACK rule 'Order Completed', first given at $.rules[0].jsonSchema; give each version of a rule once. (plan.invalid-rule)"
        )
        let setting = try Self.planError(
            #"{"rules": [], "enforcement": {"track": {"violations": "allow"}, "track.violations": "block"}}"#
        )
        #expect(
            setting?.message
                == "The enforcement setting 'track.violations' is given twice with different values, 'allow' ($.enforcement.track.violations) and 'block' ($.enforcement.track.violations); give it once."
        )
        let twoObjects = try Self.planError(
            #"{"rules": [], "enforcement": {"track": {"violations": "block"}}, "settings": {}}"#)
        #expect(
            twoObjects?.message
                == "The plan gives enforcement settings twice, as 'enforcement' and as 'settings'; keep one of them."
        )
        var settings = EnforcementSettings()
        let overrides = #expect(throws: PlanError.self) {
            try settings.apply(["track.violations=allow", "track.violations=block"])
        }
        #expect(
            overrides?.message
                == "The enforcement setting 'track.violations' is given twice with different values, 'allow' (--enforce) and 'block' (--enforce); give it once."
        )
        var common = EnforcementSettings()
        #expect(throws: PlanError.self) {
            try common.apply(["common=block", "common.violations=allow"])
        }
        try settings.apply(["track.violations=Block", "track.violations=block"])
        #expect(settings.trackViolations == .block)
        let sameValue = try JSONParser().parse(
            #"{"rules": [], "enforcement": {"track": {"violations": "Omit"}, "track.violations": "omit"}}"#
        )
        #expect(
            try TrackingPlan.load(json: sameValue, source: "plan.json").enforcement.trackViolations
                == .omit)
    }

    @Test func unknownShape() throws {
        let error = try Self.planError(#"{"foo": 1}"#)
        #expect(
            error?.description
                == "plan.json at $: The JSON is not a tracking plan Sluice knows: expected 'rules' (Segment Public or Config API export), 'events' (typewriter plan) or a JSON Schema with 'properties'. (plan.unknown-shape)"
        )
    }

    @Test func unresolvableReferenceInARule() throws {
        let error = try Self.planError(
            ##"{"events": [{"name": "A", "rules": {"$ref": "other.json#/x"}}]}"##)
        #expect(
            error?.message
                == "The rule's JSON Schema does not compile: The reference 'other.json#/x' points to 'urn:sluice:plan/other.json', which is neither in this schema nor in the schema registry; add the document to the SchemaRegistry. (schema location 'urn:sluice:plan/$.events[0].rules#', schema.unresolvable-reference)."
        )
    }

    @Test func unsupportedPattern() {
        let json = JSONValue.object(JSONObject([("pattern", .string("(?i)abc"))]))
        let error = #expect(throws: SchemaError.self) { try JSONSchema(json: json) }
        #expect(
            error?.message
                == "The regular expression '(?i)abc' opens a group with '(?i', which ECMA-262 does not allow (no inline flags, comments or Python groups); use '(?:', '(?=', '(?!', '(?<=', '(?<!' or '(?<name>'."
        )
    }

    @Test func patternTooLargeToMatch() {
        let json = JSONValue.object(JSONObject([("pattern", .string("(a{1000}){1000}"))]))
        let error = #expect(throws: SchemaError.self) { try JSONSchema(json: json) }
        #expect(
            error?.message
                == "The regular expression '(a{1000}){1000}' is too large to match safely: it compiles to more than 20000 matcher instructions (each copy a counted repetition such as '{n,m}' makes counts, as does each alternative); lower the counts, use '*' or '+' where any number of repeats will do, or bound a length with 'maxLength'."
        )
    }

    @Test func misspelledSettingSuggestsTheNearestName() {
        var settings = EnforcementSettings()
        let error = #expect(throws: PlanError.self) {
            try settings.apply("track.unplanned-event=block")
        }
        #expect(
            error?.message
                == "The enforcement setting 'track.unplanned-event' does not exist; did you mean 'track.unplanned-events'? Known settings: track.unplanned-events, track.unplanned-properties, track.violations, identify.unplanned-traits, identify.violations, group.unplanned-traits, group.violations, common.violations."
        )
    }

    @Test func badSettingValueListsTheChoices() {
        var settings = EnforcementSettings()
        let error = #expect(throws: PlanError.self) { try settings.apply("track.violations=drop") }
        #expect(
            error?.message
                == "The enforcement setting 'track.violations' cannot be 'drop'; use one of: allow, omit, block."
        )
    }

    @Test func violationDescriptions() throws {
        let plan = try TrackingPlan.load(
            json: try JSONParser().parse(enforcementPlanJSON), source: "p")
        let payload = try JSONParser().parse(#"{"properties": {"price": "1", "color": "red"}}"#)
            .objectValue!
        let verdict = plan.validate(payload, callType: .track, eventName: "Order Completed")
        #expect(
            verdict.violations.map(\.description) == [
                "The property 'color' is not in the tracking plan for this event.",
                "Expected number, found string.",
            ])

        let unplanned = plan.validate(payload, callType: .track, eventName: "Nope")
        #expect(
            unplanned.violations.map(\.description) == [
                "The event 'Nope' is not in the tracking plan."
            ])

        // A track call whose `event` is not a string was called "The event ''".
        let nameless = plan.validate(payload, callType: .track, eventName: nil)
        #expect(
            nameless.violations.map(\.description) == [
                "The track call has no event name (its 'event' is missing or not a string), so no event of the tracking plan matches it."
            ])
    }
}
