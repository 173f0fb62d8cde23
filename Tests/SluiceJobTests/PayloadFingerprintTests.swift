import SluiceJSON
import Testing

@testable import SluiceJob

@Suite struct PayloadFingerprintTests {
    static func hash(_ text: String) throws -> String {
        PayloadFingerprint.hash(try JSONParser().parse(text).objectValue!).hex
    }

    typealias Pair = FingerprintPair

    @Test(arguments: [
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
        Pair(
            name: "sentAt missing in one copy", a: #"{"x":1,"sentAt":"a"}"#, b: #"{"x":1}"#,
            isSame: true),
        Pair(
            name: "a property differs", a: #"{"sentAt":"a","x":1}"#, b: #"{"sentAt":"a","x":2}"#,
            isSame: false),
        Pair(
            name: "nested sentAt is payload", a: #"{"properties":{"sentAt":"a"}}"#,
            b: #"{"properties":{"sentAt":"b"}}"#, isSame: false),
        Pair(name: "array order is payload", a: #"{"x":[1,2]}"#, b: #"{"x":[2,1]}"#, isSame: false),
        Pair(name: "number and string differ", a: #"{"x":1}"#, b: #"{"x":"1"}"#, isSame: false),
        Pair(
            name: "values swapped between keys", a: #"{"x":1,"y":2}"#, b: #"{"x":2,"y":1}"#,
            isSame: false),
    ])
    func fingerprints(_ pair: Pair) throws {
        #expect((try Self.hash(pair.a) == Self.hash(pair.b)) == pair.isSame)
    }
}
