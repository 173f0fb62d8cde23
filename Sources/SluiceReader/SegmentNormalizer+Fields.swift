import SluiceJSON

extension SegmentNormalizer {
    /// Reads the identifiers and the event name. A number identifier is taken by its text
    /// and flagged; an empty string counts as absent.
    func readIdentifiers(
        _ reader: some SegmentMemberReader, into event: inout SegmentEvent,
        issues: inout [EventIssue]
    ) {
        event.userId = identifier(.userId, in: reader, issues: &issues)
        event.anonymousId = identifier(.anonymousId, in: reader, issues: &issues)
        event.groupId = identifier(.groupId, in: reader, issues: &issues)
        event.previousId = identifier(.previousId, in: reader, issues: &issues)

        switch event.callType {
        case .track: event.eventName = nonEmptyString(.event, in: reader)
        case .page, .screen: event.eventName = nonEmptyString(.name, in: reader)
        case .identify, .group, .alias: event.eventName = nil
        }
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
        _ reader: some SegmentMemberReader, of event: SegmentEvent, issues: inout [EventIssue]
    ) {
        // The call type is copied out so that `require` does not capture (copy) the event.
        let callType = event.callType
        func require(_ name: SegmentMembers.Name, _ value: String?) {
            guard value == nil else { return }
            let found = reader.kind(name) != nil ? " (found \(reader.jsonText(name)))" : ""
            issues.append(
                EventIssue(
                    .required, field: name.text,
                    "A \(callType.rawValue) call requires '\(name.text)'\(found)."))
        }

        switch event.callType {
        case .track: require(.event, event.eventName)
        case .group: require(.groupId, event.groupId)
        case .alias: require(.previousId, event.previousId)
        case .identify, .page, .screen: break
        }

        // Alias needs userId itself; every other call needs either identifier.
        if event.callType == .alias {
            require(.userId, event.userId)
        } else if event.userId == nil && event.anonymousId == nil {
            issues.append(
                EventIssue(
                    .required, field: "userId",
                    "A \(event.callType.rawValue) call requires 'userId' or 'anonymousId'; it has neither."
                ))
        }
    }

    /// Uses the event's messageId, or a fingerprint of its content when it has none.
    ///
    /// The fingerprint hashes the compact JSON of the object without `sentAt` and
    /// `receivedAt`, which a resend changes, so an exact resend gets the same messageId.
    func assignMessageId(
        _ reader: some SegmentMemberReader, to event: inout SegmentEvent,
        issues: inout [EventIssue]
    ) {
        let why: String
        switch reader.kind(.messageId) {
        case .string?:
            if let text = nonEmptyString(.messageId, in: reader) {
                event.messageId = text
                return
            }
            why = "is empty"
        case nil: why = "is missing"
        case .null?, .bool?, .number?, .array?, .object?:
            why = "holds \(reader.jsonText(.messageId)), not a string"
        }

        let bytes = reader.fingerprintContent(capacity: event.rawByteCount)
        event.messageId = NormalizerOptions.fingerprintPrefix + contentFingerprint(bytes)
        event.isMessageIdSubstituted = true
        issues.append(
            EventIssue(
                .messageIdSubstituted, field: "messageId",
                "'messageId' \(why); the content fingerprint '\(event.messageId)' is used."))
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
