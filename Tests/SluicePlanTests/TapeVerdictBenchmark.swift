import Foundation
import SluiceJSON
import SluicePlan
import Testing

/// Events per second validating the sample logs against the sample plan, the tree way
/// (build the projected payload, validate it) and the tape way. A measurement, not a test:
/// it runs only with `SLUICE_PLAN_BENCH=1`, prints its figures and asserts no time. Run it
/// in release: `SLUICE_PLAN_BENCH=1 swift test -c release -Xswiftc -enable-testing
/// --filter TapeVerdictBenchmark`.
@Suite struct TapeVerdictBenchmark {
    /// How long each way is timed; long enough to even out a shared machine's noise, short
    /// enough to keep the run under a minute.
    static let secondsPerWay = 3.0

    /// One sample line, parsed once up front: parsing costs both ways the same.
    struct Event {
        var bytes: [UInt8]
        var tape: JSONTape
        var call: (type: CallType, name: String?)
        var projection: JSONProjection
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["SLUICE_PLAN_BENCH"] == "1"))
    func sampleEventsTreeVersusTape() throws {
        let plan = try TrackingPlan.load(path: SampleEvents.planPath)
        var events: [Event] = []
        for (line, object) in zip(SampleEvents.lines, SampleEvents.objects) {
            var tape = JSONTape()
            try tape.parse(line)
            let call = SampleEvents.call(of: object)
            let projection = plan.payloadProjection(callType: call.type, eventName: call.name)
            events.append(Event(bytes: line, tape: tape, call: call, projection: projection))
        }

        let tree = Self.rate(events) { event, bytes in
            let payload = event.tape.value(0, in: bytes, projection: event.projection).objectValue!
            return plan.validate(payload, callType: event.call.type, eventName: event.call.name)
        }
        let tape = Self.rate(events) { event, bytes in
            plan.validate(
                tape: event.tape, in: bytes, callType: event.call.type, eventName: event.call.name
            ) { event.tape.value(0, in: bytes, projection: event.projection).objectValue! }
        }
        print("plan validation of \(events.count) sample events:")
        print("  tree (build projected payload + validate): \(Int(tree.rate)) events/s")
        print("  tape (validate(tape:)): \(Int(tape.rate)) events/s")
        #expect(tree.violations == tape.violations)
    }

    /// Events per second of `validate` over `events`, repeated for `secondsPerWay`, and the
    /// violations it found in one pass (which also keeps the work from being optimised away).
    static func rate(
        _ events: [Event], _ validate: (Event, UnsafeRawBufferPointer) -> PlanVerdict
    ) -> (rate: Double, violations: Int) {
        let clock = ContinuousClock()
        let start = clock.now
        var passes = 0
        var violations = 0
        // Indexing the buffer borrows each event instead of copying (retaining) it.
        events.withUnsafeBufferPointer { events in
            repeat {
                for index in events.indices {
                    let verdict = events[index].bytes.withUnsafeBytes {
                        validate(events[index], $0)
                    }
                    if passes == 0 { violations += verdict.violations.count }
                }
                passes += 1
            } while clock.now - start < .seconds(secondsPerWay)
        }

        let elapsed = clock.now - start
        let seconds =
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (Double(passes * events.count) / seconds, violations)
    }
}
