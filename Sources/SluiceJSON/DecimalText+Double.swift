extension DecimalText {
    /// The exact value of `value`, a finite double without a fraction. Every such double is
    /// an integer m × 2^k (m below 2^53), and all of its decimal digits are written out, so
    /// `compare` says exactly whether a number's text is the double's value.
    ///
    /// - Precondition: `value` is finite and integral.
    public init(integral value: Double) {
        precondition(
            value.isFinite && value == value.rounded(.towardZero), "\(value) is not integral")
        isNegative = value < 0
        exponent = 0
        let magnitude = value.magnitude
        guard magnitude >= 0x1p63 else {
            digits = magnitude == 0 ? [] : Self.decimalDigits(UInt64(magnitude))
            return
        }
        // Past 2^63 the double is normal: its significand with the hidden bit, times 2^k.
        let significand = magnitude.significandBitPattern | 1 << 52
        let doublings = Int(magnitude.exponent) - 52
        // Base 10^9 limbs, least significant first, doubled `doublings` times.
        var limbs: [UInt64] = [significand % 1_000_000_000, significand / 1_000_000_000]
        for _ in 0..<doublings {
            var carry: UInt64 = 0
            for index in limbs.indices {
                let doubled = limbs[index] * 2 + carry
                limbs[index] = doubled % 1_000_000_000
                carry = doubled / 1_000_000_000
            }
            if carry > 0 { limbs.append(carry) }
        }
        while limbs.count > 1, limbs.last == 0 { limbs.removeLast() }
        var written = Self.decimalDigits(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let part = Self.decimalDigits(limb)
            written += [UInt8](repeating: 0, count: 9 - part.count) + part
        }
        digits = written
    }

    /// The decimal digits of `value`, most significant first; empty for zero.
    private static func decimalDigits(_ value: UInt64) -> [UInt8] {
        var digits: [UInt8] = []
        var rest = value
        while rest > 0 {
            digits.append(UInt8(rest % 10))
            rest /= 10
        }
        return digits.reversed()
    }

    /// Whether `double`, the nearest double to the JSON number `text`, is faithful to it:
    /// storing it keeps what the sender meant. For `text` written as an integer (digits
    /// alone, without a fraction or an exponent) it is when the double is the integer exactly,
    /// or when `text` is the double's shortest round-trip digits padded with zeros, as a
    /// sender that held the number as a double writes it (JavaScript writes 2^60 as
    /// `1152921504606847000`); it is not for `9007199254740993`, whose nearest double is
    /// ...992. Numbers written with a fraction or an exponent are decimals a double
    /// approximates by nature: always faithful.
    @inlinable
    public static func isFaithful(_ double: Double, to text: some Collection<UInt8>)
        -> Bool
    {
        let isInteger = !text.contains {
            $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
        }
        guard isInteger else { return true }
        guard double.isFinite, double == double.rounded(.towardZero),
            let written = DecimalText(text)
        else { return false }
        if compare(written, DecimalText(integral: double)) == 0 { return true }
        guard let shortest = DecimalText(Array(double.description.utf8)) else { return false }
        return compare(written, shortest) == 0
    }
}
