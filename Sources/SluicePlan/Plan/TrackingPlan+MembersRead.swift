extension TrackingPlan {
    /// The top-level payload members `validate(_:callType:eventName:)` can look at for this
    /// call, or `nil` when it may look at any.
    ///
    /// The contract: validating a payload that holds at least these members (with their
    /// whole values, in their original order) gives the same verdict as validating the whole
    /// payload, so a caller may leave every other member unbuilt. The set covers the rule's
    /// schema (or its scope member), the `properties` or `traits` the unplanned-member check
    /// reads, `context` when several versions make `context.protocols.event_version` decide,
    /// and every common rule.
    public func payloadMembersRead(callType: CallType, eventName: String?) -> Set<String>? {
        var read: Set<String> = []
        if let rules = rules(for: callType, eventName: eventName) {
            if rules.count > 1 { read.insert("context") }
            if let key = callType.memberKey { read.insert(key) }
            for rule in rules {
                guard let names = Self.membersRead(of: rule) else { return nil }
                read.formUnion(names)
            }
        }
        for rule in commonRules {
            guard let names = Self.membersRead(of: rule) else { return nil }
            read.formUnion(names)
        }
        return read
    }

    private static func membersRead(of rule: PlanRule) -> Set<String>? {
        if let scope = rule.scope { return [scope] }
        return rule.schema.membersRead
    }
}
