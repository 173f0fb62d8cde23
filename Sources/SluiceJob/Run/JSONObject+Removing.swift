import SluiceJSON
import SluicePlan
import SluiceReader

extension JSONObject {
    /// Removes the member at `path` (object keys from the top) and returns its value, or
    /// `nil` when there is no such member.
    mutating func removeMember(at path: [String]) -> JSONValue? {
        guard let first = path.first else { return nil }
        if path.count == 1 {
            let value = self[first]
            self[first] = nil
            return value
        }
        guard case .object(var child)? = self[first] else { return nil }
        let value = child.removeMember(at: Array(path.dropFirst()))
        self[first] = .object(child)
        return value
    }
}

extension PlanViolation {
    /// `{type, field, description}`, the shape every violation has in Sluice's output.
    var json: JSONValue {
        .members([
            ("type", .string(type.rawValue)), ("field", .string(field)),
            ("description", .string(description)),
        ])
    }
}

/// A value removed from a loaded row so it can be recovered: an omitted property, or a value
/// that did not fit its column's type. Written to `OUT/_discards/`.
struct DiscardRecord: Sendable {
    var kind: String
    var table: String?
    var column: String?
    var field: String
    var value: JSONValue
    var reason: String
    var messageId: String
    var origin: EventOrigin

    var json: JSONValue {
        .members([
            ("kind", .string(kind)), ("table", .text(table)), ("column", .text(column)),
            ("field", .string(field)), ("value", value), ("reason", .string(reason)),
            ("message_id", .string(messageId)), ("file", .string(origin.file)),
            ("line", .int(origin.line)), ("offset", .int(origin.byteOffset)),
        ])
    }
}
