import Testing

@testable import SluiceJSON

/// An invalid document with the exact code and byte offset the parser must report.
struct RejectCase: Sendable, CustomTestStringConvertible {
    let input: JSONInput
    let code: JSONError.Code
    let offset: Int

    init(_ name: String, _ text: String, _ code: JSONError.Code, at offset: Int) {
        input = JSONInput(name, text)
        (self.code, self.offset) = (code, offset)
    }

    init(_ name: String, bytes: [UInt8], _ code: JSONError.Code, at offset: Int) {
        input = JSONInput(name, bytes: bytes)
        (self.code, self.offset) = (code, offset)
    }

    var testDescription: String { input.name }
}

let grammarRejectCases: [RejectCase] = [
    RejectCase("empty input", "", .emptyInput, at: 0),
    RejectCase("only whitespace", " \n\t", .emptyInput, at: 0),
    RejectCase("trailing comma in object", #"{"a":1,}"#, .unexpectedCharacter, at: 7),
    RejectCase("trailing comma in array", "[1,]", .unexpectedCharacter, at: 3),
    RejectCase("leading comma in array", "[,1]", .unexpectedCharacter, at: 1),
    RejectCase("missing comma", "[1 2]", .unexpectedCharacter, at: 3),
    RejectCase("missing colon", #"{"a" 1}"#, .unexpectedCharacter, at: 5),
    RejectCase("missing member value", #"{"a":}"#, .unexpectedCharacter, at: 5),
    RejectCase("number as key", "{1:2}", .unexpectedCharacter, at: 1),
    RejectCase("single-quoted key", "{'a':1}", .unexpectedCharacter, at: 1),
    RejectCase("bare word key", "{a:1}", .unexpectedCharacter, at: 1),
    RejectCase("colon in array", "[1:2]", .unexpectedCharacter, at: 2),
    RejectCase("comma in place of colon", #"{"a",1}"#, .unexpectedCharacter, at: 4),
    RejectCase("mismatched close", "[1}", .unexpectedCharacter, at: 2),
    RejectCase("mismatched close of object", #"{"a":1]"#, .unexpectedCharacter, at: 6),
    RejectCase("close without open", "]", .unexpectedCharacter, at: 0),
    RejectCase("second value after array", "[1] x", .trailingGarbage, at: 4),
    RejectCase("two numbers", "1 2", .trailingGarbage, at: 2),
    RejectCase("two objects", "{}{}", .trailingGarbage, at: 2),
    RejectCase("line comment", "// c\n1", .unexpectedCharacter, at: 0),
    RejectCase("block comment", "/* c */ 1", .unexpectedCharacter, at: 0),
    RejectCase("comment inside array", "[1 /* c */]", .unexpectedCharacter, at: 3),
    RejectCase("trailing comment", "1 // c", .trailingGarbage, at: 2),
    RejectCase("NaN", "NaN", .unexpectedCharacter, at: 0),
    RejectCase("Infinity", "Infinity", .unexpectedCharacter, at: 0),
    RejectCase("negative Infinity", "-Infinity", .invalidNumber, at: 1),
    RejectCase("truncated true", "tru", .unexpectedEnd, at: 3),
    RejectCase("misspelt true", "trux", .unexpectedCharacter, at: 3),
    RejectCase("capitalised True", "True", .unexpectedCharacter, at: 0),
    RejectCase("truncated null", "nul", .unexpectedEnd, at: 3),
    RejectCase("null with extra letter", "nulll", .trailingGarbage, at: 4),
    RejectCase("truncated false in array", "[fals", .unexpectedEnd, at: 5),
    RejectCase("unclosed array", "[", .unexpectedEnd, at: 1),
    RejectCase("unclosed array after element", "[1", .unexpectedEnd, at: 2),
    RejectCase("unclosed array after comma", "[1,", .unexpectedEnd, at: 3),
    RejectCase("unclosed object", "{", .unexpectedEnd, at: 1),
    RejectCase("object ends after key", #"{"a""#, .unexpectedEnd, at: 4),
    RejectCase("object ends after colon", #"{"a":"#, .unexpectedEnd, at: 5),
    RejectCase("object ends after value", #"{"a":1"#, .unexpectedEnd, at: 6),
    RejectCase("object ends after comma", #"{"a":1,"#, .unexpectedEnd, at: 7),
    RejectCase("byte order mark", "\u{FEFF}1", .unexpectedCharacter, at: 0),
    RejectCase("vertical tab is not whitespace", "\u{0B}1", .unexpectedCharacter, at: 0),
    RejectCase("form feed is not whitespace", "\u{0C}1", .unexpectedCharacter, at: 0),
    RejectCase("no-break space is not whitespace", "\u{A0}1", .unexpectedCharacter, at: 0),
    RejectCase("UTF-8 outside a string", "[\u{E9}]", .unexpectedCharacter, at: 1),
]

let numberRejectCases: [RejectCase] = [
    RejectCase("leading zero", "01", .invalidNumber, at: 1),
    RejectCase("negative leading zero", "-01", .invalidNumber, at: 2),
    RejectCase("double zero", "00", .invalidNumber, at: 1),
    RejectCase("leading zero in array", "[01]", .invalidNumber, at: 2),
    RejectCase("lone minus", "-", .unexpectedEnd, at: 1),
    RejectCase("minus then letter", "-a", .invalidNumber, at: 1),
    RejectCase("minus then space", "- 1", .invalidNumber, at: 1),
    RejectCase("plus sign", "+1", .unexpectedCharacter, at: 0),
    RejectCase("bare fraction", ".5", .unexpectedCharacter, at: 0),
    RejectCase("dot at end", "1.", .unexpectedEnd, at: 2),
    RejectCase("dot then exponent", "1.e5", .invalidNumber, at: 2),
    RejectCase("dot then bracket", "[1.]", .invalidNumber, at: 3),
    RejectCase("exponent at end", "1e", .unexpectedEnd, at: 2),
    RejectCase("exponent sign at end", "1e+", .unexpectedEnd, at: 3),
    RejectCase("exponent sign then letter", "1e+a", .invalidNumber, at: 3),
    RejectCase("capital exponent minus at end", "1E-", .unexpectedEnd, at: 3),
    RejectCase("exponent then bracket", "[1e]", .invalidNumber, at: 3),
    RejectCase("hexadecimal", "0x10", .trailingGarbage, at: 1),
    RejectCase("two dots", "1.5.3", .trailingGarbage, at: 3),
    RejectCase("hexadecimal in array", "[0x1]", .unexpectedCharacter, at: 2),
]

let stringRejectCases: [RejectCase] = [
    RejectCase("unterminated string", "\"abc", .unexpectedEnd, at: 4),
    RejectCase("lone quote", "\"", .unexpectedEnd, at: 1),
    RejectCase("long unterminated string", "\"0123456789abcdefghij", .unexpectedEnd, at: 21),
    RejectCase("raw tab", "\"a\tb\"", .controlCharacterInString, at: 2),
    RejectCase("raw newline", "\"\n\"", .controlCharacterInString, at: 1),
    RejectCase("raw unit separator", "\"\u{1F}\"", .controlCharacterInString, at: 1),
    RejectCase("raw control after escape", "\"\\n\u{01}\"", .controlCharacterInString, at: 3),
    RejectCase(
        "raw control deep in long string", "\"0123456789abc\u{02}\"", .controlCharacterInString,
        at: 14),
    RejectCase("unknown escape", #""\x""#, .invalidEscape, at: 1),
    RejectCase("capital U escape", #""\U0041""#, .invalidEscape, at: 1),
    RejectCase("single-quote escape", #""\'""#, .invalidEscape, at: 1),
    RejectCase("short unicode escape", #""\u12""#, .invalidEscape, at: 1),
    RejectCase("non-hex in unicode escape", #""ab\u12G4""#, .invalidEscape, at: 3),
    RejectCase("unicode escape cut by end", #""\u12"#, .unexpectedEnd, at: 5),
    RejectCase("backslash at end", #""\"#, .unexpectedEnd, at: 2),
    RejectCase("lone high surrogate", #""\ud800""#, .loneSurrogate, at: 1),
    RejectCase("lone low surrogate", #""x\udc00""#, .loneSurrogate, at: 2),
    RejectCase("high surrogate then BMP escape", #""\ud800\u0041""#, .loneSurrogate, at: 1),
    RejectCase("two high surrogates", #""\ud800\ud800""#, .loneSurrogate, at: 1),
    RejectCase("high surrogate then other escape", #""\ud800\n""#, .loneSurrogate, at: 1),
    RejectCase("high surrogate then letter", #""\ud800x""#, .loneSurrogate, at: 1),
    RejectCase("reversed surrogate pair", #""\udc00\ud800""#, .loneSurrogate, at: 1),
    RejectCase("high surrogate at end", #""x\ud800"#, .unexpectedEnd, at: 8),
    RejectCase("high surrogate then backslash at end", #""\ud800\"#, .unexpectedEnd, at: 8),
    RejectCase("low surrogate escape cut", #""\ud800\u"#, .unexpectedEnd, at: 9),
    RejectCase("low surrogate bad hex", #""\ud800\uzzzz""#, .invalidEscape, at: 7),
    RejectCase("valid pair then end", #""\udbff\udfff"#, .unexpectedEnd, at: 13),
]

private let q: UInt8 = 0x22

let utf8RejectCases: [RejectCase] = [
    RejectCase("lone continuation byte", bytes: [q, 0x80, q], .invalidUTF8, at: 1),
    RejectCase("continuation byte 0xBF", bytes: [q, 0xBF, q], .invalidUTF8, at: 1),
    RejectCase("overlong NUL", bytes: [q, 0xC0, 0x80, q], .invalidUTF8, at: 1),
    RejectCase("overlong two-byte 0xC1", bytes: [q, 0xC1, 0xBF, q], .invalidUTF8, at: 1),
    RejectCase("overlong three-byte", bytes: [q, 0xE0, 0x80, 0x80, q], .invalidUTF8, at: 1),
    RejectCase("overlong three-byte high", bytes: [q, 0xE0, 0x9F, 0xBF, q], .invalidUTF8, at: 1),
    RejectCase("overlong four-byte", bytes: [q, 0xF0, 0x80, 0x80, 0x80, q], .invalidUTF8, at: 1),
    RejectCase(
        "overlong four-byte high", bytes: [q, 0xF0, 0x8F, 0xBF, 0xBF, q], .invalidUTF8, at: 1),
    RejectCase("encoded surrogate D800", bytes: [q, 0xED, 0xA0, 0x80, q], .invalidUTF8, at: 1),
    RejectCase("encoded surrogate DFFF", bytes: [q, 0xED, 0xBF, 0xBF, q], .invalidUTF8, at: 1),
    RejectCase("above U+10FFFF", bytes: [q, 0xF4, 0x90, 0x80, 0x80, q], .invalidUTF8, at: 1),
    RejectCase("lead byte 0xF5", bytes: [q, 0xF5, 0x80, 0x80, 0x80, q], .invalidUTF8, at: 1),
    RejectCase("lead byte 0xF8", bytes: [q, 0xF8, 0x88, 0x80, 0x80, 0x80, q], .invalidUTF8, at: 1),
    RejectCase("byte 0xFE", bytes: [q, 0xFE, q], .invalidUTF8, at: 1),
    RejectCase("byte 0xFF", bytes: [q, 0xFF, q], .invalidUTF8, at: 1),
    RejectCase("two-byte cut by quote", bytes: [q, 0xC3, q], .invalidUTF8, at: 1),
    RejectCase("three-byte cut by quote", bytes: [q, 0xE2, 0x82, q], .invalidUTF8, at: 1),
    RejectCase("four-byte cut by quote", bytes: [q, 0xF0, 0x9F, 0x98, q], .invalidUTF8, at: 1),
    RejectCase("sequence cut by end of input", bytes: [q, 0xE2, 0x82], .unexpectedEnd, at: 3),
    RejectCase("bad third byte", bytes: [q, 0xE2, 0x28, 0xA1, q], .invalidUTF8, at: 1),
    RejectCase("bad fourth byte", bytes: [q, 0xF0, 0x9F, 0x98, 0x28, q], .invalidUTF8, at: 1),
    RejectCase("cut sequence before escape", bytes: [q, 0xC3, 0x5C, 0x6E, q], .invalidUTF8, at: 1),
    RejectCase("invalid after escape", bytes: [q, 0x5C, 0x6E, 0xFF, q], .invalidUTF8, at: 3),
    RejectCase(
        "invalid deep in long string", bytes: [q] + Array("0123456789abcdefghij".utf8) + [0xC3, q],
        .invalidUTF8, at: 21),
    RejectCase(
        "invalid byte in a whole word before a short tail",
        bytes: [q, 0x61, 0xFF] + Array("bcdefg".utf8) + [q], .invalidUTF8, at: 2),
    RejectCase(
        "invalid in key", bytes: Array("{\"a".utf8) + [0xFF] + Array("\":1}".utf8), .invalidUTF8,
        at: 3),
]

let nulRejectCases: [RejectCase] = [
    RejectCase("only NUL", bytes: [0], .nulByte, at: 0),
    RejectCase("NUL where a value goes", bytes: Array("[1,".utf8) + [0, 0x5D], .nulByte, at: 3),
    RejectCase("NUL inside string", bytes: [q, 0x61, 0, q], .nulByte, at: 2),
    RejectCase(
        "NUL inside long string", bytes: [q] + Array("0123456789".utf8) + [0, q], .nulByte, at: 11),
    RejectCase("NUL after value", bytes: [0x31, 0], .nulByte, at: 1),
    RejectCase("NUL after whitespace", bytes: [0x20, 0], .nulByte, at: 1),
    RejectCase("NUL after backslash", bytes: [q, 0x5C, 0, q], .nulByte, at: 2),
    RejectCase("NUL in unicode escape", bytes: Array("\"\\u00".utf8) + [0, q], .nulByte, at: 5),
    RejectCase("NUL inside literal", bytes: [0x74, 0x72, 0, 0x65], .nulByte, at: 2),
    RejectCase("NUL after minus", bytes: [0x2D, 0], .nulByte, at: 1),
    RejectCase("NUL in exponent", bytes: [0x31, 0x65, 0], .nulByte, at: 2),
    RejectCase("NUL where key goes", bytes: [0x7B, 0], .nulByte, at: 1),
    RejectCase("NUL where colon goes", bytes: Array("{\"a\"".utf8) + [0], .nulByte, at: 4),
    RejectCase("NUL where comma goes", bytes: Array("[1".utf8) + [0], .nulByte, at: 2),
]

@Test(arguments: grammarRejectCases + numberRejectCases)
func rejectsGrammarAndNumberErrors(_ testCase: RejectCase) {
    let error = parseError(testCase.input.bytes)
    #expect(error?.code == testCase.code)
    #expect(error?.offset == testCase.offset)
    #expect(validationError(testCase.input.bytes) == error)
}

@Test(arguments: stringRejectCases + utf8RejectCases + nulRejectCases)
func rejectsStringUTF8AndNulErrors(_ testCase: RejectCase) {
    let error = parseError(testCase.input.bytes)
    #expect(error?.code == testCase.code)
    #expect(error?.offset == testCase.offset)
    #expect(validationError(testCase.input.bytes) == error)
}

@Test func everyErrorCodeIsCovered() {
    let all =
        grammarRejectCases + numberRejectCases + stringRejectCases + utf8RejectCases
        + nulRejectCases
    let covered = Set(all.map(\.code)).union([.tooDeep])
    #expect(covered == Set(JSONError.Code.allCases))
}
