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

@Suite struct DeliveryFreeFingerprintTests {
    static func hash(_ text: String) -> String {
        var fingerprint = DeliveryFreeFingerprint()
        return Array(text.utf8).withUnsafeBytes { fingerprint.hash($0).hex }
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
            name: "delivery time written as a number", a: #"{"sentAt":1,"x":[1,{"y":2}]}"#,
            b: #"{"sentAt":123456,"x":[1,{"y":2}]}"#, isSame: true),
        Pair(
            name: "a property differs", a: #"{"sentAt":"a","x":1}"#, b: #"{"sentAt":"a","x":2}"#,
            isSame: false),
        Pair(
            name: "nested sentAt is payload", a: #"{"properties":{"sentAt":"a"}}"#,
            b: #"{"properties":{"sentAt":"b"}}"#, isSame: false),
        Pair(
            name: "sentAt text inside a value", a: #"{"note":"\"sentAt\":1","sentAt":"a"}"#,
            b: #"{"note":"\"sentAt\":2","sentAt":"a"}"#, isSame: false),
        Pair(
            name: "sentAt missing in one copy", a: #"{"x":1,"sentAt":"a"}"#, b: #"{"x":1}"#,
            isSame: true),
        Pair(
            name: "delivery times first and missing", a: #"{"sentAt":"a","receivedAt":"b","x":1}"#,
            b: #"{"x":1}"#, isSame: true),
        Pair(
            name: "object-valued receivedAt", a: #"{"receivedAt":{"a":[1]},"x":1}"#,
            b: #"{"receivedAt":{"b":2},"x":1}"#, isSame: true),
    ])
    func fingerprints(_ pair: Pair) {
        #expect((Self.hash(pair.a) == Self.hash(pair.b)) == pair.isSame)
    }
}

/// The tape path cuts the same bytes as the scan on every line it can parse.
@Suite struct DeliveryFreeFingerprintTapeTests {
    static let edgeCases: [String] = [
        #"{"sentAt":"a","receivedAt":"b"}"#, #"{"x":1, "sentAt" : "a" ,"y":2}"#,
        #"{"x":1,"sentAt":"a"}"#, #"{"x":1 , "receivedAt":"b" }"#, #"{"sentAt":"a","sentAt":"b"}"#,
        #"{"sent\u0041t":"a","x":1}"#, #"{"sentAt":null,"x":1}"#, #"{"sentAt":{"a":1},"x":1}"#,
        #"{"note":"sentAt","sentAt":"\"q\"","p":{"sentAt":"n"}}"#, #"{}"#, #"[1]"#,
    ]

    @Test func tapeAndScanAgree() throws {
        var lines = Self.edgeCases
        lines += FlattenEquivalenceTests.realEvents.map { JSONValue.object($0).jsonText }
        lines += TapeFlattenerTests.sampleLines()
        #expect(lines.count > 3000)
        var tape = JSONTape()
        var scan = DeliveryFreeFingerprint()
        var fast = DeliveryFreeFingerprint()
        for line in lines {
            let bytes = Array(line.utf8)
            try bytes.withUnsafeBytes { raw in
                guard (try? tape.parse(raw)) != nil else { return }
                #expect(fast.hash(raw, tape: tape) == scan.hash(raw), "\(line)")
            }
        }
    }
}
