/// Something recorded about an event that was kept: a violation of the Segment Spec, a value
/// Sluice substituted, or a flag.
public struct EventIssue: Sendable, Hashable {
    /// A stable code; `category` says which kind it is.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A field the call type requires is missing, null, empty or not a string.
        case required = "required"
        /// A timestamp field holds something that is not a timestamp; it is treated as absent.
        case invalidTimestamp = "invalid_timestamp"
        /// An identifier (`userId`, `anonymousId`, `groupId`, `previousId`) has a type that
        /// cannot stand for an identifier (array, object, boolean); it is treated as absent.
        case invalidIdentifier = "invalid_identifier"
        /// The messageId was missing, empty or not a string; a content fingerprint stands in.
        case messageIdSubstituted = "message_id_substituted"
        /// receivedAt was missing or invalid; the fallback policy chose a value.
        case receivedAtSubstituted = "received_at_substituted"
        /// timestamp was missing or invalid and was derived from the other timestamps.
        case timestampDerived = "timestamp_derived"
        /// A timestamp named no zone offset and was taken as UTC.
        case timestampWithoutZone = "timestamp_without_zone"
        /// An identifier was a JSON number; its text is used.
        case numericIdentifier = "numeric_identifier"
        /// The line is longer than Segment's 32 KB event limit.
        case oversizedEvent = "oversized_event"
    }

    /// What kind of issue a code is.
    public enum Category: String, Sendable, Hashable {
        case violation
        case substitution
        case flag
    }

    public let code: Code

    /// The field concerned, as named in the event (`userId`, `timestamp`, ...).
    public let field: String

    /// A sentence for people, quoting the offending value when there is one.
    public let description: String

    public init(_ code: Code, field: String, _ description: String) {
        self.code = code
        self.field = field
        self.description = description
    }

    public var category: Category {
        switch code {
        case .required, .invalidTimestamp, .invalidIdentifier: return .violation
        case .messageIdSubstituted, .receivedAtSubstituted, .timestampDerived: return .substitution
        case .timestampWithoutZone, .numericIdentifier, .oversizedEvent: return .flag
        }
    }
}
