import Foundation

/// Turns event keys into warehouse identifiers, the way Segment warehouses do.
///
/// Segment converts collection and property names with its `go-snakecase` package, and this
/// follows it on ASCII input: a run of capitals and digits followed by a run of lowercase
/// letters and digits is one word (`productId` → `product_id`, `Order ID` → `order_id`,
/// `HTMLParser` → `htmlparser`, `Base64Encode` → `base64_encode`), every other byte separates
/// words and is dropped (`something.com` → `something_com`), and a name already in lowercase
/// snake case is kept as is (including a leading `_id`). Three deliberate differences:
/// - letters with diacritics lose their marks (`Café` → `cafe`) where go-snakecase drops them;
/// - a separator is never doubled (go-snakecase writes `a__1b` for `a_1B`);
/// - a run of digits is never split (go-snakecase writes `40_4_page` for `404 Page` and
///   `ab1_2cd` for `ab12Cd`; Sluice `404_page` and `ab_12cd`).
/// Other non-ASCII characters separate words and are dropped as go-snakecase drops them, so
/// every identifier is ASCII and needs no quoting in DuckDB or Spark; a name left empty gets
/// a hash, see `ColumnNaming.baseName(forSourcePath:kind:)`. Pure functions, safe from any
/// thread.
public enum ColumnNaming {
    /// The longest column name written. Redshift allows 127 bytes and Postgres 63, so
    /// DuckDB/Spark users who copy tables onward meet no surprise below this; longer names are
    /// cut and given a hash suffix so two long names sharing a prefix stay distinct.
    public static let maxColumnNameLength = 128

    /// Converts `s` to snake case as described on the type.
    public static func snakeCase(_ s: String) -> String {
        let bytes = asciiFolded(s)
        var index = skipKeptPrefix(bytes)
        if index == bytes.count { return String(decoding: bytes, as: UTF8.self) }

        // Digits just before a capital start the next word, as in go-snakecase (which moves
        // one digit back even before a space, splitting `404 Page` into `40_4_page`).
        if isUpper(bytes[index]) {
            while index > 0 && isDigit(bytes[index - 1]) { index -= 1 }
        }
        var out = Array(bytes[0..<index])

        while index < bytes.count {
            guard isAlphanumeric(bytes[index]) else {
                index += 1
                continue
            }
            if let last = out.last, last != underscore { out.append(underscore) }
            while index < bytes.count && (isUpper(bytes[index]) || isDigit(bytes[index])) {
                out.append(isUpper(bytes[index]) ? bytes[index] + 32 : bytes[index])
                index += 1
            }
            while index < bytes.count && (isLower(bytes[index]) || isDigit(bytes[index])) {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The length of the prefix go-snakecase keeps unchanged: lowercase letters, digits, and
    /// underscores followed by a lowercase letter or digit.
    private static func skipKeptPrefix(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let nextIsWordByte =
                index + 1 < bytes.count && (isLower(bytes[index + 1]) || isDigit(bytes[index + 1]))
            guard isLower(byte) || isDigit(byte) || (byte == underscore && nextIsWordByte) else {
                break
            }
            index += 1
        }
        return index
    }

    /// The UTF-8 of `s` with diacritics removed and every other non-ASCII character turned
    /// into a space, so it separates words as go-snakecase's dropped bytes do. Foundation is
    /// used only for names that hold non-ASCII text.
    private static func asciiFolded(_ s: String) -> [UInt8] {
        let bytes = Array(s.utf8)
        guard bytes.contains(where: { $0 >= 0x80 }) else { return bytes }

        var folded: [UInt8] = []
        for scalar in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.isASCII {
                folded.append(UInt8(scalar.value))
            } else if scalar.properties.generalCategory != .nonspacingMark {
                folded.append(UInt8(ascii: " "))
            }
        }
        return folded
    }

    static let underscore = UInt8(ascii: "_")
    static func isUpper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
    static func isLower(_ c: UInt8) -> Bool { c >= 97 && c <= 122 }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isAlphanumeric(_ c: UInt8) -> Bool { isUpper(c) || isLower(c) || isDigit(c) }
}
