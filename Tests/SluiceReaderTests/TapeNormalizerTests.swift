import Foundation
import SluiceJSON
import Testing

@testable import SluiceReader

/// The tape path of the normaliser must agree with the tree path on every line: the same
/// rejection, or the same event but for its (empty) payload, and every named member found
/// where the tree has it.
@Suite struct TapeNormalizerTests {
    func check(_ line: [UInt8], tape: inout JSONTape) {
        let normalizer = SegmentNormalizer()
        let origin = EventOrigin(file: "f", line: 1, byteOffset: 0)
        let text = String(decoding: line, as: UTF8.self)
        line.withUnsafeBytes { raw in
            let tree = normalizer.normalize(line: raw, origin: origin)
            var members = SegmentMembers()
            let fast = normalizer.normalize(
                line: raw, origin: origin, tape: &tape, members: &members)
            switch (tree, fast) {
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "\(text)")
            case (.success(let a), .success(let b)):
                #expect(Self.fields(a, raw) == Self.fields(b, raw), "\(text)")
                #expect(b.payload.isEmpty)
            default:
                Issue.record("paths disagree on \(text)")
            }
            guard case .object(let object)? = try? JSONParser().parse(raw) else { return }
            for name in SegmentMembers.Name.allCases {
                let found = members[name].map { tape.value($0, in: raw) }
                #expect(found == object[name.text], "'\(name.text)' in \(text)")
            }
        }
    }

    /// Everything of an event but its payload, as comparable text; texts are read with `line`.
    static func fields(_ e: SegmentEvent, _ line: UnsafeRawBufferPointer) -> String {
        func text(_ t: EventText?) -> String { t?.string(in: line) ?? "-" }
        return "\(text(e.messageId))|\(e.isMessageIdSubstituted)|\(e.callType)|"
            + "\(e.eventName ?? "-")|\(text(e.userId))|\(text(e.anonymousId))|\(text(e.groupId))|"
            + "\(text(e.previousId))|\(e.timestamp ?? -1)|\(e.originalTimestamp ?? -1)|"
            + "\(e.sentAt ?? -1)|\(e.receivedAt ?? -1)|\(e.isReceivedAtSubstituted)|"
            + "\(e.issues)|\(e.origin)|\(e.rawByteCount)"
    }

    /// Values a named member is given in the member mutations: every kind, empty and
    /// escaped strings, and timestamps good, zoneless, bad and as numbers.
    static let oddValues: [String] = [
        "null", "true", "7", "-0", "1.5e12", "12345678901234567890", #""""#, #""x""#,
        #"{"a":1}"#, "[1]", #""TRACK""#, #""TRAC\u212A""#, #""2024-02-29T10:00:00Z""#,
        #""2024-02-30T10:00:00Z""#, #""2024-01-01""#, #""\u0032024-01-01T00:00:00Z""#,
        #""2024-01-01T00:00:00.1234567891Z""#, "1700000000000", #""page""#, #""alias""#,
    ]

    /// `line` (a JSON object) with member `name` set to `value` once more, before or after
    /// the members it has, its key spelled plainly or with an escape.
    static func adding(_ name: String, _ value: String, to line: [UInt8], mode: Int) -> [UInt8] {
        let key =
            mode & 2 == 0 ? name : "\\u00" + String(name.utf8.first!, radix: 16) + name.dropFirst()
        let member = Array("\"\(key)\":\(value)".utf8)
        guard let open = line.firstIndex(of: UInt8(ascii: "{")),
            let close = line.lastIndex(of: UInt8(ascii: "}"))
        else { return line }
        var bytes = line
        if mode & 1 == 0 {
            bytes.insert(contentsOf: member + [UInt8(ascii: ",")], at: open + 1)
        } else {
            bytes.insert(contentsOf: [UInt8(ascii: ",")] + member, at: close)
        }
        return bytes
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
            for _ in 0..<8 {
                let name = SegmentMembers.Name.allCases.randomElement(using: &random)!.text
                let value = Self.oddValues.randomElement(using: &random)!
                let mode = Int.random(in: 0..<4, using: &random)
                check(Self.adding(name, value, to: line, mode: mode), tape: &tape)
            }
        }
    }

    @Test func agreesOnSampleLines() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let (files, _) = try InputDirectory.scan(root: root.path + "/samples/logs")
        var tape = JSONTape()
        var count = 0
        for file in files {
            _ = try LogFileReader(file: file).forEachLine { line in
                count += 1
                check(Array(line.bytes), tape: &tape)
            }
        }
        #expect(count > 3000)
    }

    @Test(arguments: [
        #"{"type":"track","event":"E","messageId":"m","context":{"a":1},"context":{"b":2}}"#,
        #"{"type":"track","event":"E","context":{"a":1}}"#,
        #"{"type":"track","event":"E","messageId":"","context":{"a":1}}"#,
        #"{"type":{"x":1},"event":"E","messageId":"m"}"#,
        #"{"action":"Identify","userId":{"id":1},"messageId":"m","traits":{"a":[1]}}"#,
        #"{"type":null,"action":"page","name":"Home","messageId":"m","properties":{"p":1}}"#,
        #"{"type":null,"action":null,"messageId":"m"}"#, #"{"action":7,"messageId":"m"}"#,
        #"{"type":"TRACK","event":"","messageId":"m","properties":{"p":{"q":1}}}"#,
        #"{"type":"TRAC\u212A","event":"E","userId":"u","messageId":"m"}"#,
        #"[1,2]"#, #"{"a":1,}"#, #"{"type":"track","event":"\u00e9","messageId":"\u006d"}"#,
        #"{"typ\u0065":"track","\u0065vent":"E","messageId":"m","us\u0065rId":7,"x":1}"#,
        #"{"type":"track","event":"E","messageId":"m","\u212Aey":1,"category":{"a":1}}"#,
        #"{"type":"track","type":"identify","userId":"u","messageId":"m","messageId":""}"#,
        #"{"type":"group","groupId":true,"anonymousId":[],"previousId":-0,"messageId":5}"#,
        #"{"type":"alias","previousId":"p","messageId":null,"receivedAt":"bad"}"#,
        #"{"type":"track","event":"E","userId":"u","timestamp":{},"sentAt":1.5e12}"#,
        #"{"type":"track","event":"E","userId":"u","receivedAt":"2024-01-01","sentAt":true}"#,
        #"{"type":"screen","name":"S","userId":"u","receivedAt":"\u0032024-01-01T00:00:00Z"}"#,
        #"{"type":"page","userId":"u","originalTimestamp":"2024-13-01T00:00:00Z"}"#,
        #"{"type":"page","userId":"u","receivedAt":1e400,"receivedAt":-5e20}"#,
    ])
    func agreesOnEdgeCases(_ text: String) {
        var tape = JSONTape()
        check(Array(text.utf8), tape: &tape)
    }

    /// Only an object has members: an array whose elements alternate like names and values
    /// finds none, nor does a nested object's parent find the nested one's names. (The parse
    /// leaves an array's strings no key hash, so the array case holds even without the
    /// walk's object check, which keeps the contract should that field ever hold one.)
    @Test func findsMembersOfObjectsOnly() throws {
        let line = Array(#"[["type","track","event","x"],{"properties":{"type":"identify"}}]"#.utf8)
        var tape = JSONTape()
        try tape.parse(line)
        try line.withUnsafeBytes { raw in
            func found(_ root: Int) -> [SegmentMembers.Name] {
                let members = SegmentMembers(of: root, on: tape, in: raw)
                return SegmentMembers.Name.allCases.filter { members[$0] != nil }
            }
            #expect(found(0).isEmpty)
            #expect(found(1).isEmpty)
            #expect(found(6) == [.properties])
            let properties = try #require(SegmentMembers(of: 6, on: tape, in: raw)[.properties])
            #expect(tape.kind(properties) == .object)
        }
    }

    /// Every name is found by its spelling and by no other of the same length.
    @Test(arguments: SegmentMembers.Name.allCases)
    func spellsEveryName(_ name: SegmentMembers.Name) {
        var spelling = Array(name.text.utf8)
        spelling.withUnsafeBytes { #expect(SegmentMembers.Name.spelled(by: $0) == name) }
        spelling[spelling.count - 1] ^= 0x20
        spelling.withUnsafeBytes { #expect(SegmentMembers.Name.spelled(by: $0) == nil) }
    }

    /// Every call type is found by its exact spelling, and no other spelling is taken for it.
    @Test(arguments: SegmentCallType.allCases)
    func spellsEveryCallType(_ callType: SegmentCallType) {
        var spelling = Array(callType.rawValue.utf8)
        spelling.withUnsafeBytes { #expect(SegmentCallType(spelledBy: $0) == callType) }
        spelling[0] ^= 0x20
        spelling.withUnsafeBytes { #expect(SegmentCallType(spelledBy: $0) == nil) }
    }
}
