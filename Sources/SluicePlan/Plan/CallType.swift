/// The Segment call an event came from (Segment Spec: track, identify, page, screen, group,
/// alias).
public enum CallType: String, Sendable, CaseIterable {
    case track, identify, page, screen, group, alias

    /// The payload member holding what the plan describes: `properties` for track, page and
    /// screen, `traits` for identify and group, none for alias.
    var memberKey: String? {
        switch self {
        case .track, .page, .screen: return "properties"
        case .identify, .group: return "traits"
        case .alias: return nil
        }
    }
}
