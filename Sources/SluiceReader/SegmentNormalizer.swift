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
        return normalize(object: object, line: line, origin: origin)
    }

    /// Normalises one parsed line; `object` is its payload (or the members of it that the
    /// caller needs, which must include `membersNormalizerReads`).
    func normalize(object: JSONObject, line: UnsafeRawBufferPointer, origin: EventOrigin)
        -> Result<SegmentEvent, LineRejection>
    {
        guard let callType = Self.callType(of: object) else {
            return .failure(unknownType(object, origin: origin))
        }

        var issues: [EventIssue] = []
        var event = SegmentEvent(
            callType: callType, payload: object, origin: origin, rawByteCount: line.count)
        readIdentifiers(object, into: &event, issues: &issues)
        checkRequiredFields(object, of: event, issues: &issues)
        assignMessageId(object, to: &event, issues: &issues)

        readTimestamps(object, into: &event, issues: &issues)
        guard resolveReceivedAt(of: &event, issues: &issues) else {
            return .failure(
                LineRejection(
                    .missingReceivedAt,
                    "The event has no valid 'receivedAt' and the receivedAt fallback is 'reject'.",
                    origin: origin))
        }
        deriveTimestamp(of: &event, issues: &issues)

        if line.count > options.oversizedEventBytes {
            issues.append(
                EventIssue(
                    .oversizedEvent, field: "",
                    "The event is \(line.count) bytes, over Segment's limit of \(options.oversizedEventBytes) bytes."
                ))
        }
        event.issues = issues
        return .success(event)
    }

    func parseObject(_ line: UnsafeRawBufferPointer, origin: EventOrigin) -> Result<
        JSONObject, LineRejection
    > {
        let value: JSONValue
        do {
            value = try parser.parse(line)
        } catch {
            return .failure(Self.rejection(error, origin: origin))
        }
        guard case .object(let object) = value else {
            return .failure(Self.notAnObject(value, origin: origin))
        }
        return .success(object)
    }

    static func rejection(_ error: JSONError, origin: EventOrigin) -> LineRejection {
        let detail = "The line is not valid JSON: \(error.message) (at byte \(error.offset))"
        return LineRejection(reason: error.code.rawValue, detail: detail, origin: origin)
    }

    static func notAnObject(_ value: JSONValue, origin: EventOrigin) -> LineRejection {
        let detail = "The line holds a JSON \(Self.kindName(of: value)), not an object."
        return LineRejection(.notAnObject, detail, origin: origin)
    }

    /// The call type from `type`, or from the legacy `action` when `type` is absent or null.
    static func callType(of object: JSONObject) -> SegmentCallType? {
        var value = object["type"]
        if value == nil || value == .null { value = object["action"] }
        guard let text = value?.stringValue else { return nil }
        return SegmentCallType(rawValue: text) ?? SegmentCallType(rawValue: text.lowercased())
    }

    func unknownType(_ object: JSONObject, origin: EventOrigin) -> LineRejection {
        let value = object["type"] ?? object["action"]
        let detail =
            value.map {
                "The event's type \($0.jsonText) is none of track, identify, page, screen, group, alias; it cannot be routed to a table."
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
