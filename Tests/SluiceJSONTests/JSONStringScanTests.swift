import CByteMasks
import Testing

@testable import SluiceJSON

/// The string scan reads sixteen-byte blocks and, near the end of the input, the last sixteen
/// bytes with a shifted mask. `JSONParser` shares that scan, so comparing the tape with the
/// tree cannot catch a fault in it: these tests compare it with byte-at-a-time references.
@Suite struct JSONStringScanTests {
    /// Bytes that end a plain run, bytes that do not (space, DEL, 0x7F), and high bytes.
    static let blockBytes: [UInt8] = [0x00, 0x09, 0x1F, 0x20, 0x22, 0x5C, 0x7F, 0x80, 0xC3, 0xFF]

    /// Every byte value at every position of a block, over fillers that are plain, high, a
    /// stop: the SSE2 masks equal the portable ones, and the portable ones the definition.
    @Test(arguments: [UInt8(0x61), 0x80, 0x22, 0x1F])
    func blockMasksMarkEveryByteAtEveryPosition(_ filler: UInt8) {
        for position in 0..<16 {
            for value in 0...255 {
                var block = [UInt8](repeating: filler, count: 16)
                block[position] = UInt8(value)
                let expected = Self.definedMasks(block)
                let portable = block.withUnsafeBytes {
                    sluice_string_block_masks_portable($0.baseAddress!)
                }
                let fast = block.withUnsafeBytes { sluice_string_block_masks($0.baseAddress!) }
                #expect(portable == expected, "byte \(value) at \(position)")
                #expect(fast == expected, "byte \(value) at \(position)")
            }
        }
    }

    /// `scanPlainRun` from every start of inputs of 0 to 40 bytes holding one of
    /// `blockBytes` at every position, followed by plain bytes or by high bytes (which must
    /// not count when they come after the stop): the same stop, and non-ASCII exactly when
    /// a high byte comes before it. The buffer is exactly as long as the input, so a read
    /// past the end would show under a sanitizer.
    @Test(arguments: blockBytes)
    func plainRunStopsWhereAByteLoopStops(_ special: UInt8) {
        for count in 0...40 {
            for position in 0..<max(count, 1) {
                for isHighAfter in [false, true] {
                    var bytes = (0..<count).map { UInt8(ascii: "a") + UInt8($0 % 26) }
                    if position < count { bytes[position] = special }
                    for k in bytes.indices where isHighAfter && k > position { bytes[k] = 0xC3 }
                    checkPlainRun(bytes)
                }
            }
        }
    }

    func checkPlainRun(_ bytes: [UInt8]) {
        let count = bytes.count
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(count, 1))
        defer { buffer.deallocate() }
        _ = buffer.initialize(from: bytes)

        for start in 0...count {
            let run = JSONTapeBuilder.scanPlainRun(
                UnsafePointer(buffer.baseAddress!), from: start, end: count)
            let expected = Self.referenceRun(bytes, from: start)
            #expect(run.stop == expected.stop, "\(bytes), start \(start)")
            #expect((run.high != 0) == expected.hasNonASCII, "\(bytes), start \(start)")
        }
    }

    /// Text that can sit in a string, valid or not: escapes, control bytes, UTF-8 of every
    /// length (split across a block boundary at some offsets), ill-formed UTF-8, a quote
    /// that ends the string early and a backslash that starts a bad escape.
    static let specials: [[UInt8]] = [
        [0x22], [0x5C], Array(#"\n"#.utf8), Array(#"\u00e9"#.utf8),
        Array(#"\ud83d\ude00"#.utf8), Array(#"\ud83d"#.utf8), Array(#"\x"#.utf8), [0x00],
        [0x1F], [0x7F], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0x80],
        [0xFF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xC0, 0xAF],
    ]

    /// What follows a string's contents: nothing (cut off), its closing quote alone, the
    /// quote and a brace, and the quote and a whole block of whitespace.
    static let tails: [[UInt8]] = [
        [], [0x22], [0x22, 0x7D], [0x22] + Array(repeating: 0x20, count: 16),
    ]

    /// `scanString` on a string of 0 to 40 bytes with a special at every offset, starting
    /// at several distances from the input's start, closed or cut off, and followed by
    /// nothing, one byte or a block: the verdict, stop and flags of a byte-at-a-time check.
    @Test(arguments: 0..<specials.count)
    func stringScanAgreesWithAByteLoop(_ special: Int) {
        for length in 0...40 {
            for offset in 0...length {
                let plain = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
                let body = Array(plain[..<offset]) + Self.specials[special] + plain[offset...]
                for lead in [0, 1, 15, 16] {
                    for tail in Self.tails {
                        let input = [UInt8](repeating: 0x20, count: lead) + [0x22] + body + tail
                        #expect(
                            Self.scanDisagreement(input, quote: lead) == nil,
                            "\(String(decoding: input, as: UTF8.self))")
                    }
                }
            }
        }
    }

    /// Whitespace (and bytes that are not JSON whitespace) before and after every token:
    /// the walk skips whitespace only where a byte calls for it, and must still agree with
    /// the tree, which skips it everywhere.
    @Test(arguments: [" ", "\t", "\n", "\r", " \r\n\t ", "\u{0B}", "\u{0C}", "\u{A0}", "x"])
    func whitespaceAtEveryGapAgreesWithTheTree(_ gap: String) {
        let tokens = [
            "{", #""a""#, ":", "1", ",", #""b""#, ":", "[", "true", ",", #""x""#, ",", "{", "}",
            ",", "[", "]", ",", "{", #""c""#, ":", "null", "}", "]", ",", #""d""#, ":",
            #""e\n""#, "}",
        ]
        var tape = JSONTape()
        for position in 0...tokens.count {
            var pieces = tokens
            pieces.insert(gap, at: position)
            let input = Array(pieces.joined().utf8)
            #expect(tapeDisagreement(input, tape: &tape) == nil, "\(pieces.joined())")
        }
    }

    // MARK: References

    static func definedMasks(_ block: [UInt8]) -> UInt32 {
        var masks: UInt32 = 0
        for (k, b) in block.enumerated() {
            if b == 0x22 || b == 0x5C || b < 0x20 { masks |= 1 << k }
            if b >= 0x80 { masks |= 1 << (16 + k) }
        }
        return masks
    }

    static func referenceRun(_ bytes: [UInt8], from start: Int) -> (stop: Int, hasNonASCII: Bool) {
        var i = start
        var hasNonASCII = false
        while i < bytes.count, bytes[i] != 0x22, bytes[i] != 0x5C, bytes[i] >= 0x20 {
            hasNonASCII = hasNonASCII || bytes[i] >= 0x80
            i += 1
        }
        return (i, hasNonASCII)
    }

    /// What differs between `JSONTapeBuilder.scanString` and `referenceString` on the
    /// string whose opening quote is at `quote`, or `nil`.
    static func scanDisagreement(_ input: [UInt8], quote: Int) -> String? {
        let scanned = input.withUnsafeBufferPointer {
            JSONTapeBuilder.scanString($0.baseAddress!, end: $0.count, openingQuoteAt: quote)
        }
        let expected = referenceString(input, quote: quote)
        switch (scanned, expected) {
        case (nil, nil): return nil
        case (let s?, let e?) where s.stop == e.stop && s.flags == e.flags: return nil
        default:
            let got = String(describing: scanned)
            return "scanString gave \(got), expected \(String(describing: expected))"
        }
    }

    /// RFC 8259 section 7 one byte at a time: the closing quote's offset and the token
    /// flags, or `nil`. UTF-8 is judged by the standard library with each escape replaced
    /// by one ASCII byte, so that an escape never joins the bytes around it.
    static func referenceString(_ input: [UInt8], quote: Int) -> (stop: Int, flags: UInt8)? {
        var i = quote + 1
        var raw: [UInt8] = []
        var flags: UInt8 = 0
        while i < input.count {
            let b = input[i]
            if b == 0x22 { break }
            if b < 0x20 { return nil }
            guard b == 0x5C else {
                raw.append(b)
                i += 1
                continue
            }
            guard let after = referenceEscapeEnd(input, at: i) else { return nil }
            flags |= JSONTapeToken.hasEscapes
            raw.append(UInt8(ascii: "e"))
            i = after
        }
        guard i < input.count else { return nil }

        if raw.contains(where: { $0 >= 0x80 }) {
            guard String(validating: raw, as: UTF8.self) != nil else { return nil }
            flags |= JSONTapeToken.hasNonASCII
        }
        return (i, flags)
    }

    /// The offset after the escape at `at`, or `nil` when it is invalid: a lone surrogate
    /// escape is invalid, a high one followed by a low one is one escape.
    static func referenceEscapeEnd(_ input: [UInt8], at: Int) -> Int? {
        guard at + 1 < input.count else { return nil }
        if Array(#""\/bfnrt"#.utf8).contains(input[at + 1]) { return at + 2 }
        guard input[at + 1] == UInt8(ascii: "u"), let unit = hex4(input, at: at + 2) else {
            return nil
        }
        if (0xDC00...0xDFFF).contains(unit) { return nil }
        guard (0xD800...0xDBFF).contains(unit) else { return at + 6 }
        guard at + 7 < input.count, input[at + 6] == 0x5C, input[at + 7] == UInt8(ascii: "u"),
            let low = hex4(input, at: at + 8), (0xDC00...0xDFFF).contains(low)
        else { return nil }
        return at + 12
    }

    static func hex4(_ input: [UInt8], at: Int) -> Int? {
        guard at + 4 <= input.count else { return nil }
        let digits = input[at..<at + 4]
        guard digits.allSatisfy({ $0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit }) else {
            return nil
        }
        return Int(String(decoding: digits, as: UTF8.self), radix: 16)
    }
}
