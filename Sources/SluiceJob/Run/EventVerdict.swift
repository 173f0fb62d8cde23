import SluiceJSON
import SluicePlan
import SluiceReader

/// One event checked against the tracking plan: the plan's verdict together with the
/// reader's own violations (missing required fields, unparseable timestamps), in the one
/// shape both `sluice run` and `sluice validate` report.
struct EventVerdict {
    let plan: PlanVerdict
    /// Every violation as `{type, field, description}`, the reader's first.
    let violations: [JSONValue]
    /// The violation types, parallel to `violations`, for the counts.
    let types: [String]

    init(_ event: borrowing SegmentEvent, against trackingPlan: TrackingPlan) {
        let verdict = trackingPlan.validate(
            event.payload, callType: CallType(rawValue: event.callType.rawValue)!,
            eventName: event.eventName)
        self.init(event.issues, verdict)
    }

    /// Checks the event straight from the tape its line was parsed into; `payload` builds
    /// what the plan reads, and is called only when the plan finds a violation.
    init(
        _ event: borrowing SegmentEvent, tape: JSONTape, line: UnsafeRawBufferPointer,
        against trackingPlan: TrackingPlan, payload: () -> JSONObject
    ) {
        let verdict = trackingPlan.validate(
            tape: tape, in: line, callType: CallType(rawValue: event.callType.rawValue)!,
            eventName: event.eventName, payload: payload)
        self.init(event.issues, verdict)
    }

    private init(_ eventIssues: [EventIssue], _ verdict: PlanVerdict) {
        plan = verdict
        let issues = eventIssues.filter(\.isViolation)
        violations = issues.map(\.json) + plan.violations.map(\.json)
        types = issues.map(\.violationType) + plan.violations.map(\.type.rawValue)
    }

    var isBlocked: Bool { plan.action == .block }
}
