/// What the tracking plan decided for one event.
public struct PlanVerdict: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable {
        /// Load the event (after removing `omittedPaths`).
        case allow
        /// Quarantine the event instead of loading it.
        case block
    }

    public var action: Action

    /// Every violation found, whatever the enforcement settings did with it.
    public var violations: [PlanViolation]

    /// Members to remove before loading, e.g. `["properties", "color"]`; empty when blocked.
    public var omittedPaths: [[String]]

    /// Whether the plan has a rule for this event (false for unplanned track events and for
    /// calls the plan has no rule for).
    public var isPlannedEvent: Bool

    /// The enforcement settings that blocked the event, as `--enforce` names them
    /// (`track.unplanned-events=block`); empty unless `action` is `block`.
    public var blockedBy: [String]

    public init(
        action: Action = .allow, violations: [PlanViolation] = [], omittedPaths: [[String]] = [],
        isPlannedEvent: Bool, blockedBy: [String] = []
    ) {
        self.action = action
        self.violations = violations
        self.omittedPaths = omittedPaths
        self.isPlannedEvent = isPlannedEvent
        self.blockedBy = blockedBy
    }

    /// Whether the event passed without any violation.
    public var hasViolations: Bool { !violations.isEmpty }
}

/// Segment Protocols' violation categories; the raw value is Segment's wording.
public enum ViolationType: String, Sendable, Hashable, CaseIterable {
    case required = "Required"
    case invalidType = "Invalid Type"
    case unplannedEvent = "Unplanned Event"
    case unplannedProperty = "Unplanned Property"
    case unplannedTrait = "Unplanned Trait"
    case invalidFormat = "Invalid Format"
    case invalidEnum = "Invalid Enum"
    case invalidValue = "Invalid Value"
    case invalidPattern = "Invalid Pattern"
    case outOfRange = "Out of Range"
    case invalidLength = "Invalid Length"
    /// A combinator or structural keyword failed (`anyOf`, `oneOf`, `not`, `if`, ...).
    case schemaMismatch = "Schema Mismatch"
}

/// One violation, worded the way Segment reports it.
public struct PlanViolation: Sendable, Hashable, CustomStringConvertible {
    public var type: ViolationType

    /// The field in dotted form (`properties.price`); `(root)` for the payload itself.
    public var field: String

    public var description: String

    /// The JSON Schema keyword that failed (`type`, `required`, ...); `nil` for findings of
    /// the plan itself (unplanned events, properties and traits).
    public var keyword: String?

    public init(type: ViolationType, field: String, description: String, keyword: String? = nil) {
        self.type = type
        self.field = field
        self.description = description
        self.keyword = keyword
    }
}
