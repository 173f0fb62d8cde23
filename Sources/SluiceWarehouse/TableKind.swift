/// The kind of a warehouse table, as Segment warehouses lay them out.
///
/// `tracks` holds the standard columns of every track call; `trackEvent` is the per-event
/// table of one track event name (`order_completed`) with its properties. The raw values are
/// written into `_schema.json`.
public enum TableKind: String, Sendable, Hashable, CaseIterable, Codable {
    case tracks
    case trackEvent = "track_event"
    case pages
    case screens
    case identifies
    case groups
    case aliases
}

extension TableKind {
    /// The top-level event member whose object becomes this table's own columns:
    /// `properties` for track events, pages and screens, `traits` for identifies and groups,
    /// none for `tracks` (which carries no properties) and `aliases`.
    public var payloadKey: String? {
        switch self {
        case .trackEvent, .pages, .screens: return "properties"
        case .identifies, .groups: return "traits"
        case .tracks, .aliases: return nil
        }
    }

    /// The table kind an event's `type` member selects for its fixed table (`tracks` for a
    /// track call), compared case-insensitively because real senders write `Track`; `nil`
    /// for a type Segment does not define.
    public static func fixedKind(forEventType type: String) -> TableKind? {
        switch type.lowercased() {
        case "track": return .tracks
        case "page": return .pages
        case "screen": return .screens
        case "identify": return .identifies
        case "group": return .groups
        case "alias": return .aliases
        default: return nil
        }
    }
}
