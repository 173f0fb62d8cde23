import Foundation
import SluiceHash
import SluiceJSON
import Testing

@testable import SluiceJob

/// Two event lines and whether a fingerprint must call them the same payload.
struct FingerprintPair: CustomTestStringConvertible, Sendable {
    var name: String
    var a: String
    var b: String
    var isSame: Bool
    var testDescription: String { name }
}

@Suite struct PayloadFingerprintTests {
    /// The fingerprint of `line` as a worker takes it: from the line's tape.
    static func hash(_ line: String) throws -> Hash128 {
        var tape = JSONTape()
        var fingerprint = PayloadFingerprint()
        return try Array(line.utf8).withUnsafeBytes { raw in
            try tape.parse(raw)
            return fingerprint.hash(raw, tape: tape)
        }
    }

    /// The reference's fingerprint of `line`, from the tree `JSONParser` builds.
    static func treeHash(_ line: String) throws -> Hash128 {
        TreePayloadFingerprint.hash(try JSONParser().parse(line).objectValue!)
    }

    typealias Pair = FingerprintPair

    static let pairs: [Pair] = [
        Pair(
            name: "retry with new delivery times",
            a:
                #"{"messageId":"m","sentAt":"2026-01-01T00:00:00Z","x":1,"receivedAt":"2026-01-01T00:00:01Z"}"#,
            b:
                #"{"messageId":"m","sentAt":"2026-01-02T00:00:00Z","x":1,"receivedAt":"2026-01-03T00:00:01Z"}"#,
            isSame: true),
        Pair(
            name: "members in another order", a: #"{"x":1,"y":{"a":1,"b":[1,2]}}"#,
            b: #"{"y":{"b":[1,2],"a":1},"x":1}"#, isSame: true),
        Pair(
            name: "whitespace and escapes", a: #"{"x": "é"}"#, b: #"{"x":"\u00e9"}"#, isSame: true),
        Pair(name: "escaped slash", a: #"{"u":"a/b"}"#, b: #"{"u":"a\/b"}"#, isSame: true),
        Pair(
            name: "space around the colon", a: #"{"a":"b","n":1}"#, b: #"{"a" : "b","n": 1}"#,
            isSame: true),
        Pair(
            name: "a quote moved from key to value", a: #"{"k\"":"v"}"#, b: #"{"k":"\"v"}"#,
            isSame: false),
        Pair(name: "escaped key", a: #"{"ab":1}"#, b: #"{"\u0061b":1}"#, isSame: true),
        Pair(
            name: "precomposed and decomposed text", a: #"{"name":"Zoë"}"#,
            b: #"{"name":"Zoe\u0308"}"#, isSame: true),
        Pair(
            name: "canonically equal keys", a: #"{"caf\u00e9":1}"#, b: #"{"cafe\u0301":1}"#,
            isSame: true),
        Pair(name: "Kelvin sign is K", a: #"{"t":"5K"}"#, b: #"{"t":"5\u212a"}"#, isSame: true),
        Pair(
            name: "emoji as a surrogate pair", a: #"{"e":"👟"}"#, b: #"{"e":"\ud83d\udc5f"}"#,
            isSame: true),
        Pair(
            name: "repeated key keeps its last value", a: #"{"x":1,"y":2,"x":3}"#,
            b: #"{"y":2,"x":3}"#, isSame: true),
        Pair(
            name: "repeated key with another last value", a: #"{"x":1,"x":3}"#, b: #"{"x":1}"#,
            isSame: false),
        Pair(
            name: "repeated delivery key", a: #"{"sentAt":"a","x":1,"sentAt":"b"}"#,
            b: #"{"x":1}"#, isSame: true),
        Pair(
            name: "delivery key written with an escape", a: #"{"sent\u0041t":"a","x":1}"#,
            b: #"{"x":1,"sentAt":"b"}"#, isSame: true),
        Pair(
            name: "delivery time written as a number", a: #"{"sentAt":1,"x":[1,{"y":2}]}"#,
            b: #"{"sentAt":123456,"x":[1,{"y":2}]}"#, isSame: true),
        Pair(
            name: "object-valued receivedAt", a: #"{"receivedAt":{"a":[1]},"x":1}"#,
            b: #"{"receivedAt":{"b":2},"x":1}"#, isSame: true),
        Pair(
            name: "sentAt missing in one copy", a: #"{"x":1,"sentAt":"a"}"#, b: #"{"x":1}"#,
            isSame: true),
        Pair(
            name: "delivery times first and missing", a: #"{"sentAt":"a","receivedAt":"b","x":1}"#,
            b: #"{"x":1}"#, isSame: true),
        Pair(
            name: "a property differs", a: #"{"sentAt":"a","x":1}"#, b: #"{"sentAt":"a","x":2}"#,
            isSame: false),
        Pair(
            name: "messageId as a number and as a string", a: #"{"messageId":17,"x":1}"#,
            b: #"{"x":1,"messageId":"17"}"#, isSame: true),
        Pair(
            name: "nested messageId is payload", a: #"{"context":{"messageId":17}}"#,
            b: #"{"context":{"messageId":"17"}}"#, isSame: false),
        Pair(
            name: "nested sentAt is payload", a: #"{"properties":{"sentAt":"a"}}"#,
            b: #"{"properties":{"sentAt":"b"}}"#, isSame: false),
        Pair(
            name: "sentAt text inside a value", a: #"{"note":"\"sentAt\":1","sentAt":"a"}"#,
            b: #"{"note":"\"sentAt\":2","sentAt":"a"}"#, isSame: false),
        Pair(name: "array order is payload", a: #"{"x":[1,2]}"#, b: #"{"x":[2,1]}"#, isSame: false),
        Pair(name: "number and string differ", a: #"{"x":1}"#, b: #"{"x":"1"}"#, isSame: false),
        Pair(name: "numbers by their text", a: #"{"x":1}"#, b: #"{"x":1.0}"#, isSame: false),
        Pair(name: "zero and minus zero", a: #"{"x":0}"#, b: #"{"x":-0}"#, isSame: false),
        Pair(name: "null and false", a: #"{"x":null}"#, b: #"{"x":false}"#, isSame: false),
        Pair(name: "true and false", a: #"{"x":true}"#, b: #"{"x":false}"#, isSame: false),
        Pair(name: "empty object and array", a: #"{"x":{}}"#, b: #"{"x":[]}"#, isSame: false),
        Pair(
            name: "array elements split differently", a: #"{"x":["ab","c"]}"#,
            b: #"{"x":["a","bc"]}"#, isSame: false),
        Pair(
            name: "a member moved into a nested object", a: #"{"a":{"b":1},"c":2}"#,
            b: #"{"a":{"b":1,"c":2}}"#, isSame: false),
        Pair(
            name: "values swapped between keys", a: #"{"x":1,"y":2}"#, b: #"{"x":2,"y":1}"#,
            isSame: false),
        Pair(
            name: "long strings differing in the middle",
            a: #"{"u":"https://shoes.example.com/p/strider-1?ref=abc"}"#,
            b: #"{"u":"https://shoes.example.com/p/strider-2?ref=abc"}"#, isSame: false),
        Pair(
            name: "non-ASCII strings that differ", a: #"{"name":"Zoë 1"}"#, b: #"{"name":"Zoë 2"}"#,
            isSame: false),
        Pair(
            name: "a trailing NUL escape", a: #"{"s":"ab"}"#, b: #"{"s":"ab\u0000"}"#,
            isSame: false),
    ]

    @Test(arguments: pairs)
    func fingerprints(_ pair: Pair) throws {
        #expect((try Self.hash(pair.a) == Self.hash(pair.b)) == pair.isSame)
        // The reference agrees, so the table states the rules rather than this implementation.
        #expect((try Self.treeHash(pair.a) == Self.treeHash(pair.b)) == pair.isSame)
    }

    /// Copies of one messageId whose objects hold keys that differ in bytes but are
    /// canonically equivalent. `JSONParser` keeps such keys as two members (it merges only
    /// keys with the same bytes), so an object is the multiset of its members with keys
    /// compared as `String` does.
    static let equivalentKeyPairs: [Pair] = [
        Pair(
            name: "equivalent keys, members in another order",
            a: #"{"messageId":"m","caf\u00e9":1,"cafe\u0301":2,"sentAt":"a"}"#,
            b: #"{"messageId":"m","cafe\u0301":2,"caf\u00e9":1,"sentAt":"b"}"#, isSame: true),
        Pair(
            name: "equivalent keys, values swapped",
            a: #"{"messageId":"m","caf\u00e9":1,"cafe\u0301":2}"#,
            b: #"{"messageId":"m","caf\u00e9":2,"cafe\u0301":1}"#, isSame: true),
        Pair(
            name: "equivalent keys against one of them",
            a: #"{"messageId":"m","caf\u00e9":1,"cafe\u0301":2}"#,
            b: #"{"messageId":"m","caf\u00e9":2}"#, isSame: false),
        Pair(
            name: "a repeat beside an equivalent key",
            a: #"{"messageId":"m","caf\u00e9":1,"cafe\u0301":2,"caf\u00e9":3}"#,
            b: #"{"messageId":"m","cafe\u0301":2,"café":3}"#, isSame: true),
        Pair(
            name: "a repeat beside an equivalent key, other last value",
            a: #"{"messageId":"m","caf\u00e9":1,"cafe\u0301":2,"caf\u00e9":3}"#,
            b: #"{"messageId":"m","cafe\u0301":2,"café":1}"#, isSame: false),
        // Same length, same first and last 8 bytes: keys the parser's hash cannot tell apart.
        Pair(
            name: "long equivalent keys are two members",
            a:
                #"{"messageId":"m","o":{"category-\u00e9e\u0301-selected":1,"category-e\u0301\u00e9-selected":2}}"#,
            b: #"{"messageId":"m","o":{"category-e\u0301\u00e9-selected":2}}"#, isSame: false),
        Pair(
            name: "long equivalent keys, members in another order",
            a:
                #"{"messageId":"m","o":{"category-\u00e9e\u0301-selected":1,"category-e\u0301\u00e9-selected":2}}"#,
            b:
                #"{"messageId":"m","o":{"category-e\u0301\u00e9-selected":2,"category-\u00e9e\u0301-selected":1}}"#,
            isSame: true),
        Pair(
            name: "Kelvin sign and K", a: #"{"messageId":"m","t":{"K":1,"\u212a":2}}"#,
            b: #"{"messageId":"m","t":{"\u212a":1,"K":2}}"#, isSame: true),
        Pair(
            name: "Kelvin sign and K against K alone",
            a: #"{"messageId":"m","t":{"K":1,"\u212a":2}}"#,
            b: #"{"messageId":"m","t":{"K":2}}"#, isSame: false),
    ]

    /// The duplicate or conflict verdict agrees with comparing the values `JSONParser` builds,
    /// member order aside.
    @Test(arguments: equivalentKeyPairs)
    func equivalentKeysGetTheParsedValuesVerdict(_ pair: Pair) throws {
        #expect((try Self.hash(pair.a) == Self.hash(pair.b)) == pair.isSame)
        #expect((try Self.treeHash(pair.a) == Self.treeHash(pair.b)) == pair.isSame)
        let (a, b) = (try JSONParser().parse(pair.a), try JSONParser().parse(pair.b))
        #expect(
            (Self.canonicalText(a, isTopLevel: true) == Self.canonicalText(b, isTopLevel: true))
                == pair.isSame)
    }

    /// `value` as text in which only what the fingerprint's contract counts shows: object
    /// members sorted (a multiset), strings and keys in NFC, numbers as written, the
    /// top-level delivery times left out.
    static func canonicalText(_ value: JSONValue, isTopLevel: Bool = false) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return "n" + n.text
        case .string(let s): return String(reflecting: s.precomposedStringWithCanonicalMapping)
        case .array(let elements):
            return "[" + elements.map { canonicalText($0) }.joined(separator: ",") + "]"
        case .object(let object):
            let members = object.filter {
                !(isTopLevel && PayloadFingerprint.leftOutFields.contains($0.0))
            }.map {
                String(reflecting: $0.0.precomposedStringWithCanonicalMapping) + ":"
                    + canonicalText($0.1)
            }
            return "{" + members.sorted().joined(separator: ",") + "}"
        }
    }
}
