import SluicePlan
import SluiceReader

/// The payload members a tracking plan reads, per call type and event name, computed once
/// per worker and event (`TrackingPlan.payloadMembersRead`). Not thread-safe: one per worker.
final class PlanReadCache {
    private let plan: TrackingPlan
    private var cache: [EventSignature: Set<String>?] = [:]

    init(plan: TrackingPlan) {
        self.plan = plan
    }

    /// The members to build for the call; `nil` means the whole payload.
    func members(callType: SegmentCallType, eventName: String?) -> Set<String>? {
        let signature = EventSignature(callType: callType.rawValue, eventName: eventName)
        if let known = cache[signature] { return known }
        let read = plan.payloadMembersRead(
            callType: CallType(rawValue: callType.rawValue)!, eventName: eventName)
        cache[signature] = read
        return read
    }
}
