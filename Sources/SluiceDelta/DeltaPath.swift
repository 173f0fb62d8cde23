// Delta Transaction Log Protocol, "Add File and Remove File": `path` "is a URI as specified
// by RFC 2396 URI Generic Syntax, which needs to be decoded to get the data file path".
// Encoding keeps letters, digits and `-_.~` plus `/` and `=` (Hive partition folders)
// and percent-encodes every other UTF-8 byte, `:` included so that no relative path can be
// mistaken for one with a scheme.

/// Conversion between file system paths relative to the table root and log paths.
enum DeltaPath {
    static func encode(_ path: String) -> String {
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in path.utf8 {
            if isKept(byte) {
                out.append(byte)
            } else {
                out.append(contentsOf: [
                    UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)],
                ])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes; a malformed escape is kept as written.
    static func decode(_ path: String) -> String {
        let bytes = Array(path.utf8)
        guard bytes.contains(UInt8(ascii: "%")) else { return path }
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isKept(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default: return "-_.~/=".utf8.contains(byte)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
