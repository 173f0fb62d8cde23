// RFC 8259 section 7 (strings and escapes) and section 8.1 (UTF-8); well-formedness as in
// RFC 3629 section 4 / Unicode Table 3-7, checked by the same rules as `JSONCursor`.

import CByteMasks

extension JSONTapeBuilder {
    /// Checks the string whose opening quote is at `quote` in `base[..<end]`, escapes
    /// included, without decoding it. Returns the offset of its closing quote and its token
    /// flags, or `nil` when it is not a valid string. Static, so that the walk's locals are
    /// passed in registers rather than through a copy of the builder.
    @inline(__always)
    static func scanString(
        _ base: UnsafePointer<UInt8>, end: Int, openingQuoteAt quote: Int
    ) -> (stop: Int, flags: UInt8)? {
        let start = quote &+ 1
        var (stop, high) = scanPlainRun(base, from: start, end: end)
        var flags: UInt8 = 0
        while true {
            guard stop < end else { return nil }
            let b = base[stop]
            if b == UInt8(ascii: "\"") { break }
            guard b == UInt8(ascii: "\\"), let after = skipEscape(base, end: end, at: stop) else {
                return nil
            }

            flags = JSONTapeToken.hasEscapes
            let run = scanPlainRun(base, from: after, end: end)
            stop = run.stop
            high |= run.high
        }

        if high != 0 {
            guard isWellFormedUTF8(base, from: start, to: stop) else { return nil }
            flags |= JSONTapeToken.hasNonASCII
        }
        return (stop, flags)
    }

    /// The first offset at or after `start` holding `"`, `\` or a byte below 0x20 (or `end`),
    /// and non-zero when a byte of 0x80 or above comes before it. Reads sixteen bytes at a
    /// time (`sluice_string_block_masks`: one mask bit per byte for each question); fewer
    /// than sixteen bytes left are read as the last sixteen of the input, their mask shifted
    /// past the bytes already seen, so only an input shorter than sixteen bytes reads single
    /// bytes. Never reads outside `base[..<end]`.
    @inline(__always)
    static func scanPlainRun(
        _ base: UnsafePointer<UInt8>, from start: Int, end: Int
    ) -> (stop: Int, high: UInt32) {
        var i = start
        var high: UInt32 = 0
        while i &+ 16 <= end {
            let masks = sluice_string_block_masks(base + i)
            let stops = masks & 0xFFFF
            if stops != 0 {
                // The high bits of the bytes before the first stop; the stop itself is ASCII.
                let before = (stops & (0 &- stops)) &- 1
                return (i &+ stops.trailingZeroBitCount, high | masks &>> 16 & before)
            }
            high |= masks
            i &+= 16
        }
        guard i < end else { return (i, high) }

        guard end >= 16 else { return scanShortRun(base, from: i, end: end, high: high) }
        // The last sixteen bytes of the input, without the `skip` of them before `i`.
        let skip = UInt32(truncatingIfNeeded: i &- (end &- 16))
        let masks = sluice_string_block_masks(base + (end &- 16))
        let stops = (masks & 0xFFFF) &>> skip
        let highs = masks &>> (16 &+ skip)
        guard stops != 0 else { return (end, high | highs) }
        let before = (stops & (0 &- stops)) &- 1
        return (i &+ stops.trailingZeroBitCount, high | highs & before)
    }

    /// `scanPlainRun` a byte at a time, for inputs shorter than one block.
    private static func scanShortRun(
        _ base: UnsafePointer<UInt8>, from start: Int, end: Int, high: UInt32
    ) -> (stop: Int, high: UInt32) {
        var i = start
        var high = high
        while i < end {
            let b = base[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            high |= UInt32(b & 0x80)
            i &+= 1
        }
        return (i, high)
    }

    /// The offset after the valid escape whose backslash is at `at`, or `nil`. A high
    /// surrogate `\u` escape must be followed by a low one, and a low one never stands alone.
    private static func skipEscape(_ base: UnsafePointer<UInt8>, end: Int, at: Int) -> Int? {
        guard at + 1 < end else { return nil }
        switch base[at + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return at + 2
        case UInt8(ascii: "u"):
            break
        default:
            return nil
        }

        guard let unit = hex4(base, end: end, at: at + 2), unit & 0xFC00 != 0xDC00 else {
            return nil
        }
        guard unit & 0xFC00 == 0xD800 else { return at + 6 }
        guard at + 7 < end, base[at + 6] == UInt8(ascii: "\\"), base[at + 7] == UInt8(ascii: "u"),
            let low = hex4(base, end: end, at: at + 8), low & 0xFC00 == 0xDC00
        else { return nil }
        return at + 12
    }

    /// The four hex digits at `at` as a UTF-16 code unit, or `nil`.
    @inline(__always)
    private static func hex4(_ base: UnsafePointer<UInt8>, end: Int, at: Int) -> UInt32? {
        guard at + 4 <= end else { return nil }
        var value: UInt32 = 0
        for k in 0..<4 {
            guard let digit = hexDigit(base[at + k]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    @inline(__always)
    static func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c &- UInt8(ascii: "A") &+ 10)
        default: return nil
        }
    }

    /// Whether `from..<to` is well-formed UTF-8; escapes inside are plain ASCII to it.
    private static func isWellFormedUTF8(
        _ base: UnsafePointer<UInt8>, from: Int, to: Int
    ) -> Bool {
        var i = from
        while i < to {
            let lead = base[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let (length, lower, upper) = JSONCursor.utf8SequenceShape(lead: lead)
            guard length > 0, i + length <= to else { return false }

            let second = base[i + 1]
            guard second >= lower && second <= upper else { return false }
            for k in 2..<max(length, 2) where base[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }
}
