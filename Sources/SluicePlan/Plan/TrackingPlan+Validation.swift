import SluiceJSON

extension TrackingPlan {
    /// Validates one event and decides what to do with it.
    ///
    /// 1. Rule: track events by exact, case-sensitive name; page and screen calls by name,
    ///    then a nameless PAGE/SCREEN rule, then the track event `Page Viewed` /
    ///    `Screen Viewed`; identify and group calls by their single rule; alias has none.
    ///    Among versions, `context.protocols.event_version` (an integer, as a number or in a
    ///    string: `2`, `2.0`, `"2"`) picks one; a missing or unknown version means the
    ///    oldest, as Segment does.
    /// 2. No rule for a track call: an `Unplanned Event` violation, blocked only when
    ///    `track.unplanned-events=block`. Other calls without a rule pass unchecked.
    /// 3. Unplanned members: when the rule declares a `properties` keyword for the event's
    ///    member (`properties.properties.properties` in a payload rule, `properties` in an
    ///    `eventMetadata` rule; traits likewise), each top-level member of the payload's
    ///    `properties` (or `traits`) not listed there is an `Unplanned Property` (or
    ///    `Unplanned Trait`) and is omitted under `omit`. Nested members are left to the
    ///    schema (`additionalProperties`). A rule that declares no `properties` keyword for
    ///    the member makes nothing unplanned.
    /// 4. Schema violations of the rule: `omit` removes the top-level member of `properties`
    ///    (or `traits`) each violation sits in (a nested failure drops the whole top-level
    ///    property; a missing required member has nothing to drop); `block` blocks the event.
    /// 5. The common rule runs last against the whole payload, under `common.violations`;
    ///    `omit` removes the member of a top-level object (`context`, `properties`, `traits`)
    ///    each violation sits in. Of several common versions, one is picked as in 1 (the
    ///    version `event_version` names, else the oldest): applying them all would check
    ///    every event against each old version a plan export carries.
    ///
    /// `omittedPaths` is empty when the event is blocked. A valid, fully planned event
    /// allocates nothing beyond the returned verdict.
    public func validate(_ payload: JSONObject, callType: CallType, eventName: String?)
        -> PlanVerdict
    {
        var verdict = VerdictBuilder(settings: enforcement, callType: callType)
        if let rules = rules(for: callType, eventName: eventName) {
            verdict.isPlanned = true
            let rule = Self.select(rules, payload: payload)
            verdict.checkUnplannedMembers(rule, payload: payload)
            verdict.checkSchema(rule, payload: payload, action: verdict.violationAction)
        } else if callType == .track {
            verdict.reportUnplannedEvent(eventName)
        }

        if !commonRules.isEmpty {
            let rule = Self.select(commonRules, payload: payload)
            verdict.checkSchema(rule, payload: payload, action: enforcement.commonViolations)
        }
        return verdict.verdict
    }

    /// The version named by `context.protocols.event_version`, else the oldest.
    static func select(_ rules: [PlanRule], payload: JSONObject) -> PlanRule {
        guard rules.count > 1, let requested = payload["context"]?["protocols"]?["event_version"]
        else { return rules[0] }

        let version: Int?
        switch requested {
        case .number(let number):
            version = number.int64.map { Int($0) } ?? Self.version(number.double)
        case .string(let text): version = requestedVersion(text)
        default: version = nil
        }
        return rules.first { $0.version == version } ?? rules[0]
    }

    /// The version a `context.protocols.event_version` string names: its integer, written
    /// as one (`"2"`, `"02"`) or as a number whose value is one (`"2.0"`, `"2e0"`).
    static func requestedVersion(_ text: String) -> Int? {
        if let version = Int(text) { return version }
        // Swift's `Double` also reads `0x10`, `inf` and `nan`, which name no version here.
        guard text.utf8.allSatisfy({ "0123456789.eE+-".utf8.contains($0) }) else { return nil }
        return Double(text).flatMap { version($0) }
    }

    /// The version a number names when its value is an integer (`2.0`, `2e0`), as JSON
    /// Schema's `integer` takes it.
    static func version(_ value: Double) -> Int? {
        guard value.isFinite, value.rounded() == value, abs(value) < 1e15 else { return nil }
        return Int(value)
    }
}

/// Collects violations and enforcement decisions for one event.
struct VerdictBuilder {
    let settings: EnforcementSettings
    let callType: CallType
    var isPlanned = false
    var isBlocked = false
    /// The settings that set `isBlocked`, as `--enforce` names them.
    var blockedBy: [String] = []
    var violations: [PlanViolation] = []
    var omitted: [[String]] = []

    init(settings: EnforcementSettings, callType: CallType) {
        self.settings = settings
        self.callType = callType
    }

    var unplannedMemberAction: EnforcementSettings.MemberAction {
        switch callType {
        case .track, .page, .screen: return settings.trackUnplannedProperties
        case .identify: return settings.identifyUnplannedTraits
        case .group: return settings.groupUnplannedTraits
        case .alias: return .allow
        }
    }

    var violationAction: EnforcementSettings.ViolationAction {
        switch callType {
        case .track, .page, .screen: return settings.trackViolations
        case .identify: return settings.identifyViolations
        case .group: return settings.groupViolations
        case .alias: return .allow
        }
    }

    /// The verdict, with each (type, field) reported once: a property the plan does not list
    /// is found both by the unplanned-member check and by an `additionalProperties: false`
    /// in the rule's schema, and is one violation, not two. The schema names an unlisted
    /// trait an `Unplanned Property` too, so the two unplanned types count as one.
    var verdict: PlanVerdict {
        // A clean event, as most are, gets the empty arrays without copying the builder's.
        if violations.isEmpty && omitted.isEmpty && !isBlocked {
            return PlanVerdict(isPlannedEvent: isPlanned)
        }

        // Most events have no violation, and one cannot repeat: neither builds the set. Fields
        // compare by their bytes: two spellings of a name that `String` calls equal are two
        // members of the object, so two fields.
        var unique = violations
        if violations.count > 1 {
            var seen: Set<ExactString> = []
            unique = violations.filter {
                let type = $0.type == .unplannedTrait ? .unplannedProperty : $0.type
                return seen.insert(ExactString(type.rawValue + "\u{0}" + $0.field)).inserted
            }
        }
        return PlanVerdict(
            action: isBlocked ? .block : .allow, violations: unique,
            omittedPaths: isBlocked ? [] : omitted, isPlannedEvent: isPlanned,
            blockedBy: blockedBy)
    }

    mutating func reportUnplannedEvent(_ name: String?) {
        let description =
            name.map { "The event '\(JSONValue.excerpt(of: $0))' is not in the tracking plan." }
            ?? "The track call has no event name (its 'event' is missing or not a string), so no event of the tracking plan matches it."
        violations.append(
            PlanViolation(type: .unplannedEvent, field: "event", description: description))
        if settings.trackUnplannedEvents == .block { block("track.unplanned-events") }
    }

    /// Members of `properties` (or `traits`) the rule does not declare, top level only.
    mutating func checkUnplannedMembers(_ rule: PlanRule, payload: JSONObject) {
        guard let declared = rule.declaredMembers, let key = callType.memberKey,
            case .object(let members)? = payload[key]
        else { return }

        for name in members.keys where !declared.contains(name) {
            reportUnplannedMember(name, of: key)
        }
    }

    /// Member `name` of `properties` (or `traits`, the `key`) is not declared by the rule.
    mutating func reportUnplannedMember(_ name: String, of key: String) {
        let type: ViolationType = key == "traits" ? .unplannedTrait : .unplannedProperty
        let noun = key == "traits" ? "trait" : "property"
        violations.append(
            PlanViolation(
                type: type, field: key + "." + name,
                description:
                    "The \(noun) '\(JSONValue.excerpt(of: name))' is not in the tracking plan for this event."
            ))
        if unplannedMemberAction == .omit { appendOmitted([key, name]) }
    }

    /// Validates the rule's schema and applies `action` to what fails.
    mutating func checkSchema(
        _ rule: PlanRule, payload: JSONObject, action: EnforcementSettings.ViolationAction
    ) {
        let instance: JSONValue
        if let scope = rule.scope {
            instance = payload[scope] ?? .object(JSONObject())
        } else {
            instance = .object(payload)
        }
        guard !rule.schema.isValid(instance) else { return }

        for violation in rule.schema.validate(instance) {
            let path = (rule.scope.map { [$0] } ?? []) + violation.segmentPath
            violations.append(
                PlanViolation(
                    type: violation.segmentType,
                    field: path.isEmpty ? "(root)" : path.joined(separator: "."),
                    description: violation.message, keyword: violation.keyword))
            if action == .omit, let omitted = omission(at: path, by: rule) {
                appendOmitted(omitted)
            }
        }
        if action == .block {
            block(rule.kind == .common ? "common.violations" : violationSettingName)
        }
    }

    /// The name of the setting `violationAction` reads.
    private var violationSettingName: String {
        switch callType {
        case .track, .page, .screen, .alias: return "track.violations"
        case .identify: return "identify.violations"
        case .group: return "group.violations"
        }
    }

    /// Blocks the event, noting that setting `name` did.
    private mutating func block(_ name: String) {
        isBlocked = true
        let setting = name + "=block"
        if !blockedBy.contains(setting) { blockedBy.append(setting) }
    }

    /// What `omit` removes for a violation at `path`: the second-level member it sits in
    /// (`properties.price` for `properties.price.amount`). An event's own rule removes only
    /// members of its `properties` or `traits`; the common rule, which covers the whole
    /// payload, removes a member of any top-level object (`context.ip`). A violation of a
    /// top-level member itself (`userId`, or `context` not being an object) removes nothing:
    /// the event's own fields stay, as a missing required member has nothing to remove.
    private func omission(at path: [String], by rule: PlanRule) -> [String]? {
        guard path.count >= 2 else { return nil }
        if rule.kind == .common { return [path[0], path[1]] }
        guard let key = callType.memberKey, path[0] == key else { return nil }
        return [key, path[1]]
    }

    /// Adds `path` unless it is there already, spelled with the same bytes: a path that only
    /// `String` calls equal names another member, which must be omitted too.
    private mutating func appendOmitted(_ path: [String]) {
        let isNew = !omitted.contains { known in
            known.count == path.count && zip(known, path).allSatisfy { $0.isByteEqual(to: $1) }
        }
        if isNew { omitted.append(path) }
    }
}

extension SchemaViolation {
    /// The instance path as strings, plus the member a `required`, `dependencies` or
    /// `additionalProperties` violation is about, as Segment names the field.
    var segmentPath: [String] {
        var path = instancePath.map(\.description)
        switch detail {
        case .missingMember(let name), .unexpectedMember(let name): path.append(name)
        default: break
        }
        return path
    }

    /// Segment's category for the failing keyword.
    var segmentType: ViolationType {
        switch keyword {
        case "required": return .required
        case "type": return .invalidType
        case "format": return .invalidFormat
        case "enum": return .invalidEnum
        case "const": return .invalidValue
        case "pattern": return .invalidPattern
        case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
            return .outOfRange
        case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties":
            return .invalidLength
        case "additionalProperties": return .unplannedProperty
        case "dependencies":
            if case .missingMember = detail { return .required }
            return .schemaMismatch
        default: return .schemaMismatch
        }
    }
}
