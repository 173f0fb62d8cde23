// RFC 8259 section 7: decoding the escapes of strings a tape has already validated.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension JSONTape {
    /// The bytes between the quotes of string token t, escapes undecoded; when
    /// `hasEscapes(t)` is false they are the decoded UTF-8. For a number token, its text.
    /// Valid as long as `bytes` is.
    ///
    /// - Precondition: t is a `.string` or `.number` token.
    @inlinable @inline(__always)
    public func rawBytes(_ t: Int, in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let token = token(t)
        precondition(
            token.kind == .string || token.kind == .number,
            "token \(t) is \(token.kind), which has no text of its own")
        return UnsafeRawBufferPointer(
            rebasing: bytes[Int(token.start)..<Int(token.start) + Int(token.length)])
    }

    /// The decoded text of string token t (a key or a value).
    public func string(_ t: Int, in bytes: UnsafeRawBufferPointer) -> String {
        let raw = rawBytes(t, in: bytes)
        guard hasEscapes(t) else { return String(decoding: raw, as: UTF8.self) }

        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        JSONTape.appendUnescaped(raw, to: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Appends the decoded UTF-8 of string token t to `out`.
    public func appendDecoded(
        _ t: Int, in bytes: UnsafeRawBufferPointer, to out: inout [UInt8]
    ) {
        let raw = rawBytes(t, in: bytes)
        guard hasEscapes(t) else {
            out.append(contentsOf: raw)
            return
        }
        JSONTape.appendUnescaped(raw, to: &out)
    }

    /// Whether string token t decodes to exactly `text`; a plain byte comparison unless the
    /// string holds escapes.
    public func equals(_ t: Int, _ text: StaticString, in bytes: UnsafeRawBufferPointer) -> Bool {
        let expected = UnsafeRawBufferPointer(
            start: text.utf8Start, count: text.utf8CodeUnitCount)
        return equals(t, expected, in: bytes)
    }

    /// Whether string token t decodes to exactly `text`.
    public func equals(_ t: Int, _ text: String, in bytes: UnsafeRawBufferPointer) -> Bool {
        var text = text
        return text.withUTF8 { equals(t, UnsafeRawBufferPointer($0), in: bytes) }
    }

    /// Whether string token t decodes to exactly the UTF-8 bytes `expected`; `false` for
    /// tokens of other kinds.
    public func equals(
        _ t: Int, _ expected: UnsafeRawBufferPointer, in bytes: UnsafeRawBufferPointer
    ) -> Bool {
        guard kind(t) == .string else { return false }
        let raw = rawBytes(t, in: bytes)
        guard hasEscapes(t) else { return JSONTape.isEqual(raw, expected) }

        // Escapes only ever shorten the text, so a longer expectation cannot match.
        guard expected.count <= raw.count else { return false }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        JSONTape.appendUnescaped(raw, to: &decoded)
        return decoded.withUnsafeBytes { JSONTape.isEqual($0, expected) }
    }

    @inline(__always)
    static func isEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0 else { return true }
        return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }

    /// Decodes validated string contents: every backslash starts a well-formed escape, and a
    /// high surrogate `\u` escape is always followed by its low one.
    static func appendUnescaped(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        var i = 0
        var runStart = 0
        while i < raw.count {
            guard raw[i] == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[runStart..<i]))

            let c = raw[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): appendUnicodeEscape(raw, at: &i, to: &out)
            default: out.append(c)
            }
            runStart = i
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[runStart..<raw.count]))
    }

    /// Decodes the `XXXX` at `i` (and `\uXXXX` after it for a high surrogate) as UTF-8.
    private static func appendUnicodeEscape(
        _ raw: UnsafeRawBufferPointer, at i: inout Int, to out: inout [UInt8]
    ) {
        var scalar = hex4(raw, at: i)
        i += 4
        if scalar & 0xFC00 == 0xD800 {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex4(raw, at: i + 2) - 0xDC00)
            i += 6
        }

        JSONCursor.appendUTF8(scalar, to: &out)
    }

    private static func hex4(_ raw: UnsafeRawBufferPointer, at i: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 { value = value << 4 | JSONTapeBuilder.hexDigit(raw[i + k])! }
        return value
    }
}
