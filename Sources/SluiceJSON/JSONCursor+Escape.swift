// RFC 8259 section 7: the two-character escapes and `\uXXXX`, with UTF-16 surrogate
// pairs for characters outside the Basic Multilingual Plane.

extension JSONCursor {
    /// Decodes the escape whose backslash is at `index` into `unescaped`.
    mutating func decodeEscape() throws(JSONError) {
        let escapeStart = index
        index += 1
        guard index < end else { throw endOfInput("an escape sequence") }
        let c = base[index]
        index += 1

        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(c)
        case UInt8(ascii: "b"): unescaped.append(0x08)
        case UInt8(ascii: "f"): unescaped.append(0x0C)
        case UInt8(ascii: "n"): unescaped.append(0x0A)
        case UInt8(ascii: "r"): unescaped.append(0x0D)
        case UInt8(ascii: "t"): unescaped.append(0x09)
        case UInt8(ascii: "u"): try decodeUnicodeEscape(escapeStart: escapeStart)
        case 0:
            index -= 1
            throw nulByte("inside an escape sequence")
        default:
            throw JSONError(
                .invalidEscape, at: escapeStart,
                "Found the unknown escape '\\\(describeByte(at: escapeStart + 1))' in a string; JSON allows only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX."
            )
        }
    }

    /// Decodes `XXXX` (and a following `\uXXXX` low surrogate when needed).
    private mutating func decodeUnicodeEscape(escapeStart: Int) throws(JSONError) {
        var scalar = try readHex4(escapeStart: escapeStart)
        if scalar >= 0xDC00 && scalar <= 0xDFFF {
            throw loneSurrogate(escapeStart, "is a low surrogate with no high surrogate before it")
        }

        if scalar >= 0xD800 && scalar <= 0xDBFF {
            guard index < end else { throw endOfInput("a low surrogate escape") }
            guard base[index] == UInt8(ascii: "\\") else {
                throw loneSurrogate(
                    escapeStart, "is a high surrogate not followed by a '\\u' low surrogate")
            }
            guard index + 1 < end else { throw endOfInput("a low surrogate escape") }
            guard base[index + 1] == UInt8(ascii: "u") else {
                throw loneSurrogate(
                    escapeStart, "is a high surrogate not followed by a '\\u' low surrogate")
            }

            index += 2
            let low = try readHex4(escapeStart: index - 2)
            guard low >= 0xDC00 && low <= 0xDFFF else {
                throw loneSurrogate(
                    escapeStart,
                    "is a high surrogate followed by a '\\u' escape that is not a low surrogate")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        appendUTF8(scalar)
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < end else { throw endOfInput("four hex digits of a '\\u' escape") }
            let c = base[index]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            case 0: throw nulByte("inside a '\\u' escape")
            default:
                throw JSONError(
                    .invalidEscape, at: escapeStart,
                    "Found \(describeByte(at: index)) inside a '\\u' escape, which needs exactly four hex digits."
                )
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func loneSurrogate(_ escapeStart: Int, _ why: String) -> JSONError {
        let text = String(
            decoding: UnsafeBufferPointer(start: base + escapeStart, count: 6), as: UTF8.self)
        return JSONError(
            .loneSurrogate, at: escapeStart,
            "The escape '\(text)' \(why); a lone surrogate is not a Unicode character, so JSON text carrying one cannot be decoded to UTF-8."
        )
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        Self.appendUTF8(scalar, to: &unescaped)
    }

    /// Appends the UTF-8 encoding of `scalar` (a Unicode scalar value, never a surrogate).
    @inline(__always)
    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
