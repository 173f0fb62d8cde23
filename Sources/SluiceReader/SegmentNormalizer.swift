// Implements the Segment Spec's common fields (segment.com/docs/connections/spec/common/)
// and its timestamp correction (.../spec/common/#timestamp-overview).
import SluiceJSON

/// Turns one line's bytes into a `SegmentEvent`, or says why it cannot be one.
///
/// Only a line that cannot be routed to a table is rejected: invalid JSON, a value that is
/// not an object, or a missing or unknown call type (and a missing receivedAt when the
/// options say so). Everything else wrong with an event (a missing required field, a bad
/// timestamp, a substituted messageId) is kept as an `EventIssue` on the event.
/// A normalizer holds no mutable state and may be used from any thread.
public struct SegmentNormalizer: Sendable {
    public let options: NormalizerOptions
    let parser = JSONParser()

    public init(options: NormalizerOptions = NormalizerOptions()) {
        self.options = options
    }

    /// Parses and normalises one line (its bytes without the terminator).
    public func normalize(line: UnsafeRawBufferPointer, origin: EventOrigin) -> Result<
        SegmentEvent, LineRejection
    > {
        let object: JSONObject
        switch parseObject(line, origin: origin) {
        case .success(let parsed): object = parsed
        case .failure(let rejection): return .failure(rejection)
        }
        let reader = TreeMemberReader(object: object)
        return normalize(reader, payload: object, byteCount: line.count, origin: origin)
    }

    /// Normalises one parsed line of `byteCount` bytes whose members `reader` reads;
    /// `payload` becomes the event's.
    ///
    /// The fields are read into plain locals and the event is built once, at the end, so
    /// no partly built event is copied or destroyed on the way.
    func normalize(
        _ reader: some SegmentMemberReader, payload: consuming JSONObject, byteCount: Int,
        origin: EventOrigin
    ) -> Result<SegmentEvent, LineRejection> {
        guard let callType = Self.callType(reader) else {
            return .failure(unknownType(reader, origin: origin))
        }

        var issues: [EventIssue] = []
        let userId = identifier(.userId, in: reader, issues: &issues)
        let anonymousId = identifier(.anonymousId, in: reader, issues: &issues)
        let groupId = identifier(.groupId, in: reader, issues: &issues)
        let previousId = identifier(.previousId, in: reader, issues: &issues)
        let eventName = eventName(reader, callType: callType)
        let present = PresentFields(
            eventName: eventName != nil, userId: userId != nil, anonymousId: anonymousId != nil,
            groupId: groupId != nil, previousId: previousId != nil)
        checkRequiredFields(reader, present, callType: callType, issues: &issues)
        let (messageId, isMessageIdSubstituted) = messageId(
            reader, byteCount: byteCount, issues: &issues)

        var times = readTimestamps(reader, issues: &issues)
        guard resolveReceivedAt(of: &times, issues: &issues) else {
            return .failure(
                LineRejection(
                    .missingReceivedAt,
                    "The event has no valid 'receivedAt' and the receivedAt fallback is 'reject'.",
                    origin: origin))
        }
        deriveTimestamp(of: &times, issues: &issues)

        if byteCount > options.oversizedEventBytes {
            issues.append(
                EventIssue(
                    .oversizedEvent, field: "",
                    "The event is \(byteCount) bytes, over Segment's limit of \(options.oversizedEventBytes) bytes."
                ))
        }
        return .success(
            SegmentEvent(
                messageId: messageId, isMessageIdSubstituted: isMessageIdSubstituted,
                callType: callType, eventName: eventName, userId: userId,
                anonymousId: anonymousId, groupId: groupId, previousId: previousId,
                timestamp: times.timestamp, originalTimestamp: times.originalTimestamp,
                sentAt: times.sentAt, receivedAt: times.receivedAt,
                isReceivedAtSubstituted: times.isReceivedAtSubstituted, payload: payload,
                issues: issues, rawByteCount: byteCount, origin: origin))
    }

    func parseObject(_ line: UnsafeRawBufferPointer, origin: EventOrigin) -> Result<
        JSONObject, LineRejection
    > {
        let value: JSONValue
        do {
            value = try parser.parse(line)
        } catch {
            return .failure(Self.rejection(error, origin: origin, line: line))
        }
        guard case .object(let object) = value else {
            return .failure(Self.notAnObject(value, origin: origin))
        }
        return .success(object)
    }

    static func rejection(_ error: JSONError, origin: EventOrigin, line: UnsafeRawBufferPointer)
        -> LineRejection
    {
        var detail = "The line is not valid JSON: \(error.message) (at byte \(error.offset))"
        if Self.endsObjectsWithBareCR(line) {
            detail +=
                "; it holds a carriage return between two objects, so its file seems to end "
                + "lines with CR alone, where lines end with LF (or CR LF): convert the file's "
                + "line ends to load its events"
        }
        return LineRejection(reason: error.code.rawValue, detail: detail, origin: origin)
    }

    /// Whether `line` holds `}` CR `{`: a file whose lines end with a lone carriage return
    /// reads as one line of many objects.
    private static func endsObjectsWithBareCR(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count >= 3 else { return false }
        for index in 1..<(line.count - 1) where line[index] == 0x0D {
            if line[index - 1] == UInt8(ascii: "}"), line[index + 1] == UInt8(ascii: "{") {
                return true
            }
        }
        return false
    }

    static func notAnObject(_ value: JSONValue, origin: EventOrigin) -> LineRejection {
        let detail = "The line holds a JSON \(Self.kindName(of: value)), not an object."
        return LineRejection(.notAnObject, detail, origin: origin)
    }

    /// The call type from `type`, or from the legacy `action` when `type` is absent or null.
    static func callType(_ reader: some SegmentMemberReader) -> SegmentCallType? {
        var name = SegmentMembers.Name.type
        let kind = reader.kind(name)
        if kind == nil || kind == .null { name = .action }
        if let exact = reader.exactCallType(name) { return exact }
        guard reader.kind(name) == .string else { return nil }
        let text = reader.string(name)
        return SegmentCallType(rawValue: text) ?? SegmentCallType(rawValue: text.lowercased())
    }

    func unknownType(_ reader: some SegmentMemberReader, origin: EventOrigin) -> LineRejection {
        let name: SegmentMembers.Name? =
            reader.kind(.type) != nil ? .type : reader.kind(.action) != nil ? .action : nil
        let detail =
            name.map {
                "The event's type \(reader.jsonText($0)) is none of track, identify, page, screen, group, alias; it cannot be routed to a table."
            } ?? "The event has no 'type' (nor legacy 'action'); it cannot be routed to a table."
        return LineRejection(.unknownType, detail, origin: origin)
    }

    static func kindName(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
