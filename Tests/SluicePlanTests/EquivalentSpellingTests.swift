import SluiceJSON
import Testing

@testable import SluicePlan

/// Two member names that Swift's `String` calls equal but whose bytes differ (a precomposed
/// and a decomposed `é`) are two members of a JSON object, and the verdict treats them as two
/// fields: each is reported and, under `omit`, each is omitted. Merging them left the second
/// spelling's value in the loaded row although the plan said to omit it.
@Suite struct EquivalentSpellingTests {
    static let precomposed = "caf\u{E9}"
    static let decomposed = "cafe\u{301}"

    static let plan: TrackingPlan = {
        let text =
            #"{"name":"p","rules":[{"type":"TRACK","key":"A","version":1,"jsonSchema":{"#
            + #""properties":{"properties":{"properties":{"x":{"type":"string"}}}}}}]}"#
        var plan = try! TrackingPlan.load(json: JSONParser().parse(text), source: "inline")
        try! plan.enforcement.apply("track.unplanned-properties=omit")
        return plan
    }()

    static let line =
        #"{"type":"track","event":"A","properties":{"x":"a","\#(precomposed)":1,"#
        + #""\#(decomposed)":2}}"#

    /// Each path or field as its UTF-8 bytes, which `String`'s `==` does not compare.
    static func bytes(_ texts: [String]) -> [[UInt8]] { texts.map { Array($0.utf8) } }

    static func expectBothSpellings(_ verdict: PlanVerdict) {
        let names = [precomposed, decomposed]
        #expect(verdict.omittedPaths.map { bytes($0) } == names.map { bytes(["properties", $0]) })
        #expect(verdict.violations.map(\.type) == [.unplannedProperty, .unplannedProperty])
        #expect(bytes(verdict.violations.map(\.field)) == bytes(names.map { "properties." + $0 }))
    }

    @Test func treeVerdictOmitsAndReportsEachSpelling() throws {
        let payload = try #require(try JSONParser().parse(Self.line).objectValue)
        #expect(payload.count == 3)

        Self.expectBothSpellings(Self.plan.validate(payload, callType: .track, eventName: "A"))
    }

    @Test func tapeVerdictOmitsAndReportsEachSpelling() throws {
        let bytes = Array(Self.line.utf8)
        var tape = JSONTape()
        try tape.parse(bytes)

        let verdict = bytes.withUnsafeBytes { buffer in
            Self.plan.validate(tape: tape, in: buffer, callType: .track, eventName: "A") {
                tape.value(0, in: buffer).objectValue!
            }
        }
        Self.expectBothSpellings(verdict)
    }
}
