import SluiceJSON
import SluicePlan

extension PlanViolation {
    /// `{type, field, description}`, the shape every violation has in Sluice's output.
    var json: JSONValue {
        .members([
            ("type", .string(type.rawValue)), ("field", .string(field)),
            ("description", .string(description)),
        ])
    }
}
