import Testing

@testable import SluiceJSON

/// Objects that repeat a key and also hold two names that are canonically equivalent but
/// spelled with different bytes (precomposed U+00E9 and decomposed e + U+0301, the Kelvin
/// sign U+212A and K). `JSONParser` merges only names that decode to the same bytes, so the
/// tape's tree must keep the equivalent spellings apart too.
struct RepeatedKeyCase: Sendable, CustomTestStringConvertible {
    let name: String
    let json: String
    var testDescription: String { name }
}

private let repeatedKeyCases: [RepeatedKeyCase] = [
    RepeatedKeyCase(
        name: "precomposed and decomposed e-acute beside a repeat",
        json: "{\"\u{E9}\":1,\"e\u{301}\":2,\"x\":1,\"x\":2}"),
    RepeatedKeyCase(
        name: "the repeat is the decomposed spelling itself",
        json: "{\"\u{E9}\":1,\"e\u{301}\":2,\"e\u{301}\":3}"),
    RepeatedKeyCase(
        name: "Kelvin sign and K, nested",
        json: "{\"o\":{\"\u{212A}\":1,\"K\":2,\"K\":3}}"),
    RepeatedKeyCase(
        name: "escaped precomposed and raw decomposed",
        json: #"{"\u00e9":1,"e\u0301":2,"a":0,"a":1}"#),
    // Same length, same first and last 8 bytes: the parser's key hash cannot tell them apart.
    RepeatedKeyCase(
        name: "long names differing only in the accents between their ends",
        json: "{\"category-\u{E9}e\u{301}-selected\":1,"
            + "\"category-e\u{301}\u{E9}-selected\":2}"),
]

@Test(arguments: repeatedKeyCases)
func tapeKeepsCanonicallyEquivalentNamesApartWhenAKeyRepeats(_ example: RepeatedKeyCase) throws {
    let bytes = Array(example.json.utf8)
    let tree = try JSONParser().parse(bytes)
    var tape = JSONTape()
    let value = try bytes.withUnsafeBytes { raw throws(JSONError) -> JSONValue in
        try tape.parse(raw)
        return tape.value(0, in: raw)
    }

    #expect(memberCounts(value) == memberCounts(tree))
    #expect(value == tree)
}

/// The member count of every object in `value`, depth first.
private func memberCounts(_ value: JSONValue) -> [Int] {
    switch value {
    case .object(let object): return [object.count] + object.values.flatMap(memberCounts)
    case .array(let elements): return elements.flatMap(memberCounts)
    default: return []
    }
}

/// The members a later one of the same decoded name replaces are the ones the tree drops:
/// every earlier occurrence, escaped spellings of the same bytes included, and never a
/// canonically equivalent name spelled with other bytes.
@Test func replacedMembersAreTheEarlierOccurrencesOfADecodedName() throws {
    let json = "{\"a\":1,\"\u{E9}\":2,\"b\":3,\"\\u0061\":4,\"e\u{301}\":5,\"a\":6}"
    let bytes = Array(json.utf8)
    var tape = JSONTape()
    let replaced = try bytes.withUnsafeBytes { raw throws(JSONError) -> [String] in
        try tape.parse(raw)
        return tape.replacedMembers(0, in: raw).map {
            tape.string($0.key, in: raw) + "="
                + String(decoding: tape.rawBytes($0.value, in: raw), as: UTF8.self)
        }
    }
    #expect(replaced == ["a=1", "a=4"])

    let plain = Array(#"{"a":1,"b":2}"#.utf8)
    let none = try plain.withUnsafeBytes { raw throws(JSONError) -> Int in
        try tape.parse(raw)
        return tape.replacedMembers(0, in: raw).count
    }
    #expect(none == 0)
}
