extension JSONCursor {
    /// Parses a number by the RFC 8259 grammar: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    mutating func parseNumber() throws(JSONError) -> JSONNumber {
        let start = index
        if byte(at: index) == UInt8(ascii: "-") { index += 1 }
        guard index < end, isDigit(byte(at: index)) else {
            throw JSONError(.invalidNumber, at: start, "Found a '-' not followed by a digit.")
        }
        if byte(at: index) == UInt8(ascii: "0") {
            index += 1
            if index < end, isDigit(byte(at: index)) {
                throw JSONError(.invalidNumber, at: start, "Found a number with a leading zero.")
            }
        } else {
            skipDigits()
        }

        if index < end, byte(at: index) == UInt8(ascii: ".") {
            index += 1
            guard index < end, isDigit(byte(at: index)) else {
                throw JSONError(
                    .invalidNumber, at: start,
                    "Found a number whose '.' is not followed by a digit.")
            }
            skipDigits()
        }

        if index < end, byte(at: index) | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < end,
                byte(at: index) == UInt8(ascii: "+") || byte(at: index) == UInt8(ascii: "-")
            {
                index += 1
            }
            guard index < end, isDigit(byte(at: index)) else {
                throw JSONError(
                    .invalidNumber, at: start, "Found a number whose exponent has no digits.")
            }
            skipDigits()
        }

        let text = String(
            decoding: UnsafeBufferPointer(start: base! + start, count: index - start), as: UTF8.self
        )
        return JSONNumber(validatedText: text)
    }

    @inline(__always)
    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while index < end, isDigit(byte(at: index)) { index += 1 }
    }
}
