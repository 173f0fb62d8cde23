import SluiceJSON
import Testing

@testable import SluicePlan

/// `minimum`, `maximum` and their exclusive forms compare numbers exactly, on the tree and on
/// the tape: outside `Int64` they were compared as nearest doubles, so `maximum` 2^63 - 1
/// accepted 2^63 and `exclusiveMaximum` 2^64 rejected 2^64 - 1.
@Suite struct NumericBoundTests {
    static func plan(_ keyword: String, _ limit: String) throws -> TrackingPlan {
        try TrackingPlan.load(
            json: try JSONParser().parse(
                #"{"rules":[{"type":"TRACK","key":"Tapped","version":1,"jsonSchema":"#
                    + #"{"properties":{"properties":{"properties":{"n":{"\#(keyword)":"#
                    + #"\#(limit)}}}}}}]}"#), source: "inline")
    }

    /// Whether `value` passes the bound, on the tree and on the tape; both must agree.
    static func passes(_ keyword: String, _ limit: String, _ value: String) throws -> Bool {
        let plan = try Self.plan(keyword, limit)
        let line = #"{"type":"track","event":"Tapped","properties":{"n":\#(value)}}"#
        let tree = plan.validate(
            try JSONParser().parse(Array(line.utf8)).objectValue!, callType: .track,
            eventName: "Tapped")
        let tape = try MemberConfinementTests.tapeVerdict(plan, line)
        #expect(tree.violations.isEmpty == tape.violations.isEmpty, "\(keyword) \(limit) \(value)")
        return tree.violations.isEmpty
    }

    @Test(
        arguments: [
            ("maximum", "9223372036854775807", "9223372036854775808", false),
            ("maximum", "9223372036854775807", "9223372036854775807", true),
            ("maximum", "18446744073709551615", "18446744073709551616", false),
            ("maximum", "18446744073709551615", "18446744073709551615.5", false),
            ("maximum", "1e20", "100000000000000000001", false),
            ("maximum", "1e20", "100000000000000000000.0", true),
            ("minimum", "-9223372036854775808", "-9223372036854775809", false),
            ("exclusiveMaximum", "18446744073709551616", "18446744073709551615", true),
            ("exclusiveMinimum", "0.1", "0.10000000000000000001", true),
            ("exclusiveMinimum", "0.1", "0.1", false),
            ("minimum", "0", "-0", true),
        ] as [(String, String, String, Bool)])
    func boundsCompareExactly(keyword: String, limit: String, value: String, passes: Bool) throws {
        #expect(try Self.passes(keyword, limit, value) == passes, "\(keyword) \(limit) \(value)")
    }
}
