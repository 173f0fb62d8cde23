import SluiceJSON
import Testing

@testable import SluicePlan

/// A property the plan does not list is one violation, even when the rule's schema also
/// forbids it with `additionalProperties: false`.
@Suite struct DuplicateViolationTests {
    @Test func unplannedPropertyUnderAdditionalPropertiesFalseIsReportedOnce() throws {
        let plan = try TrackingPlan.load(
            json: try JSONParser().parse(
                #"{"name":"p","rules":[{"type":"TRACK","key":"A","version":1,"jsonSchema":{"type":"object","properties":{"properties":{"type":"object","additionalProperties":false,"properties":{"x":{"type":"string"}}}}}}]}"#
            ), source: "inline")
        let payload = try JSONParser().parse(
            #"{"type":"track","event":"A","properties":{"x":"a","y":1}}"#
        ).objectValue!
        let verdict = plan.validate(payload, callType: .track, eventName: "A")
        #expect(verdict.violations.map(\.type) == [.unplannedProperty])
        #expect(verdict.violations.map(\.field) == ["properties.y"])
    }

    /// The same for traits, on the tape as on the tree: the schema's check names the member
    /// an `Unplanned Property` and the member check an `Unplanned Trait`, which were counted
    /// as two violations of one trait.
    @Test(arguments: [CallType.identify, .group])
    func unplannedTraitUnderAdditionalPropertiesFalseIsReportedOnce(call: CallType) throws {
        let type = call == .identify ? "IDENTIFY" : "GROUP"
        let plan = try TrackingPlan.load(
            json: try JSONParser().parse(
                #"{"rules":[{"type":"\#(type)","key":"k","version":1,"jsonSchema":{"properties":"#
                    + #"{"traits":{"properties":{"email":{}},"additionalProperties":false}}}}]}"#
            ), source: "inline")
        let line = Array(
            #"{"type":"\#(call.rawValue)","traits":{"email":"e","plan":"p"}}"#.utf8)
        let payload = try JSONParser().parse(line).objectValue!
        let tree = plan.validate(payload, callType: call, eventName: nil)
        #expect(tree.violations.map(\.type) == [.unplannedTrait])
        #expect(tree.violations.map(\.field) == ["traits.plan"])
    }
}

/// Patterns that would backtrack exponentially are refused when the plan loads.
@Suite struct BacktrackingCheckTests {
    @Test(arguments: [
        ("(a+)+$", true), ("(\\w*)*x", true), ("((a+)+b)", true), ("(a{2,})+", true),
        ("^[a-z]+(_[a-z]+)*$", false), ("((ab)+c)*", false),
        ("^a+$", false), ("(ab)+", false), ("[(a+)]+", false), ("\\(a+\\)+", false),
        ("(a|b)*", false), ("^(\\d+)?$", false),
        // Alternatives that may start alike, and groups with nothing mandatory, repeated
        // without bound or ten or more times.
        ("^(a|a)*b$", true), ("^(a|aa)+b$", true), ("^([a-z]|[a-z0-9])+$", true),
        ("^(?:a*)*b$", true), ("^(a?){30}a{30}$", true), ("(a|)+", true), ("(a?|b)+", true),
        ("(foo|bar)+", false), ("(a|b){3}", false), ("(a?){3}", false), ("(a|a){9}", true),
        ("Evil Morty|Lawyer Morty", false), ("^(\\d{1,3}\\.){3}\\d{1,3}$", false),
        // Groups of variable width repeated without bound, unless a delimiter no other part
        // of the group matches fixes each repetition's start or end.
        ("(?=a)(?:a{1,2})*!", true), ("(?=a)(?:a?a)*!", true), ("^(?!b)(?:a{1,2})*$", true),
        ("^(?=.{1,64}$)(?:[a-z0-9]{1,10}\\.?)*$", true), ("(a[a-z]+)*!", true),
        ("(a{2,3})+", true), ("(_a*a*)*!", true), ("(?:-x?)*", false),
        ("(_[a-z]+)*", false), ("([a-z]+_)*", false), ("(?:[A-Z][a-z]*)*", false),
        ("(\\.(?:com|org))*", false), ("(?:\\u002d[0-9]+)*", false),
        ("(?:[^,]+,)*", false), ("(?:[a-z]+,)*", false), ("(?:,[\\w-]+)*", false),
        ("(?<=a)(?:a{1,2}){10}", true), ("(?:a{1,2}){9}", false), ("(?:a|b|cd)*", false),
        ("(?=x)(ab|cd)*", false), ("(?:a|ab)*!", true), ("((_[a-z]+)*;)*", false),
        ("((a{1,2})*;)*", true),
        // Negated classes and letter or number properties are read as the characters they
        // can match, so a delimiter beside them counts.
        ("^\\p{L}+(?:[ '-]\\p{L}+)*$", false), ("^\\p{Lu}\\p{Ll}+(?: \\p{Lu}\\p{Ll}+)*$", false),
        ("(?:[^@\\s.]+\\.)+", false), ("(?:\\p{L}+\\p{L}*)*!", true),
        ("(?:\\p{P}+,)*", true), ("(?:\\P{L}+a)*", true), ("(?:[^a]+a)*", false),
        // Ambiguity hidden one group down, nested in small repetitions, or in a row.
        ("^(?:(a|a))*$", true), ("^(?:(?:a|a)b)*$", true), ("^(?:(?:a|a){9}){9}$", true),
        (String(repeating: "(a|a)", count: 10) + "$", true),
        (String(repeating: "(a|a)", count: 9) + "$", false),
        (String(repeating: "(a|)", count: 10) + "b", true), ("((a|b)c)*", false),
    ])
    func detectsNestedUnboundedRepetition(pattern: String, isRisky: Bool) {
        #expect(BacktrackingCheck.hasNestedUnboundedQuantifier(pattern) == isRisky)
    }

    /// A property escape cut short (`\p` at the end) read past the pattern's end and
    /// crashed the plan's load; it is a syntax error the fallback engine names.
    @Test(arguments: ["\\p", "a\\P", "\\p{", "[\\p", "(\\1)\\p"])
    func propertyEscapeCutShortIsASyntaxError(pattern: String) {
        _ = BacktrackingCheck.hasNestedUnboundedQuantifier(pattern)
        #expect(throws: ECMARegexError.self) { try ECMARegex(pattern) }
    }

}
