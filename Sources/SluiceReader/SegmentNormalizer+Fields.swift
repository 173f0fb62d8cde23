import SluiceJSON

extension SegmentNormalizer {
    /// Which of the fields a call type may require the event has (non-empty, usable).
    struct PresentFields {
        var eventName: Bool
        var userId: Bool
        var anonymousId: Bool
        var groupId: Bool
        var previousId: Bool
    }

    /// The event name: `event` for track, `name` for page and screen, nil for the other
    /// calls and when empty or not a string.
    func eventName(_ reader: some SegmentMemberReader, callType: SegmentCallType) -> String? {
        switch callType {
        case .track: return nonEmptyString(.event, in: reader)
        case .page, .screen: return nonEmptyString(.name, in: reader)
        case .identify, .group, .alias: return nil
        }
    }

    /// Reads identifier `name`. A number identifier is taken by its text and flagged; an
    /// empty string counts as absent.
    func identifier(
        _ name: SegmentMembers.Name, in reader: some SegmentMemberReader,
        issues: inout [EventIssue]
    ) -> EventText? {
        switch reader.kind(name) {
        case nil, .null?:
            return nil
        case .string?:
            return nonEmptyText(name, in: reader)
        case .number?:
            let (field, text) = (name.text, reader.numberText(name))
            issues.append(
                EventIssue(
                    .numericIdentifier, field: field,
                    "'\(field)' is the number \(text); its text is used."))
            return EventText(text)
        case .bool?, .array?, .object?:
            let field = name.text
            issues.append(
                EventIssue(
                    .invalidIdentifier, field: field,
                    "'\(field)' holds \(reader.jsonText(name)), which cannot be an identifier; it is treated as absent."
                ))
            return nil
        }
    }

    /// The text of string member `name`; nil when it is absent, empty or not a string.
    func nonEmptyString(_ name: SegmentMembers.Name, in reader: some SegmentMemberReader)
        -> String?
    {
        guard reader.kind(name) == .string else { return nil }
        let text = reader.string(name)
        return text.isEmpty ? nil : text
    }

    /// `nonEmptyString(_:in:)` as an `EventText`, left on the line where the reader can.
    func nonEmptyText(_ name: SegmentMembers.Name, in reader: some SegmentMemberReader)
        -> EventText?
    {
        guard reader.kind(name) == .string else { return nil }
        let text = reader.text(name)
        return text.isEmpty ? nil : text
    }

    /// Records a `required` violation for each field the call type needs and lacks.
    func checkRequiredFields(
        _ reader: some SegmentMemberReader, _ present: PresentFields, callType: SegmentCallType,
        issues: inout [EventIssue]
    ) {
        func require(_ name: SegmentMembers.Name, _ isPresent: Bool) {
            guard !isPresent else { return }
            let found = reader.kind(name) != nil ? " (found \(reader.jsonText(name)))" : ""
            issues.append(
                EventIssue(
                    .required, field: name.text,
                    "A \(callType.rawValue) call requires '\(name.text)'\(found)."))
        }

        switch callType {
        case .track: require(.event, present.eventName)
        case .group: require(.groupId, present.groupId)
        case .alias: require(.previousId, present.previousId)
        case .identify, .page, .screen: break
        }

        // Alias needs userId itself; every other call needs either identifier.
        if callType == .alias {
            require(.userId, present.userId)
        } else if !present.userId && !present.anonymousId {
            issues.append(
                EventIssue(
                    .required, field: "userId",
                    "A \(callType.rawValue) call requires 'userId' or 'anonymousId'; it has neither."
                ))
        }
    }

    /// The event's messageId, or a fingerprint of its content when it has none (then
    /// `isSubstituted` is true). A number is taken by its text, as numeric user ids are, so
    /// `17` and `"17"` are one event to the dedupe and the number is kept in `id`.
    ///
    /// The fingerprint hashes the compact JSON of the object without `sentAt` and
    /// `receivedAt`, which a resend changes, so an exact resend gets the same messageId.
    func messageId(
        _ reader: some SegmentMemberReader, byteCount: Int, issues: inout [EventIssue]
    ) -> (messageId: EventText, isSubstituted: Bool) {
        let why: String
        switch reader.kind(.messageId) {
        case .string?:
            if let text = nonEmptyText(.messageId, in: reader) { return (text, false) }
            why = "is empty"
        case .number?:
            let text = reader.numberText(.messageId)
            issues.append(
                EventIssue(
                    .numericIdentifier, field: "messageId",
                    "'messageId' is the number \(text); its text is used."))
            return (EventText(text), false)
        case nil: why = "is missing"
        case .null?, .bool?, .array?, .object?:
            why = "holds \(reader.jsonText(.messageId)), not a string"
        }

        let bytes = reader.fingerprintContent(capacity: byteCount)
        let messageId = NormalizerOptions.fingerprintPrefix + contentFingerprint(bytes)
        issues.append(
            EventIssue(
                .messageIdSubstituted, field: "messageId",
                "'messageId' \(why); the content fingerprint '\(messageId)' is used."))
        return (EventText(messageId), true)
    }

    /// The compact JSON of `object` without its `sentAt` and `receivedAt` members, written
    /// directly rather than through a copy of the object.
    static func fingerprintContent(of object: JSONObject, capacity: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
        for (key, value) in object where key != "sentAt" && key != "receivedAt" {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            JSONValue.appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            value.appendJSON(to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
