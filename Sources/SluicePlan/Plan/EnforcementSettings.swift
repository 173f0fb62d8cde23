import SluiceJSON

/// What to do with unplanned events, unplanned members and schema violations: Segment
/// Protocols' Schema Configuration, per call type.
///
/// Every setting defaults to `allow`, as Segment's Schema Configuration does for a source
/// until someone opts into blocking: Segment describes blocking as a step to take only after
/// the violations a newly connected plan shows are resolved, and its schema-config API
/// exposes each control as an `allow_...` flag or an `ALLOW` value. Page and screen calls
/// follow the track settings.
///
/// A plan file may carry the settings as a top-level `"enforcement"` (or `"settings"`)
/// object of groups and camel-case or kebab-case names, for example
/// `{"track": {"unplannedEvents": "block", "violations": "omit"}, "common": {"violations": "block"}}`,
/// or of settings named whole as overrides name them: `{"track.violations": "omit"}`.
/// Callers override single settings by name with `apply(_:)`: `track.unplanned-events=block`.
public struct EnforcementSettings: Sendable, Equatable {
    /// For events the plan does not list.
    public enum EventAction: String, Sendable, CaseIterable { case allow, block }

    /// For properties or traits the event's rule does not declare.
    public enum MemberAction: String, Sendable, CaseIterable { case allow, omit }

    /// For JSON Schema violations: keep the event, drop the offending members, or block it.
    public enum ViolationAction: String, Sendable, CaseIterable { case allow, omit, block }

    public var trackUnplannedEvents: EventAction = .allow
    public var trackUnplannedProperties: MemberAction = .allow
    public var trackViolations: ViolationAction = .allow
    public var identifyUnplannedTraits: MemberAction = .allow
    public var identifyViolations: ViolationAction = .allow
    public var groupUnplannedTraits: MemberAction = .allow
    public var groupViolations: ViolationAction = .allow
    public var commonViolations: ViolationAction = .allow

    /// Segment's defaults: everything allowed.
    public init() {}

    /// Every setting name `apply(_:)` accepts, in kebab case.
    public static let settingNames = [
        "track.unplanned-events", "track.unplanned-properties", "track.violations",
        "identify.unplanned-traits", "identify.violations", "group.unplanned-traits",
        "group.violations", "common.violations",
    ]

    /// Every setting as `name=value`, in `settingNames` order, for the run manifest; applying
    /// them to `EnforcementSettings()` reproduces `self`.
    public var assignments: [String] {
        let values = [
            trackUnplannedEvents.rawValue, trackUnplannedProperties.rawValue,
            trackViolations.rawValue, identifyUnplannedTraits.rawValue,
            identifyViolations.rawValue, groupUnplannedTraits.rawValue, groupViolations.rawValue,
            commonViolations.rawValue,
        ]
        return zip(Self.settingNames, values).map { "\($0)=\($1)" }
    }

    /// Applies `name=value` overrides in turn, refusing one setting given two values (the
    /// last would win without a word).
    public mutating func apply(_ assignments: [String]) throws(PlanError) {
        var given = GivenSettings(source: "(override)")
        for assignment in assignments {
            if let equals = assignment.firstIndex(of: "=") {
                try given.note(
                    String(assignment[..<equals]),
                    String(assignment[assignment.index(after: equals)...]), at: "--enforce")
            }
            try apply(assignment)
        }
    }

    /// Applies one `name=value` override, e.g. `track.unplanned-events=block`; names may
    /// also be camel case (`track.unplannedEvents`).
    public mutating func apply(_ assignment: String) throws(PlanError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw PlanError(
                .invalidSetting, file: "(override)", jsonPath: "$",
                "The enforcement override '\(assignment)' has no '='; write it as NAME=VALUE, e.g. 'track.unplanned-events=block'."
            )
        }
        let name = String(assignment[..<equals])
        let value = String(assignment[assignment.index(after: equals)...])
        try set(name, to: value, source: "(override)")
    }

    /// Sets `name` (kebab or camel case) to `value`.
    mutating func set(_ name: String, to value: String, source: String) throws(PlanError) {
        let key = Self.kebab(name)
        let path = "$.enforcement." + name
        switch key {
        case "track.unplanned-events":
            trackUnplannedEvents = try Self.parse(value, name: key, source: source, path: path)
        case "track.unplanned-properties":
            trackUnplannedProperties = try Self.parse(value, name: key, source: source, path: path)
        case "track.violations":
            trackViolations = try Self.parse(value, name: key, source: source, path: path)
        case "identify.unplanned-traits":
            identifyUnplannedTraits = try Self.parse(value, name: key, source: source, path: path)
        case "identify.violations":
            identifyViolations = try Self.parse(value, name: key, source: source, path: path)
        case "group.unplanned-traits":
            groupUnplannedTraits = try Self.parse(value, name: key, source: source, path: path)
        case "group.violations":
            groupViolations = try Self.parse(value, name: key, source: source, path: path)
        case "common.violations", "common":
            commonViolations = try Self.parse(value, name: key, source: source, path: path)
        default:
            let suggestion =
                Self.settingNames.min { Self.distance($0, key) < Self.distance($1, key) } ?? ""
            throw PlanError(
                .invalidSetting, file: source, jsonPath: path,
                "The enforcement setting '\(name)' does not exist; did you mean '\(suggestion)'? Known settings: \(Self.settingNames.joined(separator: ", "))."
            )
        }
    }

    private static func parse<Value: RawRepresentable & CaseIterable>(
        _ text: String, name: String, source: String, path: String
    ) throws(PlanError) -> Value where Value.RawValue == String {
        if let value = Value(rawValue: text.lowercased()) { return value }
        let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
        throw PlanError(
            .invalidSetting, file: source, jsonPath: path,
            "The enforcement setting '\(name)' cannot be '\(text)'; use one of: \(allowed).")
    }

    /// `track.unplannedEvents` becomes `track.unplanned-events`.
    static func kebab(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "-" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out.replacingAll("_", with: "-")
    }

    /// Levenshtein distance, for "did you mean".
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }

        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)
                diagonal = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, substitution)
            }
        }
        return row[b.count]
    }

    /// Reads a plan file's `enforcement` object (see the type's documentation).
    init(json: JSONValue, source: String, path: String) throws(PlanError) {
        self.init()
        guard case .object(let groups) = json else {
            throw PlanError(
                .invalidSetting, file: source, jsonPath: path,
                "The enforcement settings must be an object of groups such as {\"track\": {\"unplannedEvents\": \"block\"}}."
            )
        }
        // A setting given two values, as a group member and named whole, is refused.
        var given = GivenSettings(source: source)
        for (group, members) in groups {
            // A setting named whole, as `--enforce` names it: `"track.violations": "block"`.
            if group.contains("."), case .string(let text) = members {
                try given.note(group, text, at: path + "." + group)
                try set(group, to: text, source: source)
                continue
            }
            guard case .object(let settings) = members else {
                throw PlanError(
                    .invalidSetting, file: source, jsonPath: path + "." + group,
                    "The enforcement group '\(group)' must be an object of settings, such as \"track\": {\"unplanned-events\": \"block\", \"violations\": \"omit\"}, or a setting named whole, such as \"track.violations\": \"block\"."
                )
            }
            for (name, value) in settings {
                guard case .string(let text) = value else {
                    throw PlanError(
                        .invalidSetting, file: source, jsonPath: "\(path).\(group).\(name)",
                        "The enforcement setting '\(group).\(name)' must be a string such as \"allow\"."
                    )
                }
                try given.note(group + "." + name, text, at: "\(path).\(group).\(name)")
                try set(group + "." + name, to: text, source: source)
            }
        }
    }
}

/// The settings given so far, each with its first value and where it was given, so that one
/// given two values is refused rather than read as the last of them.
private struct GivenSettings {
    let source: String
    private var values: [String: (value: String, place: String)] = [:]

    init(source: String) {
        self.source = source
    }

    /// Notes `value` for setting `name` (kebab or camel case, `common` for
    /// `common.violations`), given at `place`; throws when it was given another value.
    mutating func note(_ name: String, _ value: String, at place: String) throws(PlanError) {
        let kebab = EnforcementSettings.kebab(name)
        let key = kebab == "common" ? "common.violations" : kebab
        if let first = values[key], first.value.lowercased() != value.lowercased() {
            throw PlanError(
                .invalidSetting, file: source, jsonPath: place.hasPrefix("$") ? place : "$",
                "The enforcement setting '\(key)' is given twice with different values, '\(first.value)' (\(first.place)) and '\(value)' (\(place)); give it once."
            )
        }
        values[key] = values[key] ?? (value, place)
    }
}
