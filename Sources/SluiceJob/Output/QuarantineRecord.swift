import SluiceJSON

/// One input line that was not loaded, with why and where, so it can be found and replayed.
///
/// Written as one NDJSON line: `{reason, detail, violations, file, line, offset, message_id,
/// kept_copy, raw}`. `raw` is the untouched input line when it is valid UTF-8; otherwise `raw`
/// is null and `raw_base64` holds the exact bytes. A line longer than the line limit (whole,
/// or cut by damage after it passed the limit) keeps only its first bytes, with
/// `raw_truncated: true` and `raw_length` giving the true length (as far as it was read).
/// A record whose line could not be read back as it was has `raw` null and says why in
/// `raw_unavailable`.
public struct QuarantineRecord: Sendable {
    /// A stable reason code (`invalid_utf8`, `blocked`, `conflicting_duplicate`, ...).
    public var reason: String
    public var detail: String
    public var violations: [JSONValue]
    public var file: String
    public var line: Int
    public var offset: Int64
    public var messageId: String?
    /// For a conflicting duplicate: where the copy that was loaded came from.
    public var keptCopy: (file: String, line: Int)?
    public var raw: [UInt8]?
    public var rawLength: Int64?
    /// Why `raw` is missing, for a record whose line could not be read back from its file.
    public var rawUnavailable: String?

    public init(
        reason: String, detail: String, file: String, line: Int, offset: Int64,
        messageId: String? = nil, violations: [JSONValue] = [], raw: [UInt8]? = nil
    ) {
        self.reason = reason
        self.detail = detail
        self.violations = violations
        self.file = file
        self.line = line
        self.offset = offset
        self.messageId = messageId
        self.raw = raw
    }

    /// The record as one JSON object.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("reason", .string(reason)),
            ("detail", .string(detail)),
            ("violations", .array(violations)),
            ("file", .string(file)),
            ("line", .int(line)),
            ("offset", .int(offset)),
            ("message_id", .text(messageId)),
        ]
        if let keptCopy {
            members.append(
                (
                    "kept_copy",
                    .members([("file", .string(keptCopy.file)), ("line", .int(keptCopy.line))])
                ))
        }
        members.append(contentsOf: rawMembers)
        return .members(members)
    }

    private var rawMembers: [(String, JSONValue)] {
        guard let raw else {
            guard let rawUnavailable else { return [("raw", .null)] }
            return [("raw", .null), ("raw_unavailable", .string(rawUnavailable))]
        }
        var members: [(String, JSONValue)] = []
        if let text = String(validating: raw, as: UTF8.self) {
            members.append(("raw", .string(text)))
        } else {
            members.append(("raw", .null))
            members.append(("raw_base64", .string(Base64.encode(raw))))
        }
        if let rawLength, rawLength > raw.count {
            members.append(("raw_truncated", .bool(true)))
            members.append(("raw_length", .int(rawLength)))
        }
        return members
    }
}
