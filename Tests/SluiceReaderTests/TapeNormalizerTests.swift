import Foundation
import SluiceJSON
import Testing

@testable import SluiceReader

/// The tape path of the normaliser must agree with the tree path on every line: the same
/// rejection, or the same event with the payload cut down exactly as promised.
@Suite struct TapeNormalizerTests {
    /// What the tape path promises the payload is: the members the normaliser reads, whole.
    static func expectedPayload(_ whole: JSONObject) -> JSONObject {
        JSONObject(whole.filter { SegmentNormalizer.membersNormalizerReads.contains($0.0) })
    }

    func check(_ line: [UInt8], tape: inout JSONTape) {
        let normalizer = SegmentNormalizer()
        let origin = EventOrigin(file: "f", line: 1, byteOffset: 0)
        line.withUnsafeBytes { raw in
            let tree = normalizer.normalize(line: raw, origin: origin)
            let fast = normalizer.normalize(line: raw, origin: origin, tape: &tape)
            switch (tree, fast) {
            case (.failure(let a), .failure(let b)):
                #expect(a == b)
            case (.success(let a), .success(let b)):
                #expect(Self.fields(a) == Self.fields(b))
                let whole = a.isMessageIdSubstituted || tape.hasDuplicateKeys(0)
                let expected = whole ? a.payload : Self.expectedPayload(a.payload)
                #expect(b.payload == expected, "\(String(decoding: line, as: UTF8.self))")
            default:
                Issue.record("paths disagree on \(String(decoding: line, as: UTF8.self))")
            }
        }
    }

    /// Everything of an event but its payload, as comparable text.
    static func fields(_ e: SegmentEvent) -> String {
        "\(e.messageId)|\(e.isMessageIdSubstituted)|\(e.callType)|\(e.eventName ?? "-")|"
            + "\(e.userId ?? "-")|\(e.anonymousId ?? "-")|\(e.groupId ?? "-")|"
            + "\(e.previousId ?? "-")|\(e.timestamp ?? -1)|\(e.originalTimestamp ?? -1)|"
            + "\(e.sentAt ?? -1)|\(e.receivedAt ?? -1)|\(e.isReceivedAtSubstituted)|"
            + "\(e.issues)|\(e.origin)|\(e.rawByteCount)"
    }

    @Test func agreesOnRealAndMutatedLines() throws {
        let lines = try NormalizerFuzzTests().realLines()
        #expect(lines.count == 365)
        var tape = JSONTape()
        var random = SeededGenerator(state: 20_261_205)
        for line in lines {
            check(line, tape: &tape)
            for _ in 0..<8 {
                check(NormalizerFuzzTests().mutate(line, using: &random), tape: &tape)
            }
        }
    }

    @Test(arguments: [
        #"{"type":"track","event":"E","messageId":"m","context":{"a":1},"context":{"b":2}}"#,
        #"{"type":"track","event":"E","context":{"a":1}}"#,
        #"{"type":"track","event":"E","messageId":"","context":{"a":1}}"#,
        #"{"type":{"x":1},"event":"E","messageId":"m"}"#,
        #"{"action":"Identify","userId":{"id":1},"messageId":"m","traits":{"a":[1]}}"#,
        #"{"type":null,"action":"page","name":"Home","messageId":"m","properties":{"p":1}}"#,
        #"{"type":"TRACK","event":"","messageId":"m","properties":{"p":{"q":1}}}"#,
        #"[1,2]"#, #"{"a":1,}"#, #"{"type":"track","event":"\u00e9","messageId":"\u006d"}"#,
        #"{"typ\u0065":"track","\u0065vent":"E","messageId":"m","us\u0065rId":7,"x":1}"#,
        #"{"type":"track","event":"E","messageId":"m","\u212Aey":1,"category":{"a":1}}"#,
    ])
    func agreesOnEdgeCases(_ text: String) {
        var tape = JSONTape()
        check(Array(text.utf8), tape: &tape)
    }
}
