import SluiceJSON
import SluiceReader

extension EventIssue {
    /// Whether the issue is a violation of the Segment spec (kept with the event and counted
    /// by type), rather than a substitution or a flag.
    var isViolation: Bool { category == .violation }

    /// The violation type in Segment's wording.
    var violationType: String {
        switch code {
        case .required: return "Required"
        case .invalidTimestamp: return "Invalid Timestamp"
        case .invalidIdentifier: return "Invalid Type"
        default: return code.rawValue
        }
    }

    /// `{type, field, description}`, the shape every violation has in Sluice's output.
    var json: JSONValue {
        .members([
            ("type", .string(violationType)), ("field", .string(field)),
            ("description", .string(description)),
        ])
    }
}
