import SluiceJSON

extension SegmentNormalizer {
    /// Reads the identifiers and the event name. A number identifier is taken by its text
    /// and flagged; an empty string counts as absent.
    func readIdentifiers(
        _ object: JSONObject, into event: inout SegmentEvent, issues: inout [EventIssue]
    ) {
        event.userId = identifier("userId", in: object, issues: &issues)
        event.anonymousId = identifier("anonymousId", in: object, issues: &issues)
        event.groupId = identifier("groupId", in: object, issues: &issues)
        event.previousId = identifier("previousId", in: object, issues: &issues)

        switch event.callType {
        case .track: event.eventName = nonEmptyString(object["event"])
        case .page, .screen: event.eventName = nonEmptyString(object["name"])
        case .identify, .group, .alias: event.eventName = nil
        }
    }

    func identifier(_ field: String, in object: JSONObject, issues: inout [EventIssue])
        -> String?
    {
        switch object[field] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            return text.isEmpty ? nil : text
        case .number(let number)?:
            issues.append(
                EventIssue(
                    .numericIdentifier, field: field,
                    "'\(field)' is the number \(number.text); its text is used."))
            return number.text
        case let other?:
            issues.append(
                EventIssue(
                    .invalidIdentifier, field: field,
                    "'\(field)' holds \(other.jsonText), which cannot be an identifier; it is treated as absent."
                ))
            return nil
        }
    }

    func nonEmptyString(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    /// Records a `required` violation for each field the call type needs and lacks.
    func checkRequiredFields(
        _ object: JSONObject, of event: SegmentEvent, issues: inout [EventIssue]
    ) {
        func require(_ field: String, _ value: String?) {
            guard value == nil else { return }
            let found = object[field].map { " (found \($0.jsonText))" } ?? ""
            issues.append(
                EventIssue(
                    .required, field: field,
                    "A \(event.callType.rawValue) call requires '\(field)'\(found)."))
        }

        switch event.callType {
        case .track: require("event", event.eventName)
        case .group: require("groupId", event.groupId)
        case .alias: require("previousId", event.previousId)
        case .identify, .page, .screen: break
        }

        // Alias needs userId itself; every other call needs either identifier.
        if event.callType == .alias {
            require("userId", event.userId)
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
        _ object: JSONObject, to event: inout SegmentEvent, issues: inout [EventIssue]
    ) {
        let why: String
        switch object["messageId"] {
        case .string(let text)? where !text.isEmpty:
            event.messageId = text
            return
        case .string?: why = "is empty"
        case nil: why = "is missing"
        case let other?: why = "holds \(other.jsonText), not a string"
        }

        let bytes = Self.fingerprintContent(of: object, capacity: event.rawByteCount)
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
