import SluiceJSON
import SluiceReader

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
