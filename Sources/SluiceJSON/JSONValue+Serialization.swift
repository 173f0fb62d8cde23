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
        var escapedCount = 0
        for b in bytes where needsEscape(b) { escapedCount += escapeLength(of: b) - 1 }
        guard escapedCount > 0 else {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return
        }

        // Text full of escapes (JSON inside a JSON string) is written in place once sized,
        // instead of one append per escape.
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bytes.count + escapedCount + 2))
        out.withUnsafeMutableBufferPointer { out in
            var index = start
            out[index] = UInt8(ascii: "\"")
            index += 1
            for b in bytes {
                if needsEscape(b) {
                    index = writeEscape(of: b, to: out, at: index)
                } else {
                    out[index] = b
                    index += 1
                }
            }
            out[index] = UInt8(ascii: "\"")
        }
    }

    @inline(__always)
    private static func needsEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == 0x22 || b == 0x5C
    }

    /// The bytes the escape of `b` takes: `\"`, `\\`, `\n`, `\r`, `\t` or `\u00XX`.
    private static func escapeLength(of b: UInt8) -> Int {
        switch b {
        case 0x22, 0x5C, 0x0A, 0x0D, 0x09: return 2
        default: return 6
        }
    }

    /// Writes the escape of `b` at `index` and returns the index after it.
    private static func writeEscape(
        of b: UInt8, to out: UnsafeMutableBufferPointer<UInt8>, at index: Int
    ) -> Int {
        let hex: StaticString = "0123456789abcdef"
        out[index] = 0x5C
        switch b {
        case 0x22, 0x5C: out[index + 1] = b
        case 0x0A: out[index + 1] = UInt8(ascii: "n")
        case 0x0D: out[index + 1] = UInt8(ascii: "r")
        case 0x09: out[index + 1] = UInt8(ascii: "t")
        default:
            let digits = hex.utf8Start
            out[index + 1] = UInt8(ascii: "u")
            out[index + 2] = 0x30
            out[index + 3] = 0x30
            out[index + 4] = digits[Int(b >> 4)]
            out[index + 5] = digits[Int(b & 15)]
        }
        return index + escapeLength(of: b)
    }
}
