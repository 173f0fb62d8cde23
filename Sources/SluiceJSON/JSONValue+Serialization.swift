extension JSONValue {
    /// Compact JSON text: members in order, numbers as written, strings escaped minimally
    /// (quote, backslash and control characters; everything else as UTF-8).
    public var jsonText: String {
        var out: [UInt8] = []
        appendJSON(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text of this value to `out`. Recursion depth equals the
    /// nesting depth, which the parser bounds (see `JSONParser.defaultMaxDepth`).
    public func appendJSON(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): n.appendText(to: &out)
        case .string(let s): JSONValue.appendQuoted(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            elements.withUnsafeBufferPointer { elements in
                for i in elements.indices {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    elements[i].appendJSON(to: &out)
                }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            JSONValue.appendMembers(of: object, to: &out)
        }
    }

    private static func appendMembers(of object: JSONObject, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        object.keys.withUnsafeBufferPointer { keys in
            object.values.withUnsafeBufferPointer { values in
                for i in keys.indices {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    appendQuoted(keys[i], to: &out)
                    out.append(UInt8(ascii: ":"))
                    values[i].appendJSON(to: &out)
                }
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends `string` as a JSON string literal: `"` and `\\` escaped, `\n` `\r` `\t` for
    /// those controls, `\u00XX` (lowercase) for the other controls, everything else as
    /// UTF-8. Runs of bytes that need no escape are copied in one step.
    public static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable {
            appendQuoted(utf8: $0, to: &out)
        }
        if done == nil {
            var copy = string
            copy.withUTF8 { appendQuoted(utf8: $0, to: &out) }
        }
    }

    /// Appends UTF-8 `bytes` as a JSON string literal, escaped as `appendQuoted(_:to:)` does.
    public static func appendQuoted(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count + 2)
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        for (offset, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
            appendEscape(of: b, to: &out)
            runStart = offset + 1
        }

        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(of b: UInt8, to out: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        switch b {
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
            let digits = hex.utf8Start
            out.append(contentsOf: [
                0x5C, UInt8(ascii: "u"), 0x30, 0x30, digits[Int(b >> 4)], digits[Int(b & 15)],
            ])
        }
    }
}
