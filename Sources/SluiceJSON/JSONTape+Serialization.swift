// RFC 8259: compact JSON text of a subtree, written as `JSONValue.appendJSON(to:)` writes it.

extension JSONTape {
    /// Appends the compact JSON text of the subtree at t to `out`: byte for byte what
    /// `value(t, in: bytes).appendJSON(to:)` appends, without building the value. Strings
    /// without escapes are copied from `bytes` as they are (the parser has checked that they
    /// hold no quote, backslash or control byte, so they need none); an object that repeats
    /// a key is built and written as a value, so the last-value rule holds.
    public func appendJSON(_ t: Int, in bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        switch kind(t) {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool: out.append(contentsOf: (bool(t) ? "true" : "false").utf8)
        case .number: Self.append(numberText(t, in: bytes), to: &out)
        case .string: appendQuoted(t, in: bytes, to: &out)
        case .array:
            out.append(UInt8(ascii: "["))
            for (index, element) in elements(t).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendJSON(element, in: bytes, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object where hasDuplicateKeys(t):
            value(t, in: bytes).appendJSON(to: &out)
        case .object:
            appendMembers(t, in: bytes, to: &out)
        }
    }

    private func appendMembers(_ t: Int, in bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, (key, value)) in members(t).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(key, in: bytes, to: &out)
            out.append(UInt8(ascii: ":"))
            appendJSON(value, in: bytes, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends string token t as a JSON string literal, escaped as `JSONValue.appendQuoted`
    /// escapes its decoded text.
    private func appendQuoted(_ t: Int, in bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        guard hasEscapes(t) else {
            out.append(UInt8(ascii: "\""))
            Self.append(rawBytes(t, in: bytes), to: &out)
            out.append(UInt8(ascii: "\""))
            return
        }
        var decoded: [UInt8] = []
        appendDecoded(t, in: bytes, to: &decoded)
        decoded.withUnsafeBufferPointer { JSONValue.appendQuoted(utf8: $0, to: &out) }
    }

    /// Appends raw bytes in one copy (a raw buffer is not contiguous storage of `UInt8` to
    /// `Array.append(contentsOf:)`, which would otherwise copy it byte by byte).
    @inline(__always)
    static func append(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(contentsOf: raw.assumingMemoryBound(to: UInt8.self))
    }
}
