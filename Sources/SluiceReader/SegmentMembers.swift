// The Segment Spec's common fields (segment.com/docs/connections/spec/common/) and the
// sections that hold an event's own data (`context`, `properties`, `traits`).
import SluiceJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the top-level members that Sluice reads by name sit on a `JSONTape`: the value
/// token of each, found in one pass over the root object's keys.
///
/// A member's token is the value of its last occurrence, keys compared as decoded bytes:
/// the value `JSONParser` keeps for a repeated key, and the one `JSONObject`'s subscript
/// finds, since every name here is ASCII and no other spelling is canonically equivalent
/// to an ASCII name without `K`, `;` or a backtick. Tokens are only meaningful on the tape
/// the members were read from, until it parses again.
public struct SegmentMembers: Sendable {
    /// The members read by name, each spelled as `text` says.
    public enum Name: Int, CaseIterable, Sendable {
        case type, action, event, name, category, messageId, userId, anonymousId, groupId
        case previousId, timestamp, originalTimestamp, sentAt, receivedAt
        case context, properties, traits
    }

    /// Value tokens by `Name.rawValue`; 0 (the root, never a member value) for absent.
    private var tokens = SIMD32<UInt32>(repeating: 0)

    /// No member found; what a line that is not an object has.
    public init() {}

    /// The members of object token `root`, a pass over its keys that reads a key's bytes
    /// only when its length is that of a name.
    public init(of root: Int, on tape: JSONTape, in line: UnsafeRawBufferPointer) {
        for (key, value) in tape.members(root) {
            guard let name = Self.name(of: key, on: tape, in: line) else { continue }
            tokens[name.rawValue] = UInt32(truncatingIfNeeded: value)
        }
    }

    /// The value token of member `name`, or nil when the object has no such member.
    public subscript(name: Name) -> Int? {
        let token = tokens[name.rawValue]
        return token == 0 ? nil : Int(token)
    }

    /// The name key token `key` spells, decoding escapes first.
    static func name(of key: Int, on tape: JSONTape, in line: UnsafeRawBufferPointer) -> Name? {
        guard tape.hasEscapes(key) else { return Name.spelled(by: tape.rawBytes(key, in: line)) }
        var decoded: [UInt8] = []
        tape.appendDecoded(key, in: line, to: &decoded)
        return decoded.withUnsafeBytes { Name.spelled(by: $0) }
    }
}

extension SegmentMembers.Name {
    /// The member's name as events spell it.
    public var text: String {
        switch self {
        case .type: "type"
        case .action: "action"
        case .event: "event"
        case .name: "name"
        case .category: "category"
        case .messageId: "messageId"
        case .userId: "userId"
        case .anonymousId: "anonymousId"
        case .groupId: "groupId"
        case .previousId: "previousId"
        case .timestamp: "timestamp"
        case .originalTimestamp: "originalTimestamp"
        case .sentAt: "sentAt"
        case .receivedAt: "receivedAt"
        case .context: "context"
        case .properties: "properties"
        case .traits: "traits"
        }
    }

    /// The name whose UTF-8 is exactly `bytes`; the length picks the candidates.
    static func spelled(by bytes: UnsafeRawBufferPointer) -> Self? {
        func spells(_ text: StaticString) -> Bool {
            memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
        }

        switch bytes.count {
        case 4: return spells("type") ? .type : spells("name") ? .name : nil
        case 5: return spells("event") ? .event : nil
        case 6:
            if spells("userId") { return .userId }
            if spells("sentAt") { return .sentAt }
            return spells("action") ? .action : spells("traits") ? .traits : nil
        case 7: return spells("groupId") ? .groupId : spells("context") ? .context : nil
        case 8: return spells("category") ? .category : nil
        case 9: return spells("messageId") ? .messageId : spells("timestamp") ? .timestamp : nil
        case 10:
            if spells("receivedAt") { return .receivedAt }
            return spells("previousId") ? .previousId : spells("properties") ? .properties : nil
        case 11: return spells("anonymousId") ? .anonymousId : nil
        case 17: return spells("originalTimestamp") ? .originalTimestamp : nil
        default: return nil
        }
    }
}
