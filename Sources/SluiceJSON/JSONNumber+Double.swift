// RFC 8259 section 6 number text to IEEE 754 binary64, correctly rounded. The fast path is
// Clinger's (1990): when the decimal significand and the power of ten are both exact doubles,
// one multiplication or division rounds exactly once, so it gives the correctly rounded value.

extension JSONNumber {
    /// The exact powers of ten a double holds: 10^22 is the last below 2^53 * 2^22.
    @usableFromInline
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The nearest `Double` to the number written as `utf8`, exactly what `Double(text)`
    /// (the C library's `strtod`) gives for the same text: `±infinity` beyond the range and
    /// `±0` below it.
    ///
    /// Texts of up to 19 digits whose significand is below 2^53 and whose power of ten is
    /// within ±22 are converted in a few instructions; others take `Double(text)`.
    ///
    /// - Precondition: `utf8` matches the RFC 8259 number grammar.
    public static func double(utf8: UnsafeRawBufferPointer) -> Double {
        fastDouble(utf8) ?? Double(String(decoding: utf8, as: UTF8.self)) ?? .nan
    }

    /// Clinger's fast path, or `nil` when the text is outside it.
    static func fastDouble(_ utf8: UnsafeRawBufferPointer) -> Double? {
        let count = utf8.count
        var i = 0
        let isNegative = count > 0 && utf8[0] == UInt8(ascii: "-")
        if isNegative { i = 1 }

        // Every digit of the integer and fraction parts, leading zeros included, goes into
        // `significand`; past 19 digits it could overflow, so such texts take the slow path.
        var significand: UInt64 = 0
        var digitCount = 0
        var fractionDigits = 0
        var isInFraction = false
        while i < count {
            let byte = utf8[i]
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                significand = significand &* 10 &+ UInt64(digit)
                digitCount += 1
                if isInFraction { fractionDigits += 1 }
            } else if byte == UInt8(ascii: ".") {
                isInFraction = true
            } else {
                break
            }
            i += 1
        }
        guard digitCount <= 19 else { return nil }

        var exponent = 0
        if i < count {
            // Only an exponent can follow: `e` or `E`, an optional sign, one or more digits.
            i += 1
            let isExponentNegative = utf8[i] == UInt8(ascii: "-")
            if utf8[i] == UInt8(ascii: "-") || utf8[i] == UInt8(ascii: "+") { i += 1 }
            guard count - i <= 4 else { return nil }
            while i < count {
                exponent = exponent * 10 + Int(utf8[i] &- UInt8(ascii: "0"))
                i += 1
            }
            if isExponentNegative { exponent = -exponent }
        }

        if significand == 0 { return isNegative ? -0.0 : 0.0 }
        let power = exponent - fractionDigits
        guard significand <= 1 << 53, power >= -22, power <= 22 else { return nil }
        let scaled =
            power >= 0
            ? Double(significand) * exactPowersOfTen[power]
            : Double(significand) / exactPowersOfTen[-power]
        return isNegative ? -scaled : scaled
    }
}
