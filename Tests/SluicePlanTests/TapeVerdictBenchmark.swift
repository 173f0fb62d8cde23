import Foundation
import SluiceJSON
import SluicePlan
import Testing

/// Events per second validating the sample logs against the sample plan, the tree way
/// (build the projected payload, validate it) and the tape way. A measurement, not a test:
/// it runs only with `SLUICE_PLAN_BENCH=1`, prints its figures and asserts no time. Run it
/// in release: `SLUICE_PLAN_BENCH=1 swift test -c release -Xswiftc -enable-testing
/// --filter TapeVerdictBenchmark`.
///
/// Each event's line is parsed into one reused tape right before it is validated, as the
/// job does, so the tape is in cache; parsing alone is timed too, and the validation cost
/// per event is each way's time less the parse time.
@Suite struct TapeVerdictBenchmark {
    /// How long each way is timed; long enough to even out a shared machine's noise, short
    /// enough to keep the run well under a minute.
    static let secondsPerWay = 3.0

    /// One sample line with what the job knows before validating it.
    final class Event {
        let bytes: [UInt8]
        let call: (type: CallType, name: String?)
        let projection: JSONProjection

        init(bytes: [UInt8], call: (type: CallType, name: String?), projection: JSONProjection) {
            (self.bytes, self.call, self.projection) = (bytes, call, projection)
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["SLUICE_PLAN_BENCH"] == "1"))
    func sampleEventsTreeVersusTape() throws {
        let plan = try TrackingPlan.load(path: SampleEvents.planPath)
        let events = zip(SampleEvents.lines, SampleEvents.objects).map { line, object in
            let call = SampleEvents.call(of: object)
            let projection = plan.payloadProjection(callType: call.type, eventName: call.name)
            return Event(bytes: line, call: call, projection: projection)
        }

        let parse = Self.rate(events) { _, _, _ in 0 }
        let tree = Self.rate(events) { event, tape, bytes in
            let payload = tape.value(0, in: bytes, projection: event.projection).objectValue!
            let verdict = plan.validate(
                payload, callType: event.call.type, eventName: event.call.name)
            return verdict.violations.count
        }
        let tape = Self.rate(events) { event, tape, bytes in
            let verdict = plan.validate(
                tape: tape, in: bytes, callType: event.call.type, eventName: event.call.name
            ) { tape.value(0, in: bytes, projection: event.projection).objectValue! }
            return verdict.violations.count
        }

        print("plan validation of \(events.count) sample events, parsing included:")
        print("  parse only: \(Int(parse.rate)) events/s")
        for (name, way) in [("tree (projected payload + validate)", tree), ("tape", tape)] {
            let validation = ((1e6 / way.rate - 1e6 / parse.rate) * 100).rounded() / 100
            print("  \(name): \(Int(way.rate)) events/s, validation \(validation) µs/event")
        }
        #expect(tree.violations == tape.violations)
    }

    /// Events per second of parsing each event into a reused tape and running `validate`
    /// on it, repeated for `secondsPerWay`; and what `validate` returned summed over one
    /// pass (which also keeps the work from being optimised away).
    static func rate(
        _ events: [Event], _ validate: (Event, JSONTape, UnsafeRawBufferPointer) -> Int
    ) -> (rate: Double, violations: Int) {
        let clock = ContinuousClock()
        let start = clock.now
        var tape = JSONTape()
        var passes = 0
        var violations = 0
        repeat {
            for event in events {
                event.bytes.withUnsafeBytes { bytes in
                    try! tape.parse(bytes)
                    let found = validate(event, tape, bytes)
                    if passes == 0 { violations += found }
                }
            }
            passes += 1
        } while clock.now - start < .seconds(secondsPerWay)

        let elapsed = clock.now - start
        let seconds =
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (Double(passes * events.count) / seconds, violations)
    }
}
