import SluiceJSON

/// One event, parsed and normalised, with what was found wrong or filled in.
///
/// Timestamps are microseconds since the Unix epoch, UTC. `payload` is the whole object as
/// parsed, unchanged: normalised values live in the properties, never written back. An
/// event normalised from a tape has an empty payload; its members stay on the tape, and its
/// messageId and identifiers may be left on the line (`EventText`), to be read with it.
public struct SegmentEvent: Sendable {
    /// The dedupe key: the event's own messageId, or `sluice-fp-` and a content fingerprint.
    public var messageId: EventText
    public var isMessageIdSubstituted: Bool
    public var callType: SegmentCallType

    /// `event` for track, `name` for page and screen; `nil` for the other calls.
    public var eventName: String?
    public var userId: EventText?
    public var anonymousId: EventText?
    public var groupId: EventText?
    public var previousId: EventText?
    public var timestamp: Int64?
    public var originalTimestamp: Int64?
    public var sentAt: Int64?
    public var receivedAt: Int64?
    public var isReceivedAtSubstituted: Bool
    public var payload: JSONObject
    public var issues: [EventIssue]

    /// The line's length in bytes, without its terminator.
    public var rawByteCount: Int

    public var origin: EventOrigin

    /// Whether any issue is a violation (a missing required field, a bad timestamp).
    public var hasViolations: Bool { issues.contains { $0.category == .violation } }
}

extension SegmentEvent {
    /// An event with every field given; for other stages' tests. The normaliser starts from
    /// the call type, payload and origin and fills the rest; the texts given are built.
    ///
    /// It hands everything to the memberwise initializer, which builds the event in place:
    /// an initializer that assigns the fields one by one makes the optimizer build the
    /// event on the stack and copy it out, retaining and releasing every field once more.
    /// That initializer exists only while no initializer is declared in the struct itself,
    /// and differs from this one because `rawByteCount` is declared before `origin`.
    public init(
        messageId: String = "", isMessageIdSubstituted: Bool = false,
        callType: SegmentCallType, eventName: String? = nil, userId: String? = nil,
        anonymousId: String? = nil, groupId: String? = nil, previousId: String? = nil,
        timestamp: Int64? = nil, originalTimestamp: Int64? = nil, sentAt: Int64? = nil,
        receivedAt: Int64? = nil, isReceivedAtSubstituted: Bool = false, payload: JSONObject,
        issues: [EventIssue] = [], origin: EventOrigin, rawByteCount: Int
    ) {
        self.init(
            messageId: EventText(messageId), isMessageIdSubstituted: isMessageIdSubstituted,
            callType: callType, eventName: eventName, userId: userId.map(EventText.init),
            anonymousId: anonymousId.map(EventText.init), groupId: groupId.map(EventText.init),
            previousId: previousId.map(EventText.init), timestamp: timestamp,
            originalTimestamp: originalTimestamp, sentAt: sentAt, receivedAt: receivedAt,
            isReceivedAtSubstituted: isReceivedAtSubstituted, payload: payload, issues: issues,
            rawByteCount: rawByteCount, origin: origin)
    }
}

/// A line that cannot become an event, for the quarantine.
public struct LineRejection: Sendable, Hashable, Error {
    /// Stable reason codes besides the JSON parser's (`JSONError.Code` raw values such as
    /// `invalid_utf8`, `trailing_garbage`, `nul_byte`, `lone_surrogate`).
    public enum Reason: String, Sendable, CaseIterable {
        case notAnObject = "not_an_object"
        case unknownType = "unknown_type"
        case lineTooLong = "line_too_long"
        case truncatedByDamage = "truncated_by_damage"
        case missingReceivedAt = "missing_received_at"
    }

    /// A stable code: a `Reason` raw value or a `JSONError.Code` raw value.
    public let reason: String

    /// A sentence for people saying what is wrong, with the offending value or byte offset.
    public let detail: String
    public let origin: EventOrigin

    public init(reason: String, detail: String, origin: EventOrigin) {
        self.reason = reason
        self.detail = detail
        self.origin = origin
    }

    public init(_ reason: Reason, _ detail: String, origin: EventOrigin) {
        self.init(reason: reason.rawValue, detail: detail, origin: origin)
    }
}
