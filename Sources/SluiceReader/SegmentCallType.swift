/// The Segment Spec's API calls, which decide the table an event goes to.
public enum SegmentCallType: String, Sendable, Hashable, CaseIterable {
    case track
    case identify
    case page
    case screen
    case group
    case alias
}
