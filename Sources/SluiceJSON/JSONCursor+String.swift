// RFC 8259 section 7 (strings and escapes) and section 8.1 (UTF-8); UTF-8 well-formedness
// as defined by RFC 3629 section 4 / Unicode Table 3-7: no overlong forms, no encoded
// surrogates, nothing above U+10FFFF.

extension JSONCursor {
    /// Parses the string whose opening quote is at `index`.
    @inline(__always)
    mutating func parseString() throws(JSONError) -> String {
        if let raw = try parseStringBytes() {
            return String(decoding: raw, as: UTF8.self)
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// Parses a member name and hashes its decoded bytes for duplicate detection.
    @inline(__always)
    mutating func parseKeyString() throws(JSONError) -> (String, UInt64) {
        if let raw = try parseStringBytes() {
            let start = raw.baseAddress!
            let readable = end - (start - base)
            let hash = JSONCursor.hashKey(raw, readable: readable)
            if raw.count <= JSONKeyCache.maxKeyByteCount && readable >= 16 {
                return (keyCache.key(start, count: raw.count, hash: hash), hash)
            }
            return (String(decoding: raw, as: UTF8.self), hash)
        }
        return unescaped.withUnsafeBufferPointer {
            (String(decoding: $0, as: UTF8.self), JSONCursor.hashKey($0))
        }
    }

    /// Validates the string at `index` and moves past its closing quote. Returns the raw
    /// bytes between the quotes when they need no decoding; otherwise `nil`, and the
    /// decoded bytes are in `unescaped`.
    @inline(__always)
    mutating func parseStringBytes() throws(JSONError) -> UnsafeBufferPointer<UInt8>? {
        let start = index + 1
        let (stop, hasNonASCII) = scanPlainRun(from: start)
        guard stop < end, base[stop] == UInt8(ascii: "\"") else {
            try decodeEscapedString(start: start, stop: stop, hasNonASCII: hasNonASCII)
            return nil
        }

        if hasNonASCII { try validateUTF8(from: start, to: stop) }
        index = stop + 1
        return UnsafeBufferPointer(start: base + start, count: stop - start)
    }

    /// The slow path: the string holds an escape, a control character or ends early.
    private mutating func decodeEscapedString(
        start: Int, stop: Int, hasNonASCII: Bool
    ) throws(JSONError) {
        unescaped.removeAll(keepingCapacity: true)
        var (runStart, stop, hasNonASCII) = (start, stop, hasNonASCII)
        while true {
            if hasNonASCII { try validateUTF8(from: runStart, to: stop) }
            unescaped.append(
                contentsOf: UnsafeBufferPointer(start: base + runStart, count: stop - runStart))
            index = stop
            guard index < end else { throw endOfInput("a closing '\"' of the string") }

            switch base[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                try decodeEscape()
            case 0:
                throw nulByte("inside a string")
            default:
                throw JSONError(
                    .controlCharacterInString, at: index,
                    "Found the control character \(describeByte(at: index)) inside a string; control characters U+0000 to U+001F must be written as escapes such as '\\n' or '\\u001f'."
                )
            }
            runStart = index
            (stop, hasNonASCII) = scanPlainRun(from: runStart)
        }
    }

    /// The first offset at or after `start` holding `"`, `\` or a byte below 0x20 (or the
    /// end), and whether a byte of 0x80 or above comes before it; see
    /// `JSONTapeBuilder.scanPlainRun`, which both parsers share.
    @inline(__always)
    func scanPlainRun(from start: Int) -> (stop: Int, hasNonASCII: Bool) {
        let (stop, high) = JSONTapeBuilder.scanPlainRun(base, from: start, end: end)
        return (stop, high != 0)
    }

    /// Checks that `from..<to` is well-formed UTF-8. The error offset is the first byte of
    /// the ill-formed sequence; a sequence cut off by the end of input is `unexpectedEnd`.
    func validateUTF8(from: Int, to: Int) throws(JSONError) {
        var i = from
        while i < to {
            let lead = base[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let (length, lower, upper) = JSONCursor.utf8SequenceShape(lead: lead)
            guard length > 0 else { throw invalidUTF8(at: i) }

            for k in 1..<length {
                guard i + k < to else {
                    if i + k >= end { throw endOfInput("the rest of a UTF-8 sequence") }
                    throw invalidUTF8(at: i)
                }
                let c = base[i + k]
                let isAllowed = k == 1 ? (c >= lower && c <= upper) : (c & 0xC0 == 0x80)
                if !isAllowed { throw invalidUTF8(at: i) }
            }
            i += length
        }
    }

    /// Sequence length and the allowed range of the second byte for a lead byte (Unicode
    /// Table 3-7); length 0 for bytes that cannot start a sequence.
    @inline(__always)
    static func utf8SequenceShape(lead: UInt8) -> (Int, UInt8, UInt8) {
        switch lead {
        case 0xC2...0xDF: return (2, 0x80, 0xBF)
        case 0xE0: return (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (3, 0x80, 0xBF)
        case 0xED: return (3, 0x80, 0x9F)
        case 0xF0: return (4, 0x90, 0xBF)
        case 0xF1...0xF3: return (4, 0x80, 0xBF)
        case 0xF4: return (4, 0x80, 0x8F)
        default: return (0, 0, 0)
        }
    }

    func invalidUTF8(at offset: Int) -> JSONError {
        JSONError(
            .invalidUTF8, at: offset,
            "Found a byte sequence starting with \(describeByte(at: offset)) inside a string that is not well-formed UTF-8 (overlong, encoded surrogate, above U+10FFFF, or a broken sequence); JSON text must be UTF-8."
        )
    }

    /// A 64-bit hash of a key's decoded bytes, from its length and its first and last eight
    /// bytes. It only has to tell keys of one object apart quickly: keys that share a hash
    /// are still compared in full, so a weak spot costs time, never correctness.
    @inline(__always)
    static func hashKey(_ bytes: UnsafeBufferPointer<UInt8>, readable: Int = 0) -> UInt64 {
        let n = bytes.count
        var h = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
        guard let raw = UnsafeRawPointer(bytes.baseAddress), n > 0 else { return h }
        let first: UInt64
        let last: UInt64
        if n >= 8 {
            first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        } else if readable >= 8 {
            // The input continues past the key: one load, masked to the key's bytes.
            let mask: UInt64 = (1 << UInt64(n * 8)) &- 1
            (first, last) = (UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & mask, 0)
        } else {
            var word: UInt64 = 0
            for k in 0..<n { word |= UInt64(bytes[k]) << UInt64(k * 8) }
            (first, last) = (word, 0)
        }

        h = (h ^ first) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ (h >> 32) ^ last) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}
