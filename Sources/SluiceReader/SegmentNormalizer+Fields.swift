import SluiceJSON

extension SegmentNormalizer {
    /// The identifiers of an event and its name, as `SegmentEvent` holds them.
    struct Identifiers {
        var eventName: String?
        var userId: String?
        var anonymousId: String?
        var groupId: String?
        var previousId: String?
    }

    /// Reads the identifiers and the event name. A number identifier is taken by its text
    /// and flagged; an empty string counts as absent.
    func readIdentifiers(
        _ reader: some SegmentMemberReader, callType: SegmentCallType,
        issues: inout [EventIssue]
    ) -> Identifiers {
        let userId = identifier(.userId, in: reader, issues: &issues)
        let anonymousId = identifier(.anonymousId, in: reader, issues: &issues)
        let groupId = identifier(.groupId, in: reader, issues: &issues)
        let previousId = identifier(.previousId, in: reader, issues: &issues)

        let eventName: String?
        switch callType {
        case .track: eventName = nonEmptyString(.event, in: reader)
        case .page, .screen: eventName = nonEmptyString(.name, in: reader)
        case .identify, .group, .alias: eventName = nil
        }
        return Identifiers(
            eventName: eventName, userId: userId, anonymousId: anonymousId, groupId: groupId,
            previousId: previousId)
    }

    func identifier(
        _ name: SegmentMembers.Name, in reader: some SegmentMemberReader,
        issues: inout [EventIssue]
    ) -> String? {
        switch reader.kind(name) {
        case nil, .null?:
            return nil
        case .string?:
            return nonEmptyString(name, in: reader)
        case .number?:
            let (field, text) = (name.text, reader.numberText(name))
            issues.append(
                EventIssue(
                    .numericIdentifier, field: field,
                    "'\(field)' is the number \(text); its text is used."))
            return text
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

    /// Records a `required` violation for each field the call type needs and lacks.
    func checkRequiredFields(
        _ reader: some SegmentMemberReader, _ ids: borrowing Identifiers,
        callType: SegmentCallType, issues: inout [EventIssue]
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
        case .track: require(.event, ids.eventName != nil)
        case .group: require(.groupId, ids.groupId != nil)
        case .alias: require(.previousId, ids.previousId != nil)
        case .identify, .page, .screen: break
        }

        // Alias needs userId itself; every other call needs either identifier.
        if callType == .alias {
            require(.userId, ids.userId != nil)
        } else if ids.userId == nil && ids.anonymousId == nil {
            issues.append(
                EventIssue(
                    .required, field: "userId",
                    "A \(callType.rawValue) call requires 'userId' or 'anonymousId'; it has neither."
                ))
        }
    }

    /// The event's messageId, or a fingerprint of its content when it has none (then
    /// `isSubstituted` is true).
    ///
    /// The fingerprint hashes the compact JSON of the object without `sentAt` and
    /// `receivedAt`, which a resend changes, so an exact resend gets the same messageId.
    func messageId(
        _ reader: some SegmentMemberReader, byteCount: Int, issues: inout [EventIssue]
    ) -> (messageId: String, isSubstituted: Bool) {
        let why: String
        switch reader.kind(.messageId) {
        case .string?:
            if let text = nonEmptyString(.messageId, in: reader) { return (text, false) }
            why = "is empty"
        case nil: why = "is missing"
        case .null?, .bool?, .number?, .array?, .object?:
            why = "holds \(reader.jsonText(.messageId)), not a string"
        }

        let bytes = reader.fingerprintContent(capacity: byteCount)
        let messageId = NormalizerOptions.fingerprintPrefix + contentFingerprint(bytes)
        issues.append(
            EventIssue(
                .messageIdSubstituted, field: "messageId",
                "'messageId' \(why); the content fingerprint '\(messageId)' is used."))
        return (messageId, true)
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
