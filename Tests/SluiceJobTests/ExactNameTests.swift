import SluiceReader
import Testing

@testable import SluiceJob

/// Keys that carry event names tell canonically equivalent spellings apart, as the plan does.
@Suite struct ExactNameTests {
    static let precomposed = "\u{00C9}v\u{00E9}nement"
    static let decomposed = "E\u{0301}ve\u{0301}nement"

    @Test func equivalentSpellingsAreDistinctKeys() {
        #expect(Self.precomposed == Self.decomposed, "Swift's String equality folds them")
        #expect(ExactName(Self.precomposed) != ExactName(Self.decomposed))
        #expect(Set([ExactName(Self.precomposed), ExactName(Self.decomposed)]).count == 2)
        #expect(ExactName(Self.precomposed) == ExactName(String(Self.precomposed)))
    }

    @Test func signaturesAndRoutesKeepBothSpellings() {
        let signatures: Set<EventSignature> = [
            EventSignature(callType: "track", eventName: Self.precomposed),
            EventSignature(callType: "track", eventName: Self.decomposed),
            EventSignature(callType: "track", eventName: nil),
        ]
        let routes: Set<RouteKey> = [
            RouteKey(callType: .track, eventName: Self.precomposed),
            RouteKey(callType: .track, eventName: Self.decomposed),
            RouteKey(callType: .page, eventName: Self.decomposed),
        ]

        #expect(signatures.count == 3)
        #expect(routes.count == 3)
        #expect(
            Set(signatures.compactMap { $0.eventName.map { Array($0.utf8) } })
                == [Array(Self.precomposed.utf8), Array(Self.decomposed.utf8)])
    }
}
