import SluiceJSON

extension TrackingPlan {
    /// Validates one event read straight from its tape: always equal (`==`) to
    /// `validate(payload(), callType:eventName:)`, where `payload()` builds the payload (the
    /// whole line's object, or any part of it holding `payloadProjection(callType:eventName:)`).
    ///
    /// Rule selection, the unplanned-member check and every schema probe read the tape;
    /// `payload()` is called (at most once) only when a schema finds a violation, to collect
    /// the violations the tree's way, when the line's object repeats a top-level key, or
    /// when a rule with several versions meets a `context` or `context.protocols` repeating
    /// a key. A valid event therefore builds no `JSONValue`; an unplanned member builds only
    /// its name (and the `properties` or `traits` object only when it repeats a key). A rule
    /// whose schema admits no undeclared member (`PlanRule.schemaConfinesMembers`) runs the
    /// unplanned-member check only when its probe fails.
    ///
    /// - Parameters:
    ///   - tape: the parsed line; its token 0, the root, is the payload.
    ///   - bytes: the buffer the tape last parsed, read only during the call.
    ///   - payload: builds the payload from the same line; not called after the return.
    public func validate(
        tape: JSONTape, in bytes: UnsafeRawBufferPointer, callType: CallType, eventName: String?,
        payload: () -> JSONObject
    ) -> PlanVerdict {
        // Repeated top-level keys merge in the tree, which decides every lookup below.
        guard tape.count > 0, tape.kind(0) == .object, !tape.hasDuplicateKeys(0) else {
            return validate(payload(), callType: callType, eventName: eventName)
        }

        var verdict = VerdictBuilder(settings: enforcement, callType: callType)
        var built: JSONObject?
        if let rules = rules(for: callType, eventName: eventName) {
            verdict.isPlanned = true
            guard let index = Self.select(rules, tape: tape, in: bytes) else {
                return validate(payload(), callType: callType, eventName: eventName)
            }
            let rule = rules[index]

            // Probed first: a valid payload needs no unplanned-member check when its schema
            // admits no undeclared member. The checks report in the reference's order.
            let isValid = rule.isValid(tape: tape, in: bytes)
            if !isValid || !rule.schemaConfinesMembers {
                verdict.checkUnplannedMembers(rule, tape: tape, in: bytes)
            }
            if !isValid {
                let object = payload()
                built = object
                verdict.checkSchema(rule, payload: object, action: verdict.violationAction)
            }
        } else if callType == .track {
            verdict.reportUnplannedEvent(eventName)
        }

        if !commonRules.isEmpty {
            guard let index = Self.select(commonRules, tape: tape, in: bytes) else {
                return validate(built ?? payload(), callType: callType, eventName: eventName)
            }
            verdict.checkSchema(
                commonRules[index], tape: tape, in: bytes, action: enforcement.commonViolations,
                built: &built, payload: payload)
        }
        return verdict.verdict
    }

    /// The position in `rules` of the rule `select(_:payload:)` picks, read on the tape;
    /// `nil` when `context` or `context.protocols` repeats a key, which only the built
    /// payload decides.
    ///
    /// - Precondition: the root has no repeated keys.
    static func select(_ rules: [PlanRule], tape: JSONTape, in bytes: UnsafeRawBufferPointer)
        -> Int?
    {
        guard rules.count > 1 else { return 0 }
        guard let context = tape.firstMember(0, named: "context", in: bytes),
            tape.kind(context) == .object
        else { return 0 }

        guard !tape.hasDuplicateKeys(context) else { return nil }
        guard let protocols = tape.firstMember(context, named: "protocols", in: bytes),
            tape.kind(protocols) == .object
        else { return 0 }

        guard !tape.hasDuplicateKeys(protocols) else { return nil }
        guard let requested = tape.firstMember(protocols, named: "event_version", in: bytes)
        else { return 0 }

        let version: Int?
        switch tape.kind(requested) {
        case .number:
            version =
                tape.int64(requested).map { Int($0) }
                ?? Self.version(tape.double(requested, in: bytes))
        case .string: version = Self.requestedVersion(tape.string(requested, in: bytes))
        default: version = nil
        }
        return rules.firstIndex { $0.version == version } ?? 0
    }
}

extension VerdictBuilder {
    /// `checkUnplannedMembers(_:payload:)` on the tape: a member's name is built only when
    /// the rule does not declare it, and the members object only when it repeats a key.
    ///
    /// - Precondition: the root has no repeated keys.
    mutating func checkUnplannedMembers(
        _ rule: PlanRule, tape: JSONTape, in bytes: UnsafeRawBufferPointer
    ) {
        guard let declared = rule.declaredMembers, let key = callType.memberKey,
            let members = tape.firstMember(0, named: key, in: bytes),
            tape.kind(members) == .object
        else { return }

        guard !tape.hasDuplicateKeys(members) else {
            let object = tape.value(members, in: bytes).objectValue!
            for name in object.keys where !declared.contains(name) {
                reportUnplannedMember(name, of: key)
            }
            return
        }

        // Walked by token numbers: the `members(_:)` sequence would retain the storage.
        var name = members + 1
        for _ in 0..<tape.memberCount(members) {
            if !declared.containsKey(name, tape: tape, in: bytes) {
                reportUnplannedMember(tape.string(name, in: bytes), of: key)
            }
            name = tape.next(name + 1)
        }
    }

    /// `checkSchema(_:payload:action:)` probing the tape first; the payload is built (once,
    /// into `built`) only when the probe fails, to collect the violations.
    ///
    /// - Precondition: the root has no repeated keys.
    mutating func checkSchema(
        _ rule: PlanRule, tape: JSONTape, in bytes: UnsafeRawBufferPointer,
        action: EnforcementSettings.ViolationAction, built: inout JSONObject?,
        payload: () -> JSONObject
    ) {
        guard !rule.isValid(tape: tape, in: bytes) else { return }

        if built == nil { built = payload() }
        checkSchema(rule, payload: built!, action: action)
    }
}

extension PlanRule {
    /// Whether the payload on the tape is valid against the rule's schema: the probe of
    /// `VerdictBuilder.checkSchema(_:payload:action:)`'s instance, read on the tape.
    ///
    /// - Precondition: the root has no repeated keys.
    func isValid(tape: JSONTape, in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let scope else { return schema.isValid(tape: tape, 0, in: bytes) }

        // An absent scope member validates as an empty object, as the tree does.
        guard let member = tape.firstMember(0, named: scope, in: bytes) else {
            return schema.isValid(.object(JSONObject()))
        }
        return schema.isValid(tape: tape, member, in: bytes)
    }
}
