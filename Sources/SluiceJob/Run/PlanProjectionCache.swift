import SluiceJSON
import SluicePlan
import SluiceReader

/// What of a payload a tracking plan reads, per call type and event name, computed once per
/// worker and event (`TrackingPlan.payloadProjection`). Not thread-safe: one per worker.
final class PlanProjectionCache {
    private let plan: TrackingPlan
    private var cache: [EventSignature: JSONProjection] = [:]

    init(plan: TrackingPlan) {
        self.plan = plan
    }

    /// What of the payload to build for the call.
    func projection(callType: SegmentCallType, eventName: String?) -> JSONProjection {
        let signature = EventSignature(callType: callType.rawValue, eventName: eventName)
        if let known = cache[signature] { return known }
        let read = plan.payloadProjection(
            callType: callType.planCallType, eventName: eventName)
        cache[signature] = read
        return read
    }
}
