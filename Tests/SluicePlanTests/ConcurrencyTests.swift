import SluiceJSON
import SluicePlan
import Testing

/// One compiled plan validating from many tasks gives the same verdicts as one thread.
@Suite struct ConcurrencyTests {
    @Test func sharedPlanValidatesConcurrently() async throws {
        let plan = try TrackingPlan.load(
            path: RealPlans.path("segmentio__typewriter__src____tests______data____plan.json"))
        let payloads = [
            #"{"properties": {"regex property": "Evil Morty"}}"#,
            #"{"properties": {"regex property": "Rick"}}"#,
            #"{"properties": {"regex property": 3, "extra": true}}"#,
        ].map { try! JSONParser().parse($0).objectValue! }
        let expected = payloads.map {
            plan.validate($0, callType: .track, eventName: "Default Violation Handler")
        }

        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mismatches = 0
                    for round in 0..<300 {
                        let index = (worker + round) % payloads.count
                        let verdict = plan.validate(
                            payloads[index], callType: .track,
                            eventName: "Default Violation Handler")
                        if verdict != expected[index] { mismatches += 1 }
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        #expect(expected.map(\.hasViolations) == [false, true, true])
    }
}
