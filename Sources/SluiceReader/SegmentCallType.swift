#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Segment Spec's API calls, which decide the table an event goes to.
public enum SegmentCallType: String, Sendable, Hashable, CaseIterable {
    case track
    case identify
    case page
    case screen
    case group
    case alias
}

extension SegmentCallType {
    /// The call type whose raw value is exactly the UTF-8 `bytes`, found by length and one
    /// comparison instead of the string comparisons of `init(rawValue:)`.
    init?(spelledBy bytes: UnsafeRawBufferPointer) {
        func spells(_ text: StaticString) -> Bool {
            memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
        }

        switch bytes.count {
        case 4 where spells("page"): self = .page
        case 5 where spells("track"): self = .track
        case 5 where spells("group"): self = .group
        case 5 where spells("alias"): self = .alias
        case 6 where spells("screen"): self = .screen
        case 8 where spells("identify"): self = .identify
        default: return nil
        }
    }
}
