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
            event.payload, callType: event.callType.planCallType,
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
            tape: tape, in: line, callType: event.callType.planCallType,
            eventName: event.eventName, payload: payload)
        self.init(event.issues, verdict)
    }

    private init(_ eventIssues: [EventIssue], _ verdict: PlanVerdict) {
        plan = verdict
        // Most events break no rule: they build no arrays.
        guard !eventIssues.isEmpty || !verdict.violations.isEmpty else {
            (violations, types) = ([], [])
            return
        }
        let issues = eventIssues.filter(\.isViolation)
        violations = issues.map(\.json) + plan.violations.map(\.json)
        types = issues.map(\.violationType) + plan.violations.map(\.type.rawValue)
    }

    var isBlocked: Bool { plan.action == .block }
}

extension SegmentCallType {
    /// The tracking plan's name for this call type.
    var planCallType: CallType {
        switch self {
        case .track: return .track
        case .identify: return .identify
        case .page: return .page
        case .screen: return .screen
        case .group: return .group
        case .alias: return .alias
        }
    }
}
