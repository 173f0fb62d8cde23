import SluiceJSON
import SluicePlan
import SluiceReader

/// An event that passed dedupe and enforcement and goes into the tables.
struct LoadedEvent: Sendable {
    /// The event; its payload has the omitted members already removed.
    var event: SegmentEvent
    /// Violations found and allowed, plus the reader's issues, as `{type, field, description}`.
    var violations: [JSONValue]
}

/// A value removed from a loaded row so it can be recovered: an omitted property, or a value
/// that did not fit its column's type.
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

/// Validates the dedupe winners against the tracking plan and applies its enforcement.
enum EventValidation {
    struct Result {
        var loaded: [LoadedEvent] = []
        var blocked: [QuarantineRecord] = []
        var omissions: [DiscardRecord] = []
        var violationsByType: [String: Int] = [:]
    }

    static func apply(_ plan: TrackingPlan, to winners: [EventRef], in ingests: [FileIngest]) -> Result {
        var result = Result()
        for ref in winners {
            var event = ingests[ref.file].events[ref.index]
            let verdict = plan.validate(
                event.payload, callType: CallType(rawValue: event.callType.rawValue)!,
                eventName: event.eventName)
            var violations = event.issues.filter(\.isViolation).map(\.json)
            violations += verdict.violations.map(\.json)
            for violation in verdict.violations { result.violationsByType[violation.type.rawValue, default: 0] += 1 }
            for issue in event.issues where issue.isViolation { result.violationsByType[issue.code, default: 0] += 1 }

            if verdict.action == .block {
                var record = QuarantineRecord(
                    reason: "blocked", detail: "The tracking plan's enforcement blocks this event.",
                    file: event.origin.file, line: event.origin.line, offset: event.origin.byteOffset,
                    messageId: event.messageId, violations: violations)
                record.rawPending = true
                result.blocked.append(record)
                continue
            }
            for path in verdict.omittedPaths {
                guard let value = removeMember(at: path, from: &event.payload) else { continue }
                result.omissions.append(
                    DiscardRecord(
                        kind: "omitted_property", table: nil, column: nil, field: path.joined(separator: "."),
                        value: value, reason: "The tracking plan's enforcement omits this property.",
                        messageId: event.messageId, origin: event.origin))
            }
            result.loaded.append(LoadedEvent(event: event, violations: violations))
        }
        return result
    }

    /// Removes the member at `path` (object keys from the top) and returns its value.
    static func removeMember(at path: [String], from object: inout JSONObject) -> JSONValue? {
        guard let first = path.first else { return nil }
        if path.count == 1 {
            let value = object[first]
            object[first] = nil
            return value
        }
        guard case .object(var child)? = object[first] else { return nil }
        let value = removeMember(at: Array(path.dropFirst()), from: &child)
        object[first] = .object(child)
        return value
    }
}

extension PlanViolation {
    var json: JSONValue {
        .members([("type", .string(type.rawValue)), ("field", .string(field)), ("description", .string(description))])
    }
}
