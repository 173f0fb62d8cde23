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

    init(_ event: SegmentEvent, against trackingPlan: TrackingPlan) {
        plan = trackingPlan.validate(
            event.payload, callType: CallType(rawValue: event.callType.rawValue)!,
            eventName: event.eventName)
        let issues = event.issues.filter(\.isViolation)
        violations = issues.map(\.json) + plan.violations.map(\.json)
        types = issues.map(\.violationType) + plan.violations.map(\.type.rawValue)
    }

    var isBlocked: Bool { plan.action == .block }
}
