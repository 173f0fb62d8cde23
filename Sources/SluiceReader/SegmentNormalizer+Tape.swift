import SluiceJSON

extension SegmentNormalizer {
    /// The top-level members the normaliser reads itself: the tape path always builds them.
    public static let membersNormalizerReads: Set<String> = [
        "type", "action", "event", "name", "category", "messageId", "userId", "anonymousId",
        "groupId", "previousId", "timestamp", "originalTimestamp", "sentAt", "receivedAt",
    ]

    /// Parses `line` into `tape` and normalises it like `normalize(line:origin:)`, but builds
    /// only the payload members the normaliser reads (`membersNormalizerReads`); the rest
    /// stays on the tape for the caller to walk while `line` is valid. The payload is whole
    /// when the messageId must be fingerprinted from the content, or when the top level
    /// repeats a key (the tree's last-value rule then decides every member).
    ///
    /// The rejection, or every field of the event but `payload`, equals what
    /// `normalize(line:origin:)` gives.
    public func normalize(
        line: UnsafeRawBufferPointer, origin: EventOrigin, tape: inout JSONTape
    ) -> Result<SegmentEvent, LineRejection> {
        do {
            try tape.parse(line)
        } catch {
            return .failure(Self.rejection(error, origin: origin))
        }
        guard tape.kind(0) == .object else {
            return .failure(Self.notAnObject(tape.value(0, in: line), origin: origin))
        }

        let object = payload(of: tape, line: line)
        return normalize(object: object, line: line, origin: origin)
    }

    private func payload(of tape: JSONTape, line: UnsafeRawBufferPointer) -> JSONObject {
        guard !tape.hasDuplicateKeys(0), Self.hasUsableMessageId(tape, line) else {
            return tape.value(0, in: line).objectValue!
        }
        return tape.object(0, in: line) { key, _ in
            Self.isReadByNormalizer(key, tape, line) ? .whole : nil
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

    /// Whether `messageId` is a non-empty string, so no content fingerprint is needed.
    static func hasUsableMessageId(_ tape: JSONTape, _ line: UnsafeRawBufferPointer) -> Bool {
        guard let token = tape.member(0, "messageId", in: line) else { return false }
        return tape.kind(token) == .string && tape.rawBytes(token, in: line).count > 0
    }
}
