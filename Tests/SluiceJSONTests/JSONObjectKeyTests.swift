import Testing

@testable import SluiceJSON

/// `JSONObject` tells keys apart by their bytes, as `JSONParser` does: precomposed U+00E9
/// and decomposed e + U+0301 are two members, though Swift's `==` calls the names equal.
private let precomposed = "caf\u{E9}"
private let decomposed = "cafe\u{301}"

@Test func initKeepsCanonicallyEquivalentKeysApart() {
    let object = JSONObject([(precomposed, .string("one")), (decomposed, .string("two"))])

    #expect(object.count == 2)
    #expect(object[precomposed] == .string("one"))
    #expect(object[decomposed] == .string("two"))
}

@Test func initMergesAKeyRepeatedByteForByte() {
    let object = JSONObject([
        (decomposed, .string("one")), ("x", .string("zero")), (decomposed, .string("three")),
    ])

    #expect(object.keys.map { Array($0.utf8) } == [Array(decomposed.utf8), [0x78]])
    #expect(object[decomposed] == .string("three"))
}

@Test func subscriptFindsOnlyTheKeySpelledWithTheSameBytes() {
    var object = JSONObject([(precomposed, .string("one"))])

    #expect(object[decomposed] == nil)
    #expect(object.index(forKey: decomposed) == nil)

    object[decomposed] = .string("two")
    #expect(object.count == 2)
    #expect(object[precomposed] == .string("one"))

    object[precomposed] = nil
    #expect(object.keys.map { Array($0.utf8) } == [Array(decomposed.utf8)])
}

@Test func parserAndObjectAgreeOnWhichNamesAreOneMember() throws {
    let json = "{\"\(precomposed)\":\"1\",\"\(decomposed)\":\"2\",\"\(precomposed)\":\"3\"}"
    let parsed = try #require(try JSONParser().parse(Array(json.utf8)).objectValue)
    let built = JSONObject([
        (precomposed, .string("1")), (decomposed, .string("2")), (precomposed, .string("3")),
    ])

    #expect(parsed == built)
    #expect(parsed[decomposed] == .string("2"))
}
