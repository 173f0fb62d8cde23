import SluiceJSON
import SluiceReader
import Testing

@testable import SluiceJob

/// Keys that carry event names tell canonically equivalent spellings apart, as the plan does.
@Suite struct ExactStringTests {
    static let precomposed = "\u{00C9}v\u{00E9}nement"
    static let decomposed = "E\u{0301}ve\u{0301}nement"

    @Test func equivalentSpellingsAreDistinctKeys() {
        #expect(Self.precomposed == Self.decomposed, "Swift's String equality folds them")
        #expect(ExactString(Self.precomposed) != ExactString(Self.decomposed))
        #expect(Set([ExactString(Self.precomposed), ExactString(Self.decomposed)]).count == 2)
        #expect(ExactString(Self.precomposed) == ExactString(String(Self.precomposed)))
    }

    @Test func signaturesAndRoutesKeepBothSpellings() {
        let signatures: Set<EventSignature> = [
            EventSignature(callType: "track", eventName: Self.precomposed),
            EventSignature(callType: "track", eventName: Self.decomposed),
            EventSignature(callType: "track", eventName: nil),
        ]
        var routes = RouteCache()
        routes.remember(WorkerRoute(table: 1, eventTable: "a"), .track, Self.precomposed)
        routes.remember(WorkerRoute(table: 2, eventTable: "b"), .track, Self.decomposed)
        routes.remember(nil, .page, Self.decomposed)

        #expect(signatures.count == 3)
        #expect(routes.route(.track, Self.precomposed)??.table == 1)
        #expect(routes.route(.track, Self.decomposed)??.table == 2)
        #expect(routes.route(.page, Self.decomposed).map { $0 == nil } == true)
        #expect(routes.route(.page, Self.precomposed) == nil)
        #expect(
            Set(signatures.compactMap { $0.eventName.map { Array($0.utf8) } })
                == [Array(Self.precomposed.utf8), Array(Self.decomposed.utf8)])
    }
}
