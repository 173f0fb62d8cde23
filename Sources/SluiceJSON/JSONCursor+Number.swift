// RFC 8259 section 6: number = [ minus ] int [ frac ] [ exp ], with no leading zeros,
// no leading '+', no bare '.', and no NaN or Infinity.

extension JSONCursor {
    /// Parses the number starting at `index`. The integer value is accumulated while the
    /// digits are scanned, so integers never go through text conversion; the `Double` is
    /// left to `JSONNumber.double`, computed only when asked for.
    mutating func parseNumber() throws(JSONError) -> JSONNumber {
        let start = index
        let isNegative = base[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        try requireDigit("a digit after '-'")

        let integerStart = index
        var magnitude: UInt64 = 0
        if base[index] == UInt8(ascii: "0") {
            index += 1
            if index < end && JSONCursor.isDigit(base[index]) { throw leadingZero() }
        } else {
            while index < end, case let digit = base[index] &- UInt8(ascii: "0"), digit < 10 {
                magnitude = magnitude &* 10 &+ UInt64(digit)
                index += 1
            }
        }
        let integerDigitCount = index - integerStart

        let isInteger = try skipFractionAndExponent()
        guard buildsValues else {
            return JSONNumber(writtenText: nil, int64: 0, isWrittenAsInteger: true)
        }

        let int64 =
            isInteger ? JSONCursor.int64(magnitude, digitCount: integerDigitCount, isNegative) : nil
        if let int64, !(isNegative && int64 == 0) {
            // Written exactly as `String(int64)`: the text is rebuilt on demand.
            return JSONNumber(writtenText: nil, int64: int64, isWrittenAsInteger: true)
        }

        let text = String(
            decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        return JSONNumber(writtenText: text, int64: int64, isWrittenAsInteger: isInteger)
    }

    /// Skips `.digits` and `e[+-]digits` when present; returns whether neither was.
    @inline(__always)
    private mutating func skipFractionAndExponent() throws(JSONError) -> Bool {
        var isInteger = true
        if index < end && base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            try requireDigit("a digit after the decimal point")
            skipDigits()
        }

        if index < end && base[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < end && (base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-"))
            {
                index += 1
            }
            try requireDigit("a digit in the exponent")
            skipDigits()
        }
        return isInteger
    }

    /// The integer when it fits `Int64`. Up to 18 digits always fit; 19 digits cannot
    /// overflow the `UInt64` accumulator, so its range check is exact; 20 or more digits
    /// may have wrapped and never fit.
    @inline(__always)
    static func int64(_ magnitude: UInt64, digitCount: Int, _ isNegative: Bool) -> Int64? {
        guard digitCount <= 19 else { return nil }
        if isNegative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

    @inline(__always)
    private mutating func skipDigits() {
        while index < end && JSONCursor.isDigit(base[index]) { index += 1 }
    }

    @inline(__always)
    private func requireDigit(_ expected: @autoclosure () -> String) throws(JSONError) {
        if index < end && JSONCursor.isDigit(base[index]) { return }
        throw missingDigit(expected())
    }

    private func missingDigit(_ expected: String) -> JSONError {
        guard index < end else { return endOfInput(expected) }
        if base[index] == 0 { return nulByte("where \(expected) was expected") }
        return JSONError(
            .invalidNumber, at: index,
            "Found \(describeByte(at: index)) in a number where \(expected) was expected.")
    }

    private func leadingZero() -> JSONError {
        JSONError(
            .invalidNumber, at: index,
            "Found a number with a leading zero; JSON numbers other than 0 itself cannot start with '0' (write '7', not '07', or quote the value as a string)."
        )
    }
}
