import Testing

@testable import SluiceJSON

/// A valid document and its compact serialisation (`jsonText`).
struct AcceptCase: Sendable, CustomTestStringConvertible {
    let input: JSONInput
    let expected: String

    init(_ name: String, _ text: String, _ expected: String) {
        input = JSONInput(name, text)
        self.expected = expected
    }

    init(_ name: String, bytes: [UInt8], _ expected: String) {
        input = JSONInput(name, bytes: bytes)
        self.expected = expected
    }

    var testDescription: String { input.name }
}

let scalarAcceptCases: [AcceptCase] = [
    AcceptCase("zero", "0", "0"),
    AcceptCase("negative zero", "-0", "-0"),
    AcceptCase("integer", "123", "123"),
    AcceptCase("negative integer", "-45", "-45"),
    AcceptCase("fraction", "1.50", "1.50"),
    AcceptCase("exponent", "1e5", "1e5"),
    AcceptCase("capital exponent", "1E5", "1E5"),
    AcceptCase("signed exponents", "[1e+5,1e-5,2E+0]", "[1e+5,1e-5,2E+0]"),
    AcceptCase("negative zero fraction exponent", "-0.0e-0", "-0.0e-0"),
    AcceptCase("huge integer", "123456789012345678901234567890", "123456789012345678901234567890"),
    AcceptCase("true", "true", "true"),
    AcceptCase("false", "false", "false"),
    AcceptCase("null", "null", "null"),
    AcceptCase("all four whitespace bytes", " \t\n\r1\r\n\t ", "1"),
    AcceptCase("empty string", "\"\"", "\"\""),
    AcceptCase("top-level string", "\"abc\"", "\"abc\""),
]

let stringAcceptCases: [AcceptCase] = [
    AcceptCase(
        "two-character escapes", #""\"\\\/\b\f\n\r\t""#, #""\"\\/\u0008\u000c\n\r\t""#),
    AcceptCase("unicode escape ASCII", #""\u0041\u0062""#, "\"Ab\""),
    AcceptCase("unicode escape two-byte", #""\u00e9\u00E9""#, "\"éé\""),
    AcceptCase("unicode escape three-byte", #""\u20AC""#, "\"€\""),
    AcceptCase("surrogate pair", #""\uD83D\uDE00""#, "\"😀\""),
    AcceptCase("highest surrogate pair", #""\uDBFF\uDFFF""#, "\"\u{10FFFF}\""),
    AcceptCase("escaped NUL", #""a\u0000b""#, #""a\u0000b""#),
    AcceptCase("escaped unit separator", #""\u001F""#, #""\u001f""#),
    AcceptCase("escaped noncharacter U+FFFF", #""\uFFFF""#, "\"\u{FFFF}\""),
    AcceptCase("escape then raw UTF-8", #""\n\u00e9é""#, "\"\\néé\""),
    AcceptCase("raw two three and four byte UTF-8", "\"é€😀\"", "\"é€😀\""),
    AcceptCase(
        "raw U+D7FF below surrogates", bytes: [0x22, 0xED, 0x9F, 0xBF, 0x22], "\"\u{D7FF}\""),
    AcceptCase(
        "raw U+E000 above surrogates", bytes: [0x22, 0xEE, 0x80, 0x80, 0x22], "\"\u{E000}\""),
    AcceptCase("raw U+10FFFF", bytes: [0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22], "\"\u{10FFFF}\""),
    AcceptCase("raw DEL is not a control character", "\"\u{7F}\"", "\"\u{7F}\""),
    AcceptCase(
        "long ASCII string crosses word boundaries", "\"0123456789abcdefghijklmnopqrstuvwxyz\"",
        "\"0123456789abcdefghijklmnopqrstuvwxyz\""),
    AcceptCase(
        "long non-ASCII string", "\"ab\u{E9}cdefghij\u{1F600}klmnopqrstu\u{20AC}\"",
        "\"ab\u{E9}cdefghij\u{1F600}klmnopqrstu\u{20AC}\""),
    AcceptCase("quote at the last byte of a word", "\"1234567\"", "\"1234567\""),
]

let containerAcceptCases: [AcceptCase] = [
    AcceptCase("empty array", "[]", "[]"),
    AcceptCase("empty object", "{}", "{}"),
    AcceptCase("empty containers with whitespace", "[ ]", "[]"),
    AcceptCase("empty object with whitespace", "{ \n}", "{}"),
    AcceptCase("nested arrays", "[1,[2,[3,[]]],4]", "[1,[2,[3,[]]],4]"),
    AcceptCase("nested objects", #"{"a":{"b":{}},"c":[{}]}"#, #"{"a":{"b":{}},"c":[{}]}"#),
    AcceptCase(
        "whitespace everywhere", "{ \"a\" :\t[ 1 ,\n2 ] , \"b\" : null }", #"{"a":[1,2],"b":null}"#),
    AcceptCase("key order kept", #"{"z":1,"a":2,"m":3}"#, #"{"z":1,"a":2,"m":3}"#),
    AcceptCase(
        "duplicate key keeps last value at first position", #"{"a":1,"b":2,"a":3}"#,
        #"{"a":3,"b":2}"#),
    AcceptCase("duplicate key via escape", #"{"a":1,"\u0061":2}"#, #"{"a":2}"#),
    AcceptCase(
        "duplicate key with container values", #"{"a":[1],"b":0,"a":{"x":[]}}"#,
        #"{"a":{"x":[]},"b":0}"#),
    AcceptCase(
        "duplicates in nested objects are separate", #"{"a":{"a":1,"a":2},"a2":{"a":3}}"#,
        #"{"a":{"a":2},"a2":{"a":3}}"#),
    AcceptCase("empty key", #"{"":1,"":2}"#, #"{"":2}"#),
    AcceptCase("array of scalars", "[true,false,null,0,\"s\"]", "[true,false,null,0,\"s\"]"),
]

@Test(arguments: scalarAcceptCases + stringAcceptCases + containerAcceptCases)
func acceptsAndSerialises(_ testCase: AcceptCase) throws {
    let value = try JSONParser().parse(testCase.input.bytes)
    #expect(value.jsonText == testCase.expected)
    #expect(throws: Never.self) { try JSONParser().validate(testCase.input.bytes) }
}

@Test func wideObjectDuplicatesUseTheHashIndex() throws {
    // 200 distinct keys, then every tenth key again: past the wide threshold the
    // duplicates are found through the hash table.
    var members = (0..<200).map { "\"key\($0)\":\($0)" }
    members += stride(from: 0, to: 200, by: 10).map { "\"key\($0)\":-\($0)" }
    let object = try JSONParser().parse("{" + members.joined(separator: ",") + "}").objectValue!

    #expect(object.count == 200)
    #expect(object.keys == (0..<200).map { "key\($0)" })
    #expect(object["key10"] == .number(JSONNumber(Int64(-10))))
    #expect(object["key11"] == .number(JSONNumber(Int64(11))))
}

/// A quadratic duplicate check would take minutes here; a linear one takes milliseconds.
@Test func veryWideObjectParsesWithAllMembersInOrder() throws {
    let count = 50_000
    let text = "{" + (0..<count).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + ",\"k7\":true}"
    let object = try JSONParser().parse(text).objectValue!

    #expect(object.count == count)
    #expect(object.keys.last == "k\(count - 1)")
    #expect(object["k7"] == .bool(true))
}

@Test func manyKeysSharingPrefixAndSuffixStayDistinct() throws {
    // The key hash reads only the first and last eight bytes: these keys all collide,
    // which must cost time only.
    let keys = (0..<100).map { "prefix__\(100 + $0)__middle__suffix__" }
    let text = "{" + keys.map { "\"\($0)\":1" }.joined(separator: ",") + ",\"\(keys[42])\":2}"
    let object = try JSONParser().parse(text).objectValue!

    #expect(object.keys == keys)
    #expect(object[keys[42]] == .number(JSONNumber(Int64(2))))
}

@Test func parsesFromAllThreeInputForms() throws {
    let text = #"{"a":[1,"x"]}"#
    let fromString = try JSONParser().parse(text)
    let fromArray = try JSONParser().parse(Array(text.utf8))
    let fromPointer = try Array(text.utf8).withUnsafeBytes { try JSONParser().parse($0) }
    #expect(fromString == fromArray && fromArray == fromPointer)
}
