import SluiceJSON

extension SegmentNormalizer {
    /// The top-level members the normaliser reads itself: the tape path always builds them.
    public static let membersNormalizerReads: Set<String> = [
        "type", "action", "event", "name", "category", "messageId", "userId", "anonymousId",
        "groupId", "previousId", "timestamp", "originalTimestamp", "sentAt", "receivedAt",
    ]

    /// Parses `line` into `tape` and normalises it like `normalize(line:origin:)`, but builds
    /// only part of the payload: every member the normaliser reads, whole, and of the others
    /// what `membersNeeded(callType, eventName)` projects (see `JSONProjection`). The rest stays on the tape for the caller to walk
    /// while `line` is valid. The payload is whole when the messageId must be fingerprinted
    /// from the content, when the call type is unknown, or when the top level repeats a key.
    ///
    /// The verdict, the rejection and every field of the event equal `normalize(line:origin:)`'s;
    /// only `payload` may hold less: the whole payload projected by the projection, plus
    /// every member the normaliser reads.
    public func normalize(
        line: UnsafeRawBufferPointer, origin: EventOrigin, tape: inout JSONTape,
        membersNeeded: (SegmentCallType, String?) -> JSONProjection
    ) -> Result<SegmentEvent, LineRejection> {
        do {
            try tape.parse(line)
        } catch {
            return .failure(Self.rejection(error, origin: origin))
        }
        guard tape.kind(0) == .object else {
            return .failure(Self.notAnObject(tape.value(0, in: line), origin: origin))
        }

        let object = payload(of: tape, line: line, membersNeeded: membersNeeded)
        return normalize(object: object, line: line, origin: origin)
    }

    private func payload(
        of tape: JSONTape, line: UnsafeRawBufferPointer,
        membersNeeded: (SegmentCallType, String?) -> JSONProjection
    ) -> JSONObject {
        guard !tape.hasDuplicateKeys(0), Self.hasUsableMessageId(tape, line),
            let callType = Self.callType(in: tape, line),
            case .members(let needed) = membersNeeded(
                callType, Self.eventName(in: tape, line, callType))
        else { return tape.value(0, in: line).objectValue! }

        return tape.object(0, in: line) { key, _ in
            if Self.isReadByNormalizer(key, tape, line) { return .whole }
            guard !needed.isEmpty else { return nil }
            return needed[tape.string(key, in: line)]
        }
    }

    /// `membersNormalizerReads` as UTF-8, by length, for comparing raw key bytes.
    private static let namesByLength: [[[UInt8]]] = {
        var byLength: [[[UInt8]]] = Array(repeating: [], count: 32)
        for name in membersNormalizerReads { byLength[name.utf8.count].append(Array(name.utf8)) }
        return byLength
    }()

    /// Whether key token `key` names a member the normaliser reads. Raw bytes decide for a
    /// key without escapes: the names are ASCII, and no other bytes are canonically
    /// equivalent to them, so this agrees with the `String` lookups the normaliser makes.
    private static func isReadByNormalizer(
        _ key: Int, _ tape: JSONTape, _ line: UnsafeRawBufferPointer
    ) -> Bool {
        guard !tape.hasEscapes(key) else {
            return membersNormalizerReads.contains(tape.string(key, in: line))
        }
        let raw = tape.rawBytes(key, in: line)
        guard raw.count < namesByLength.count else { return false }
        return namesByLength[raw.count].contains { $0.elementsEqual(raw) }
    }

    /// The call type as `callType(of:)` reads it, from the tape.
    static func callType(in tape: JSONTape, _ line: UnsafeRawBufferPointer) -> SegmentCallType? {
        var token = tape.member(0, "type", in: line)
        if token.map({ tape.kind($0) == .null }) ?? true {
            token = tape.member(0, "action", in: line)
        }
        guard let token, tape.kind(token) == .string else { return nil }
        let text = tape.string(token, in: line)
        return SegmentCallType(rawValue: text) ?? SegmentCallType(rawValue: text.lowercased())
    }

    /// The event name as `readIdentifiers` reads it, from the tape.
    static func eventName(
        in tape: JSONTape, _ line: UnsafeRawBufferPointer, _ callType: SegmentCallType
    ) -> String? {
        let token: Int?
        switch callType {
        case .track: token = tape.member(0, "event", in: line)
        case .page, .screen: token = tape.member(0, "name", in: line)
        case .identify, .group, .alias: return nil
        }
        guard let token, tape.kind(token) == .string else { return nil }
        let text = tape.string(token, in: line)
        return text.isEmpty ? nil : text
    }

    /// Whether `messageId` is a non-empty string, so no content fingerprint is needed.
    static func hasUsableMessageId(_ tape: JSONTape, _ line: UnsafeRawBufferPointer) -> Bool {
        guard let token = tape.member(0, "messageId", in: line) else { return false }
        return tape.kind(token) == .string && tape.rawBytes(token, in: line).count > 0
    }
}
