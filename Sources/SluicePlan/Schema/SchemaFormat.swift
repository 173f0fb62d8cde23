// JSON Schema draft-07 validation, section 7.3 (defined formats), checked by hand-written
// parsers: RFC 3339 section 5.6, RFC 5321 section 4.1.2, RFC 1123 section 2.1, RFC 2673
// section 3.2, RFC 4291 section 2.2, RFC 3986 section 3, RFC 3987 section 2.2, RFC 4122
// section 3, RFC 6570 section 2, RFC 6901.

/// A `format` value the validator asserts. Unknown formats compile to no check at all, as
/// draft-07 section 7.2 allows.
enum SchemaFormat: String, CaseIterable {
    case dateTime = "date-time"
    case date
    case time
    case email
    case hostname
    case ipv4
    case ipv6
    case uri
    case uriReference = "uri-reference"
    case iri
    case iriReference = "iri-reference"
    case uuid
    case uriTemplate = "uri-template"
    case jsonPointer = "json-pointer"
    case relativeJSONPointer = "relative-json-pointer"
    case regex

    /// Whether `string` is in the format.
    func accepts(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        switch self {
        case .dateTime: return FormatGrammar.isDateTime(bytes[...])
        case .date: return FormatGrammar.isFullDate(bytes[...])
        case .time: return FormatGrammar.isFullTime(bytes[...])
        case .email: return FormatGrammar.isEmail(bytes)
        case .hostname: return FormatGrammar.isHostname(bytes[...])
        case .ipv4: return FormatGrammar.isIPv4(bytes[...])
        case .ipv6: return FormatGrammar.isIPv6(bytes[...])
        case .uri: return FormatGrammar.isURI(bytes, requiresScheme: true)
        case .uriReference: return FormatGrammar.isURI(bytes, requiresScheme: false)
        case .iri: return FormatGrammar.isURI(bytes, requiresScheme: true, isIRI: true)
        case .iriReference: return FormatGrammar.isURI(bytes, requiresScheme: false, isIRI: true)
        case .uuid: return FormatGrammar.isUUID(bytes)
        case .uriTemplate: return FormatGrammar.isURITemplate(bytes)
        case .jsonPointer: return FormatGrammar.isJSONPointer(bytes[...])
        case .relativeJSONPointer: return FormatGrammar.isRelativeJSONPointer(bytes[...])
        case .regex:
            // Syntax only, however large its repetitions expand; the syntax-only parse accepts
            // everything the matcher's parse does, so it is the one parse. What it leaves out
            // (a lone surrogate escape, legacy octal) is asked of the fallback engine.
            return ECMARegexParser.isValidSyntax(string) || (try? ECMARegex(string)) != nil
        }
    }
}

/// The byte-level grammars behind `SchemaFormat`.
enum FormatGrammar {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }

    static func isAlpha(_ byte: UInt8) -> Bool { byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A }

    /// The value of exactly `count` ASCII digits at the start of `bytes`, consuming them.
    static func digits(_ bytes: inout ArraySlice<UInt8>, _ count: Int) -> Int? {
        guard bytes.count >= count else { return nil }
        var value = 0
        for byte in bytes.prefix(count) {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        bytes = bytes.dropFirst(count)
        return value
    }

    static func expect(_ bytes: inout ArraySlice<UInt8>, _ ascii: Unicode.Scalar) -> Bool {
        guard bytes.first == UInt8(ascii: ascii) else { return false }
        bytes = bytes.dropFirst()
        return true
    }

    /// RFC 3339 `full-date`.
    static func isFullDate(_ text: ArraySlice<UInt8>) -> Bool {
        var bytes = text
        guard parseFullDate(&bytes) else { return false }
        return bytes.isEmpty
    }

    static func parseFullDate(_ bytes: inout ArraySlice<UInt8>) -> Bool {
        guard let year = digits(&bytes, 4), expect(&bytes, "-"), let month = digits(&bytes, 2),
            expect(&bytes, "-"), let day = digits(&bytes, 2)
        else { return false }

        guard (1...12).contains(month), day >= 1 else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// RFC 3339 `full-time`, with a leap second only where UTC reads 23:59:60.
    static func isFullTime(_ text: ArraySlice<UInt8>) -> Bool {
        var bytes = text
        guard let hour = digits(&bytes, 2), expect(&bytes, ":"), let minute = digits(&bytes, 2),
            expect(&bytes, ":"), let second = digits(&bytes, 2)
        else { return false }

        if expect(&bytes, ".") {
            let fraction = bytes.prefix(while: isDigit)
            guard !fraction.isEmpty else { return false }
            bytes = bytes.dropFirst(fraction.count)
        }

        guard let offsetMinutes = parseOffset(&bytes), bytes.isEmpty else { return false }
        guard hour <= 23, minute <= 59, second <= 60 else { return false }
        guard second == 60 else { return true }
        let utcMinutes = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
        return utcMinutes == 23 * 60 + 59
    }

    /// RFC 3339 `time-offset` in minutes east of UTC.
    private static func parseOffset(_ bytes: inout ArraySlice<UInt8>) -> Int? {
        guard let first = bytes.popFirst() else { return nil }
        if first | 0x20 == UInt8(ascii: "z") { return 0 }
        guard first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return nil }
        guard let hour = digits(&bytes, 2), expect(&bytes, ":"), let minute = digits(&bytes, 2),
            hour <= 23, minute <= 59
        else { return nil }
        return (first == UInt8(ascii: "+") ? 1 : -1) * (hour * 60 + minute)
    }

    /// RFC 3339 `date-time`.
    static func isDateTime(_ text: ArraySlice<UInt8>) -> Bool {
        var bytes = text
        guard parseFullDate(&bytes), let separator = bytes.popFirst(),
            separator | 0x20 == UInt8(ascii: "t")
        else { return false }
        return isFullTime(bytes)
    }

    /// RFC 4122 textual UUID: 8-4-4-4-12 hexadecimal digits.
    static func isUUID(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            let isDash = index == 8 || index == 13 || index == 18 || index == 23
            guard isDash ? byte == UInt8(ascii: "-") : isHex(byte) else { return false }
        }
        return true
    }

    /// RFC 6901 pointer: empty, or `/`-prefixed tokens where `~` is followed by 0 or 1.
    static func isJSONPointer(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.isEmpty { return true }
        guard bytes.first == UInt8(ascii: "/") else { return false }
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "~") {
                let next = index + 1 < bytes.endIndex ? bytes[index + 1] : 0
                guard next == UInt8(ascii: "0") || next == UInt8(ascii: "1") else { return false }
            }
            index += 1
        }
        return true
    }

    /// draft-handrews-relative-json-pointer-01: a non-negative integer, then `#` or a pointer.
    static func isRelativeJSONPointer(_ text: ArraySlice<UInt8>) -> Bool {
        let number = text.prefix(while: isDigit)
        guard !number.isEmpty, number.first != UInt8(ascii: "0") || number.count == 1 else {
            return false
        }
        let rest = text.dropFirst(number.count)
        return rest.elementsEqual("#".utf8) || isJSONPointer(rest)
    }
}
