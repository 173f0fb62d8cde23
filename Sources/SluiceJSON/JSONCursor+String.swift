extension JSONCursor {
    /// Parses a string starting at its opening quote; validates UTF-8 and decodes escapes.
    mutating func parseString() throws(JSONError) -> String {
        index += 1
        let start = index

        // Fast path: a run of plain ASCII up to the closing quote needs no decoding.
        while index < end {
            let b = byte(at: index)
            if b == UInt8(ascii: "\"") {
                let text = String(
                    decoding: UnsafeBufferPointer(start: base! + start, count: index - start),
                    as: UTF8.self)
                index += 1
                return text
            }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { break }
            index += 1
        }

        var scratch: [UInt8] = []
        scratch.reserveCapacity(index - start + 16)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base! + start, count: index - start))
        while true {
            guard index < end else {
                throw JSONError(
                    .unexpectedEnd, at: index,
                    "The input ends inside a string; expected a closing '\"'.")
            }
            let b = byte(at: index)
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try decodeEscape(into: &scratch)
            case 0:
                throw JSONError(.nulByte, at: index, "Found a NUL byte inside a string.")
            case 0x01..<0x20:
                throw JSONError(
                    .controlCharacterInString, at: index,
                    "Found control character 0x\(String(b, radix: 16)) inside a string; it must be escaped."
                )
            case 0x20..<0x80:
                scratch.append(b)
                index += 1
            default:
                try copyMultibyteScalar(into: &scratch)
            }
        }
    }

    /// Validates one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates,
    /// nothing above U+10FFFF) and copies it.
    mutating func copyMultibyteScalar(into scratch: inout [UInt8]) throws(JSONError) {
        let lead = byte(at: index)
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw invalidUTF8()
        }
        guard end - index >= length else { throw invalidUTF8() }
        let second = byte(at: index + 1)
        guard second >= lower && second <= upper else { throw invalidUTF8() }
        for offset in 2..<max(2, length) where byte(at: index + offset) & 0xC0 != 0x80 {
            throw invalidUTF8()
        }
        scratch.append(contentsOf: UnsafeBufferPointer(start: base! + index, count: length))
        index += length
    }

    func invalidUTF8() -> JSONError {
        JSONError(
            .invalidUTF8, at: index,
            "Found a byte sequence that is not valid UTF-8 inside a string.")
    }

    mutating func decodeEscape(into scratch: inout [UInt8]) throws(JSONError) {
        let escapeStart = index
        index += 1
        guard index < end else {
            throw JSONError(.unexpectedEnd, at: index, "The input ends inside an escape sequence.")
        }
        let c = byte(at: index)
        index += 1
        switch c {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4(escapeStart: escapeStart)
            if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw JSONError(
                    .loneSurrogate, at: escapeStart,
                    "Found a low surrogate escape '\\u\(String(scalar, radix: 16))' with no high surrogate before it."
                )
            }
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard end - index >= 6, byte(at: index) == UInt8(ascii: "\\"),
                    byte(at: index + 1) == UInt8(ascii: "u")
                else {
                    throw JSONError(
                        .loneSurrogate, at: escapeStart,
                        "Found a high surrogate escape '\\u\(String(scalar, radix: 16))' not followed by a low surrogate escape."
                    )
                }
                index += 2
                let low = try readHex4(escapeStart: index - 2)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw JSONError(
                        .loneSurrogate, at: escapeStart,
                        "Found a high surrogate escape '\\u\(String(scalar, radix: 16))' followed by '\\u\(String(low, radix: 16))', which is not a low surrogate."
                    )
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            appendUTF8(scalar, to: &scratch)
        default:
            throw JSONError(
                .invalidEscape, at: escapeStart, "Found an unknown escape sequence in a string.")
        }
    }

    mutating func readHex4(escapeStart: Int) throws(JSONError) -> UInt32 {
        guard end - index >= 4 else {
            throw JSONError(
                .invalidEscape, at: escapeStart, "Found a '\\u' escape without four hex digits.")
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = byte(at: index)
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default:
                throw JSONError(
                    .invalidEscape, at: escapeStart, "Found a '\\u' escape without four hex digits."
                )
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    func appendUTF8(_ scalar: UInt32, to scratch: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
