// RFC 8259 section 6: number = [ minus ] int [ frac ] [ exp ], with no leading zeros,
// no leading '+', no bare '.', and no NaN or Infinity.

extension JSONTapeBuilder {
    /// Checks the number at `index` and appends its token, with its `Int64` value when it
    /// is written as an integer that fits (accumulated while the digits are scanned).
    @inline(__always)
    mutating func parseNumber() -> Bool {
        let start = index
        let isNegative = base[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        guard index < end, JSONCursor.isDigit(base[index]) else { return false }

        let integerStart = index
        var magnitude: UInt64 = 0
        if base[index] == UInt8(ascii: "0") {
            index += 1
            if index < end && JSONCursor.isDigit(base[index]) { return false }
        } else {
            while index < end, case let digit = base[index] &- UInt8(ascii: "0"), digit < 10 {
                magnitude = magnitude &* 10 &+ UInt64(digit)
                index += 1
            }
        }
        let integerDigitCount = index - integerStart

        guard let isInteger = skipFractionAndExponent() else { return false }
        var flags: UInt8 = 0
        var value: Int64 = 0
        if isInteger {
            flags = JSONTapeToken.isInteger
            if let int64 = JSONCursor.int64(magnitude, digitCount: integerDigitCount, isNegative) {
                (flags, value) = (flags | JSONTapeToken.fitsInt64, int64)
            }
        }
        append(.number, start: start, length: index - start, flags: flags, int64: value)
        return true
    }

    /// Skips `.digits` and `e[+-]digits` when present; whether neither was, or `nil` when
    /// one is malformed.
    @inline(__always)
    private mutating func skipFractionAndExponent() -> Bool? {
        var isInteger = true
        if index < end && base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard skipDigits() else { return nil }
        }

        if index < end && base[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < end && (base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-"))
            {
                index += 1
            }
            guard skipDigits() else { return nil }
        }
        return isInteger
    }

    /// Skips one or more digits; `false` when there is none.
    @inline(__always)
    private mutating func skipDigits() -> Bool {
        let first = index
        while index < end && JSONCursor.isDigit(base[index]) { index += 1 }
        return index > first
    }
}
