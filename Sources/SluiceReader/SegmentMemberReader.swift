import SluiceJSON

/// The top-level members of one event as the normaliser reads them, whatever holds them: a
/// parsed tree (`TreeMemberReader`, the reference) or a tape (`TapeMemberReader`). The
/// normaliser's rules are written once over this, and both readers answer alike for the
/// same line, so the two paths can only differ in what they cost.
protocol SegmentMemberReader {
    /// The kind of member `name`'s value; nil when the event has no such member.
    func kind(_ name: SegmentMembers.Name) -> JSONTape.Kind?

    /// The decoded text of member `name`.
    ///
    /// - Precondition: `kind(name)` is `.string`.
    func string(_ name: SegmentMembers.Name) -> String

    /// The decoded text of member `name`, left on the line where the reader can.
    ///
    /// - Precondition: `kind(name)` is `.string`.
    func text(_ name: SegmentMembers.Name) -> EventText

    /// The call type string member `name` spells exactly (`track`, not `Track`); nil for
    /// anything else, which the caller then reads as text.
    func exactCallType(_ name: SegmentMembers.Name) -> SegmentCallType?

    /// The text of member `name` as written.
    ///
    /// - Precondition: `kind(name)` is `.number`.
    func numberText(_ name: SegmentMembers.Name) -> String

    /// Member `name`'s value as compact JSON, for messages.
    ///
    /// - Precondition: the member is present.
    func jsonText(_ name: SegmentMembers.Name) -> String

    /// Member `name` read as a timestamp (`SegmentTimestamp.parse`).
    ///
    /// - Precondition: the member is present.
    func timestamp(_ name: SegmentMembers.Name) -> TimestampParse

    /// The compact JSON of the whole event without its `sentAt` and `receivedAt` members,
    /// what a substituted messageId fingerprints (`SegmentNormalizer.fingerprintContent`).
    func fingerprintContent(capacity: Int) -> [UInt8]
}

/// Reads the members of a parsed event object by `String` lookups.
struct TreeMemberReader: SegmentMemberReader {
    let object: JSONObject

    func kind(_ name: SegmentMembers.Name) -> JSONTape.Kind? {
        switch object[name.text] {
        case nil: nil
        case .null?: .null
        case .bool?: .bool
        case .number?: .number
        case .string?: .string
        case .array?: .array
        case .object?: .object
        }
    }

    func string(_ name: SegmentMembers.Name) -> String { object[name.text]!.stringValue! }

    func text(_ name: SegmentMembers.Name) -> EventText { EventText(string(name)) }

    func exactCallType(_ name: SegmentMembers.Name) -> SegmentCallType? {
        object[name.text]?.stringValue.flatMap { SegmentCallType(rawValue: $0) }
    }

    func numberText(_ name: SegmentMembers.Name) -> String {
        guard case .number(let number)? = object[name.text] else {
            preconditionFailure("member '\(name.text)' is not a number")
        }
        return number.text
    }

    func jsonText(_ name: SegmentMembers.Name) -> String { object[name.text]!.jsonText }

    func timestamp(_ name: SegmentMembers.Name) -> TimestampParse {
        SegmentTimestamp.parse(object[name.text]!)
    }

    func fingerprintContent(capacity: Int) -> [UInt8] {
        SegmentNormalizer.fingerprintContent(of: object, capacity: capacity)
    }
}

/// Reads the members of an event straight from the tape of its line: text is decoded from
/// the line's bytes only when asked for, and timestamps are parsed from those bytes.
///
/// Valid only while `line` is and the tape holds its parse.
struct TapeMemberReader: SegmentMemberReader {
    let tape: JSONTape
    let line: UnsafeRawBufferPointer
    let members: SegmentMembers

    func kind(_ name: SegmentMembers.Name) -> JSONTape.Kind? {
        members[name].map { tape.kind($0) }
    }

    func string(_ name: SegmentMembers.Name) -> String { tape.string(members[name]!, in: line) }

    /// A string without escapes is left on the line: its raw bytes are its text.
    func text(_ name: SegmentMembers.Name) -> EventText {
        let token = members[name]!
        guard !tape.hasEscapes(token) else { return EventText(tape.string(token, in: line)) }
        let raw = tape.rawBytes(token, in: line)
        let start = line.baseAddress.map { raw.baseAddress! - $0 } ?? 0
        return EventText(onLineAt: start, count: raw.count)
    }

    func exactCallType(_ name: SegmentMembers.Name) -> SegmentCallType? {
        guard let token = members[name], tape.kind(token) == .string, !tape.hasEscapes(token)
        else { return nil }
        return SegmentCallType(spelledBy: tape.rawBytes(token, in: line))
    }

    func numberText(_ name: SegmentMembers.Name) -> String {
        String(decoding: tape.numberText(members[name]!, in: line), as: UTF8.self)
    }

    func jsonText(_ name: SegmentMembers.Name) -> String {
        var text: [UInt8] = []
        tape.appendJSON(members[name]!, in: line, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    func timestamp(_ name: SegmentMembers.Name) -> TimestampParse {
        let token = members[name]!
        switch tape.kind(token) {
        case .string where tape.hasEscapes(token):
            var decoded: [UInt8] = []
            tape.appendDecoded(token, in: line, to: &decoded)
            return decoded.withUnsafeBytes { SegmentTimestamp.parse(text: $0) }
        case .string:
            return SegmentTimestamp.parse(text: tape.rawBytes(token, in: line))
        case .number:
            return SegmentTimestamp.parse(epochMilliseconds: tape.number(token, in: line))
        default:
            return .invalid(reason: SegmentTimestamp.notAStringOrNumber)
        }
    }

    func fingerprintContent(capacity: Int) -> [UInt8] {
        let object = tape.value(0, in: line).objectValue!
        return SegmentNormalizer.fingerprintContent(of: object, capacity: capacity)
    }
}
