import Testing

@testable import SluiceJSON

/// Parses `text` into a fresh tape and runs `body` with the tape and the bytes it refers to.
private func withTape<T>(
    _ text: String, _ body: (JSONTape, UnsafeRawBufferPointer) throws -> T
) throws -> T {
    let bytes = Array(text.utf8)
    var tape = JSONTape()
    try tape.parse(bytes)
    return try bytes.withUnsafeBytes { try body(tape, $0) }
}

@Test func tokensFollowSourceOrderAndNextSkipsSubtrees() throws {
    try withTape(#"{"a":[1,{"b":null}],"c":true}"#) { tape, bytes in
        let kinds: [JSONTape.Kind] = [.object, .string, .array, .number, .object, .string, .null]
        #expect((0..<7).map(tape.kind) == kinds)
        #expect(tape.count == 9)
        #expect(tape.next(0) == 9)
        #expect(tape.next(2) == 7)
        #expect(tape.next(4) == 7)
        #expect(tape.next(3) == 4)
        #expect(tape.string(7, in: bytes) == "c")
        #expect(tape.bool(8))
    }
}

@Test func membersAndElementsWalkOneLevel() throws {
    try withTape(#"{"a":[1,[2,3],4],"b":{},"a":"x"}"#) { tape, bytes in
        let members = tape.members(0).map { (tape.string($0.key, in: bytes), $0.value) }
        #expect(members.map(\.0) == ["a", "b", "a"])
        #expect(tape.memberCount(0) == 3)

        let array = members[0].1
        #expect(tape.elements(array).map { tape.kind($0) } == [.number, .array, .number])
        #expect(tape.memberCount(array) == 3)
        #expect(tape.elements(members[1].1).map { $0 }.isEmpty)
        #expect(tape.members(array).map { $0.key }.isEmpty)
    }
}

@Test func memberFindsTheLastOccurrenceAsTheTreeKeeps() throws {
    try withTape(#"{"type":"track","event":1,"type":"page","t\u0079pe":"screen"}"#) { tape, bytes in
        let type = try #require(tape.member(0, "type", in: bytes))
        #expect(tape.string(type, in: bytes) == "screen")
        #expect(tape.member(0, "missing", in: bytes) == nil)
        #expect(tape.member(0, "event" as String, in: bytes) == 4)
        #expect(tape.hasDuplicateKeys(0))
        let tree = try JSONParser().parse(String(decoding: bytes, as: UTF8.self))
        #expect(tape.value(0, in: bytes) == tree)
    }
}

struct TapeDuplicateCase: Sendable, CustomTestStringConvertible {
    let text: String
    let hasDuplicates: Bool
    var testDescription: String { text.count > 40 ? String(text.prefix(40)) + "…" : text }
}

@Test(arguments: [
    TapeDuplicateCase(text: #"{"a":1,"b":2}"#, hasDuplicates: false),
    TapeDuplicateCase(text: #"{"a":1,"a":2}"#, hasDuplicates: true),
    TapeDuplicateCase(text: #"{"a":1,"\u0061":2}"#, hasDuplicates: true),
    TapeDuplicateCase(text: #"{"é":1,"\u00e9":2}"#, hasDuplicates: true),
    TapeDuplicateCase(text: #"{"a\n":1,"a\\n":2}"#, hasDuplicates: false),
    TapeDuplicateCase(text: #"{"":1,"":2}"#, hasDuplicates: true),
    TapeDuplicateCase(
        text: #"{"abcdefghij":1,"abcdefghiJ":2,"abcdefghij0":3}"#, hasDuplicates: false),
    TapeDuplicateCase(text: wideObject(keys: (0..<100).map { "key\($0)" }), hasDuplicates: false),
    TapeDuplicateCase(
        text: wideObject(keys: (0..<100).map { "key\($0)" } + ["key7"]), hasDuplicates: true),
    TapeDuplicateCase(
        text: wideObject(keys: (0..<40).map { "k\($0)" } + ["k\\u0033"]), hasDuplicates: true),
])
func hasDuplicateKeysComparesDecodedKeysExactly(_ test: TapeDuplicateCase) throws {
    try withTape(test.text) { tape, _ in #expect(tape.hasDuplicateKeys(0) == test.hasDuplicates) }
}

/// Keys of one length sharing their first and last eight bytes, so the tape's key hash
/// cannot tell them apart and only the full comparison can.
private func sameHashKeys(_ range: Range<Int>) -> [String] {
    range.map { "prefix__" + String(1000 + $0) + "__suffix" }
}

private func wideObject(keys: [String]) -> String {
    "{" + keys.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
}

struct TapeStringCase: Sendable, CustomTestStringConvertible {
    let json: String
    let decoded: String
    let hasEscapes: Bool
    var testDescription: String { json }
}

@Test(arguments: [
    TapeStringCase(json: #""plain""#, decoded: "plain", hasEscapes: false),
    TapeStringCase(json: #""""#, decoded: "", hasEscapes: false),
    TapeStringCase(json: #""München 🎲""#, decoded: "München 🎲", hasEscapes: false),
    TapeStringCase(json: #""say \"hi\"""#, decoded: "say \"hi\"", hasEscapes: true),
    TapeStringCase(json: #""\\\/\b\f\n\r\t""#, decoded: "\\/\u{8}\u{C}\n\r\t", hasEscapes: true),
    TapeStringCase(json: #""\u00e9t\u00E9""#, decoded: "été", hasEscapes: true),
    TapeStringCase(json: #""\u20ac\u0000""#, decoded: "€\u{0}", hasEscapes: true),
    TapeStringCase(json: #""\ud83d\ude00!""#, decoded: "😀!", hasEscapes: true),
    TapeStringCase(json: #""\uDBFF\uDFFF""#, decoded: "\u{10FFFF}", hasEscapes: true),
])
func stringsDecodeEscapesAndSurrogatePairs(_ test: TapeStringCase) throws {
    try withTape(test.json) { tape, bytes in
        #expect(tape.kind(0) == .string)
        #expect(tape.hasEscapes(0) == test.hasEscapes)
        #expect(tape.string(0, in: bytes) == test.decoded)
        #expect(tape.equals(0, test.decoded, in: bytes))
        #expect(!tape.equals(0, test.decoded + "x", in: bytes))

        var out: [UInt8] = [0x2A]
        tape.appendDecoded(0, in: bytes, to: &out)
        #expect(out == [0x2A] + Array(test.decoded.utf8))
        let raw = Array(tape.rawBytes(0, in: bytes))
        #expect(raw == Array(test.json.utf8.dropFirst().dropLast()))
    }
}

@Test func equalsAcceptsStaticStringsAndComparesDecodedText() throws {
    try withTape(#"["messageId","m\u0065ssageId","messageI"]"#) { tape, bytes in
        #expect(tape.equals(1, "messageId", in: bytes))
        #expect(!tape.equals(0, "messageId", in: bytes))
        #expect(tape.equals(2, "messageId", in: bytes))
        #expect(!tape.equals(3, "messageId", in: bytes))
        #expect(!tape.equals(1, "messageI", in: bytes))
    }
}

struct TapeNumberCase: Sendable, CustomTestStringConvertible {
    let text: String
    let int64: Int64?
    let isWrittenAsInteger: Bool
    var testDescription: String { text }
}

@Test(arguments: [
    TapeNumberCase(text: "0", int64: 0, isWrittenAsInteger: true),
    TapeNumberCase(text: "-0", int64: 0, isWrittenAsInteger: true),
    TapeNumberCase(text: "42", int64: 42, isWrittenAsInteger: true),
    TapeNumberCase(text: "1.0", int64: nil, isWrittenAsInteger: false),
    TapeNumberCase(text: "1e2", int64: nil, isWrittenAsInteger: false),
    TapeNumberCase(text: "-2.5E-3", int64: nil, isWrittenAsInteger: false),
    TapeNumberCase(text: "9223372036854775807", int64: .max, isWrittenAsInteger: true),
    TapeNumberCase(text: "-9223372036854775808", int64: .min, isWrittenAsInteger: true),
    TapeNumberCase(text: "9223372036854775808", int64: nil, isWrittenAsInteger: true),
    TapeNumberCase(text: "-9223372036854775809", int64: nil, isWrittenAsInteger: true),
    TapeNumberCase(text: "18446744073709551616", int64: nil, isWrittenAsInteger: true),
    TapeNumberCase(text: "123456789012345678901234567890", int64: nil, isWrittenAsInteger: true),
])
func numbersKeepTheirTextAndPrecomputedInt64(_ test: TapeNumberCase) throws {
    try withTape("[" + test.text + "]") { tape, bytes in
        #expect(tape.kind(1) == .number)
        #expect(Array(tape.numberText(1, in: bytes)) == Array(test.text.utf8))
        #expect(tape.int64(1) == test.int64)
        #expect(tape.isWrittenAsInteger(1) == test.isWrittenAsInteger)

        let tree = try JSONParser().parse(test.text).numberValue
        #expect(tape.number(1, in: bytes) == tree)
        #expect(tape.number(1, in: bytes).text == test.text)
    }
}

@Test func scalarsAtTheRootAndSurroundingWhitespace() throws {
    let cases: [(String, JSONTape.Kind)] = [
        (" null ", .null), ("\ttrue\n", .bool), ("false", .bool), ("\r\n-1 ", .number),
        (#" "x" "#, .string), (" [ ] ", .array), (" { } ", .object),
    ]
    for (text, kind) in cases {
        let tree = try JSONParser().parse(text)
        try withTape(text) { tape, bytes in
            #expect(tape.kind(0) == kind, "\(text)")
            #expect(tape.count == 1)
            #expect(tape.memberCount(0) == 0)
            #expect(tape.value(0, in: bytes) == tree)
        }
    }
}

@Test func reusedTapeForgetsThePreviousDocumentAndCopiesStayIntact() throws {
    let first = Array(#"{"a":[1,2,3]}"#.utf8)
    let second = Array(#"[true]"#.utf8)
    var tape = JSONTape()
    try tape.parse(first)
    let copy = tape
    try tape.parse(second)

    #expect(tape.count == 2)
    #expect(copy.count == 6)
    let tree = try JSONParser().parse(first)
    first.withUnsafeBytes { #expect(copy.value(0, in: $0) == tree) }
    #expect(throws: JSONError.self) { try tape.parse(Array("[1,".utf8)) }
    #expect(tape.count == 0)
}

@Test func tapeGrowsPastItsInitialCapacity() throws {
    let text = "[" + (0..<5_000).map { "[\($0),\"s\($0)\"]" }.joined(separator: ",") + "]"
    let tree = try JSONParser().parse(text)
    try withTape(text) { tape, bytes in
        #expect(tape.count == 1 + 5_000 * 3)
        #expect(tape.value(0, in: bytes) == tree)
    }
}

/// A tape outgrows its first token buffer and keeps the grown one: the large document reads
/// back whole, the tape parses small ones after it, and a copy taken before a parse keeps the
/// document it held.
@Test func aTapeThatGrowsKeepsItsTokensAndItsCopiesIntact() throws {
    let wide = Array(("[" + (0..<5_000).map(String.init).joined(separator: ",") + "]").utf8)
    let small = Array(#"{"a":[1,2]}"#.utf8)
    var tape = JSONTape()
    try tape.parse(small)
    let before = tape

    try tape.parse(wide)
    #expect(tape.count == 5_001)
    wide.withUnsafeBytes { bytes in
        #expect(tape.memberCount(0) == 5_000)
        #expect(tape.numberText(5_000, in: bytes).elementsEqual("4999".utf8))
    }
    try tape.parse(wide)
    #expect(tape.count == 5_001)

    try tape.parse(small)
    #expect(tape.count == 5)
    small.withUnsafeBytes { bytes in
        #expect(before.count == 5)
        #expect(before.string(1, in: bytes) == "a")
        #expect(before.memberCount(2) == 2)
    }
}
