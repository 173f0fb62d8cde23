import Testing

@testable import SluiceJSON

@Suite struct JSONParserTests {
    @Test(arguments: [
        (
            "{\"a\":1,\"b\":[true,false,null],\"c\":\"x\"}",
            "{\"a\":1,\"b\":[true,false,null],\"c\":\"x\"}"
        ),
        ("  {\"z\":1.0, \"a\":-0}  ", "{\"z\":1.0,\"a\":-0}"),
        ("\"\\ud83d\\ude00\"", "\"😀\""),
    ])
    func parsesAndReserializes(input: String, expected: String) throws {
        #expect(try JSONParser().parse(input).jsonText == expected)
    }

    @Test(arguments: [
        ("{\"a\":1,}", JSONError.Code.unexpectedCharacter),
        ("[1] x", .trailingGarbage),
        ("\"\\ud800\"", .loneSurrogate),
        ("01", .invalidNumber),
        ("", .emptyInput),
        ("{\"a\":", .unexpectedEnd),
        ("NaN", .unexpectedCharacter),
    ])
    func rejects(input: String, code: JSONError.Code) {
        #expect(throws: JSONError.self) { try JSONParser().parse(input) }
        do { _ = try JSONParser().parse(input) } catch { #expect(error.code == code) }
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do { _ = try JSONParser().parse(deep); Issue.record("deep input parsed") } catch {
            #expect(error.code == .tooDeep)
        }
    }

    @Test func keepsNumbersExact() throws {
        let value = try JSONParser().parse("[1, 1.0, 12345678901234567890123, 9223372036854775807]")
        let numbers = value.arrayValue!.map { $0.numberValue! }
        #expect(numbers[0].int64 == 1)
        #expect(numbers[1].int64 == nil && numbers[1].isMathematicalInteger)
        #expect(numbers[2].int64 == nil && numbers[2].text == "12345678901234567890123")
        #expect(numbers[3].int64 == Int64.max)
    }
}
