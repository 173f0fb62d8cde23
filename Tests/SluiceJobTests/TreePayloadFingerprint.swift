import SluiceHash
import SluiceJSON

@testable import SluiceJob

/// A payload fingerprint taken from the tree `JSONParser` builds, as the run once compared
/// suspected conflicts by re-reading their lines: the reference `PayloadFingerprint`'s rules
/// are checked against.
///
/// It fingerprints an event's payload without its delivery times, independent of member order.
///
/// Two copies of a messageId are plain duplicates when they differ only in `sentAt` and
/// `receivedAt`: member order, whitespace and escaping are serialisation, not payload, so
/// they must not make a conflict. Objects therefore hash as the sum of their members' hashes
/// (order-free) and arrays in order; numbers hash by their text as written. The top-level
/// `sentAt`, `receivedAt` and `messageId` members are left out (copies compared share the
/// messageId's text, so only its spelling, `17` or `"17"`, could differ).
///
/// The hash is Swift's SipHash, seeded per process: fingerprints are compared only within one
/// run, between copies of one messageId, where a 64-bit accidental match (about 2^-64 a
/// pair) is far below any other failure. Never persist them.
enum TreePayloadFingerprint {
    static func hash(_ payload: JSONObject) -> Hash128 {
        var sum: UInt64 = 0
        var count: UInt64 = 0
        for (key, value) in payload where !PayloadFingerprint.leftOutFields.contains(key) {
            sum &+= member(key, value)
            count += 1
        }
        return Hash128(high: sum, low: count)
    }

    private static func member(_ key: String, _ value: JSONValue) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(key)
        hasher.combine(self.value(value))
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    private static func value(_ value: JSONValue) -> UInt64 {
        var hasher = Hasher()
        switch value {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let b): hasher.combine(b ? 1 as UInt8 : 2)
        case .number(let n): hasher.combine(3 as UInt8); hasher.combine(n.text)
        case .string(let s): hasher.combine(4 as UInt8); hasher.combine(s)
        case .array(let elements):
            hasher.combine(5 as UInt8)
            for element in elements { hasher.combine(self.value(element)) }
        case .object(let object):
            var sum: UInt64 = 0
            for (key, child) in object { sum &+= member(key, child) }
            hasher.combine(6 as UInt8)
            hasher.combine(sum)
            hasher.combine(object.count)
        }
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
