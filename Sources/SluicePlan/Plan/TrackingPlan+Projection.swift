import SluiceJSON

extension TrackingPlan {
    /// What of a payload `validate(_:callType:eventName:)` can look at for this call.
    ///
    /// The contract: validating `payload.projected(by: p)`, or any object holding more of the
    /// payload, gives the same verdict as validating the whole payload, so a caller may leave
    /// everything else unbuilt. It covers the rule's schema (under its scope member), all of
    /// `properties` or `traits` (the unplanned-member check and `omit` read them whole),
    /// `context.protocols.event_version` when several versions (of the call's rule or of the
    /// common rule) make it decide, and every common rule.
    public func payloadProjection(callType: CallType, eventName: String?) -> JSONProjection {
        var needed = JSONProjection.presence
        if let rules = rules(for: callType, eventName: eventName) {
            if rules.count > 1 { needed = needed.union(Self.eventVersion) }
            if let key = callType.memberKey { needed = needed.union(.members([key: .whole])) }
            for rule in rules { needed = needed.union(Self.projection(of: rule)) }
        }
        if commonRules.count > 1 { needed = needed.union(Self.eventVersion) }
        for rule in commonRules { needed = needed.union(Self.projection(of: rule)) }
        return needed
    }

    /// `context.protocols.event_version`, which picks among a rule's versions.
    private static let eventVersion = JSONProjection.members([
        "context": .members(["protocols": .members(["event_version": .whole])])
    ])

    private static func projection(of rule: PlanRule) -> JSONProjection {
        guard let scope = rule.scope else { return rule.schema.projection }
        return .members([scope: rule.schema.projection])
    }
}
