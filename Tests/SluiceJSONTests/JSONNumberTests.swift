import Testing

@testable import SluiceJSON

/// What the parser must report for one number text.
struct NumberCase: Sendable, CustomTestStringConvertible {
    let text: String
    let int64: Int64?
    let isWrittenAsInteger: Bool
    let isMathematicalInteger: Bool
    let double: Double

    var testDescription: String { text }
}

let numberCases: [NumberCase] = [
    NumberCase(
        text: "0", int64: 0, isWrittenAsInteger: true, isMathematicalInteger: true, double: 0),
    NumberCase(
        text: "-0", int64: 0, isWrittenAsInteger: true, isMathematicalInteger: true, double: -0.0),
    NumberCase(
        text: "1.0", int64: nil, isWrittenAsInteger: false, isMathematicalInteger: true, double: 1),
    NumberCase(
        text: "1E2", int64: nil, isWrittenAsInteger: false, isMathematicalInteger: true, double: 100
    ),
    NumberCase(
        text: "1.5", int64: nil, isWrittenAsInteger: false, isMathematicalInteger: false,
        double: 1.5),
    NumberCase(
        text: "0.1e1", int64: nil, isWrittenAsInteger: false, isMathematicalInteger: true, double: 1
    ),
    NumberCase(
        text: "150e-2", int64: nil, isWrittenAsInteger: false, isMathematicalInteger: false,
        double: 1.5),
    NumberCase(
        text: "1e400", int64: nil, isWrittenAsInteger: false, isMathematicalInteger: true,
        double: .infinity),
    NumberCase(
        text: "-1e400", int64: nil, isWrittenAsInteger: false, isMathematicalInteger: true,
        double: -.infinity),
    NumberCase(
        text: "1e-400", int64: nil, isWrittenAsInteger: false, isMathematicalInteger: false,
        double: 0),
    NumberCase(
        text: "1.0000000000000000001", int64: nil, isWrittenAsInteger: false,
        isMathematicalInteger: false, double: 1),
    NumberCase(
        text: "9223372036854775807", int64: .max, isWrittenAsInteger: true,
        isMathematicalInteger: true, double: 9.223372036854775808e18),
    NumberCase(
        text: "-9223372036854775808", int64: .min, isWrittenAsInteger: true,
        isMathematicalInteger: true, double: -9_223_372_036_854_775_808),
    NumberCase(
        text: "9223372036854775808", int64: nil, isWrittenAsInteger: true,
        isMathematicalInteger: true, double: 9_223_372_036_854_775_808),
    NumberCase(
        text: "-9223372036854775809", int64: nil, isWrittenAsInteger: true,
        isMathematicalInteger: true, double: -9_223_372_036_854_775_808),
    NumberCase(
        text: "18446744073709551616", int64: nil, isWrittenAsInteger: true,
        isMathematicalInteger: true, double: 18_446_744_073_709_551_616),
    NumberCase(
        text: "9999999999999999999", int64: nil, isWrittenAsInteger: true,
        isMathematicalInteger: true, double: 1e19),
    NumberCase(
        text: "1000000000000000000", int64: 1_000_000_000_000_000_000, isWrittenAsInteger: true,
        isMathematicalInteger: true, double: 1e18),
    NumberCase(
        text: "123456789012345678", int64: 123_456_789_012_345_678, isWrittenAsInteger: true,
        isMathematicalInteger: true, double: 1.2345678901234568e17),
    NumberCase(
        text: "9007199254740993", int64: 9_007_199_254_740_993, isWrittenAsInteger: true,
        isMathematicalInteger: true, double: 9_007_199_254_740_992),
]

@Test(arguments: numberCases)
func parsesNumbersExactly(_ testCase: NumberCase) throws {
    let number = try #require(try JSONParser().parse(testCase.text).numberValue)
    #expect(number.text == testCase.text)
    #expect(number.int64 == testCase.int64)
    #expect(number.isWrittenAsInteger == testCase.isWrittenAsInteger)
    #expect(number.isMathematicalInteger == testCase.isMathematicalInteger)
    #expect(number.double == testCase.double)
    #expect(number.double.sign == testCase.double.sign)
}

@Test(arguments: numberCases)
func validatedTextInitialiserAgreesWithParser(_ testCase: NumberCase) throws {
    let parsed = try #require(try JSONParser().parse(testCase.text).numberValue)
    let built = JSONNumber(validatedText: testCase.text)
    #expect(built == parsed)
    #expect(built.int64 == parsed.int64)
    #expect(built.isWrittenAsInteger == parsed.isWrittenAsInteger)
}

/// Pairs of number texts and whether they denote the same number.
let numericEqualityCases: [(String, String, Bool)] = [
    ("1", "1.0", true),
    ("1E2", "100", true),
    ("100e-2", "1", true),
    ("0", "-0", true),
    ("0", "-0.0e5", true),
    ("0.5", "5e-1", true),
    ("-2.50", "-25e-1", true),
    ("12345678901234567890123", "12345678901234567890123.0", true),
    ("12345678901234567890123", "12345678901234567890124", false),
    ("9007199254740993", "9007199254740992", false),
    ("1.0000000000000000001", "1", false),
    ("1", "-1", false),
    ("1e400", "1e401", false),
    ("1e400", "10e399", true),
]

@Test(arguments: numericEqualityCases)
func comparesNumbersNumericallyAndExactly(_ a: String, _ b: String, _ isEqual: Bool) {
    let x = JSONNumber(validatedText: a)
    let y = JSONNumber(validatedText: b)
    #expect(x.isNumericallyEqual(to: y) == isEqual)
    #expect(y.isNumericallyEqual(to: x) == isEqual)
}

@Test func textEqualityIsNotNumericEquality() {
    #expect(JSONNumber(validatedText: "1") != JSONNumber(validatedText: "1.0"))
    #expect(JSONNumber(validatedText: "1") == JSONNumber(Int64(1)))
}

@Test func initialisersWriteValidJSONText() throws {
    #expect(JSONNumber(Int64(-42)).text == "-42")
    #expect(JSONNumber(0.1).text == "0.1")
    for value in [0.1, 1e20, 100.0, -2.5e-300, Double.leastNonzeroMagnitude] {
        let text = JSONNumber(value).text
        #expect(try JSONParser().parse(text).numberValue?.double == value)
    }
}
