import Testing

@testable import SluiceJob

/// A number written with a fraction or an exponent goes into an INT64 column only when its
/// text denotes an integer exactly: the nearest double used to decide, and stored values the
/// event never had (`1.0000000000000000001` as 1, `9007199254740993.0` as ...992).
@Suite struct ExactIntegerTests {
    static func value(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBytes { ExactInteger.value(of: $0) }
    }

    @Test(
        arguments: [
            ("1.0", 1), ("-2.000", -2), ("1.5e1", 15), ("15E-1e", nil), ("150e-1", 15),
            ("9007199254740993.0", 9_007_199_254_740_993), ("0.0e5", 0), ("-0.0", 0),
            ("9223372036854775807.0", Int64.max), ("-9223372036854775808.0", Int64.min),
            ("1e18", 1_000_000_000_000_000_000), ("0e-400", 0),
        ] as [(String, Int64?)])
    func integersWrittenWithAFractionOrExponentAreExact(text: String, expected: Int64?) {
        #expect(Self.value(text) == expected, "\(text)")
    }

    @Test(arguments: [
        "1.0000000000000000001", "0.99999999999999999999", "1e-400", "123456789012345678.9",
        "9223372036854775808.0", "-9223372036854775809.0", "1e19", "1e400", "0.5", "", "-", ".",
    ])
    func fractionsAndOutOfRangeNumbersAreNot(text: String) {
        #expect(Self.value(text) == nil, "\(text)")
    }
}
