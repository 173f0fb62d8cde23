import Testing

@testable import SluiceJSON

/// A number's text read exactly: integers written with a fraction or an exponent, and the
/// order of numbers one double cannot tell apart.
@Suite struct DecimalTextTests {
    static func int64(_ text: String) -> Int64?? {
        DecimalText(text.utf8).map(\.int64)
    }

    @Test(
        arguments: [
            ("1.0", 1), ("-2.000", -2), ("1.5e1", 15), ("150e-1", 15), ("0.0e5", 0), ("-0.0", 0),
            ("9007199254740993.0", 9_007_199_254_740_993), ("9223372036854775807.0", Int64.max),
            ("-9223372036854775808.0", Int64.min), ("1e18", 1_000_000_000_000_000_000),
            ("0e-400", 0), ("007", 7), ("0e999999", 0), ("-0.00e-99999999999999999999", 0),
        ] as [(String, Int64)])
    func integersWrittenWithAFractionOrExponentAreExact(text: String, expected: Int64) {
        #expect(Self.int64(text) == .some(expected), "\(text)")
    }

    /// Read as numbers, but not integers within `Int64`.
    @Test(arguments: [
        "1.0000000000000000001", "0.99999999999999999999", "1e-400", "123456789012345678.9",
        "9223372036854775808.0", "-9223372036854775809.0", "1e19", "1e400", "0.5",
    ])
    func fractionsAndOutOfRangeNumbersAreNotIntegers(text: String) {
        #expect(Self.int64(text) == .some(nil), "\(text)")
    }

    @Test(arguments: ["", "-", ".", "1e", "1e+", "15E-1e", "1..0", "a", "1e100000", "0e1x"])
    func whatIsNotANumberIsNotRead(text: String) {
        #expect(DecimalText(text.utf8) == nil, "\(text)")
    }

    @Test(
        arguments: [
            ("9223372036854775808", "9223372036854775807", 1),
            ("1e20", "100000000000000000001", -1),
            ("-0", "0", 0), ("0.10", "0.1", 0), ("-1.5", "-1.25", -1), ("1e2", "100.0", 0),
            ("0.001", "0.01", -1), ("-3", "2", -1),
        ] as [(String, String, Int)])
    func ordersExactly(a: String, b: String, order: Int) throws {
        let (x, y) = (try #require(DecimalText(a.utf8)), try #require(DecimalText(b.utf8)))
        #expect(DecimalText.compare(x, y) == order, "\(a) vs \(b)")
        #expect(DecimalText.compare(y, x) == -order, "\(b) vs \(a)")
    }

    /// Integral doubles written out in full, checked against the exact powers of two and
    /// against Python's `int(float)` for a few large ones.
    @Test(
        arguments: [
            (0.0, "0"), (-7.0, "-7"), (0x1p53, "9007199254740992"),
            (0x1p63, "9223372036854775808"), (0x1p64, "18446744073709551616"),
            (1e20, "100000000000000000000"), (-0x1p70, "-1180591620717411303424"),
            (1e30, "1000000000000000019884624838656"),
        ] as [(Double, String)])
    func integralDoublesAreWrittenExactly(value: Double, text: String) throws {
        let exact = DecimalText(integral: value)
        #expect(DecimalText.compare(exact, try #require(DecimalText(text.utf8))) == 0, "\(value)")
    }

    /// The largest double has 309 digits, all written out, ending in ...858368.
    @Test func theLargestDoubleIsWrittenInFull() {
        let digits = DecimalText(integral: .greatestFiniteMagnitude).digits
        #expect(digits.count == 309)
        #expect(digits.prefix(17) == [1, 7, 9, 7, 6, 9, 3, 1, 3, 4, 8, 6, 2, 3, 1, 5, 7])
        #expect(digits.suffix(6) == [8, 5, 8, 3, 6, 8])
    }

    /// A number written as an integer fits a double only when the double is its value; one
    /// written with a fraction or an exponent is a decimal, which a double approximates.
    @Test(
        arguments: [
            ("9007199254740992", true), ("9007199254740993", false), ("-9007199254740993", false),
            // 2^60 as JavaScript writes it, and exactly; a digit off is neither.
            ("1152921504606847000", true), ("1152921504606846976", true),
            ("1152921504606847001", false),
            ("100000000000000000000", true), ("123456789012345678901234567890", false),
            ("9007199254740993.0", true), ("0.1", true), ("1e400", true), ("-0", true),
        ] as [(String, Bool)])
    func integersFitADoubleOnlyExactly(text: String, fits: Bool) {
        let double = Double(text) ?? .nan
        #expect(DecimalText.isFaithful(double, to: Array(text.utf8)) == fits, "\(text)")
    }
}
