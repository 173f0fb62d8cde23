import Foundation
import SluiceJSON
import Testing

@testable import SluicePlan

/// The byte-keyed rule lookup must pick the very rules the `String` lookup picks, for every
/// call type and name, including names that are canonically equivalent to a planned one
/// but spelled with other bytes, and plans that list two such spellings.
@Suite struct EventRuleIndexTests {
    /// Track, page and screen rules with names that Swift's `String` equality merges (é
    /// precomposed and decomposed, the Kelvin sign and K) beside plain ones, nameless page
    /// and screen rules only in the second plan. (Two such spellings at one version are
    /// refused as one rule given twice.)
    static let planTexts = [
        #"""
        {"events": [
          {"name": "Caf\u00e9", "rules": {}}, {"name": "Cafe\u0301", "version": 2, "rules": {}},
          {"name": "\u212Aelvin", "rules": {}}, {"name": "Kelvin", "version": 2, "rules": {}},
          {"name": "Page Viewed", "rules": {}}, {"name": "Screen Viewed", "rules": {}},
          {"name": "Signed Up", "version": 2, "rules": {}}, {"name": "Signed Up", "rules": {}}
        ]}
        """#,
        #"""
        {"name": "p", "rules": [
          {"type": "TRACK", "key": "Order Completed", "version": 1, "jsonSchema": {}},
          {"type": "PAGE", "key": "Home", "version": 1, "jsonSchema": {}},
          {"type": "PAGE", "version": 1, "jsonSchema": {}},
          {"type": "SCREEN", "key": "Caf\u00e9", "version": 1, "jsonSchema": {}},
          {"type": "SCREEN", "key": "Cafe\u0301", "version": 2, "jsonSchema": {}},
          {"type": "SCREEN", "version": 1, "jsonSchema": {}}
        ]}
        """#,
        #"{"events": []}"#,
    ]

    static let names: [String?] = [
        nil, "", "Caf\u{E9}", "Cafe\u{301}", "\u{212A}elvin", "Kelvin", "kelvin", "Page Viewed",
        "Screen Viewed", "Signed Up", "Signed Up ", "Order Completed", "Home", "home",
        "A name longer than sixteen bytes", "Signed\u{0}Up",
    ]

    @Test(arguments: planTexts.indices)
    func picksTheRulesTheStringLookupPicks(_ index: Int) throws {
        let json = try JSONParser().parse(Array(Self.planTexts[index].utf8))
        let plan = try TrackingPlan.load(json: json, source: "index")
        for callType in CallType.allCases {
            for name in Self.names {
                let fast = plan.rules(for: callType, eventName: name)
                let reference = plan.referenceRules(for: callType, eventName: name)
                #expect(
                    fast?.map(ObjectIdentifier.init) == reference?.map(ObjectIdentifier.init),
                    "\(callType) '\(name ?? "nil")'")
            }
        }
    }
}
