import SluiceJSON

extension JSONValue {
    /// An integer number.
    static func int<T: BinaryInteger>(_ value: T) -> JSONValue {
        .number(JSONNumber(Int64(value)))
    }

    /// A string, or `null` for `nil`.
    static func text(_ value: String?) -> JSONValue {
        value.map { .string($0) } ?? .null
    }

    /// A finite double, or `null` for NaN and infinities.
    static func real(_ value: Double) -> JSONValue {
        value.isFinite ? .number(JSONNumber(value)) : .null
    }

    /// An object from members in order.
    static func members(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(members))
    }

    /// Indented JSON text (two spaces), members in order; for manifests and schemas people
    /// read. Ends with a newline.
    var prettyText: String {
        var out: [UInt8] = []
        appendPretty(to: &out, indent: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    private static func pad(_ out: inout [UInt8], _ level: Int) {
        out.append(contentsOf: repeatElement(0x20, count: level * 2))
    }

    private func appendPretty(to out: inout [UInt8], indent: Int) {
        switch self {
        case .array(let elements) where !elements.isEmpty:
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                out.append(contentsOf: i == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                Self.pad(&out, indent + 1)
                element.appendPretty(to: &out, indent: indent + 1)
            }
            out.append(0x0A)
            Self.pad(&out, indent)
            out.append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in object.enumerated() {
                out.append(contentsOf: i == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                Self.pad(&out, indent + 1)
                JSONValue.appendQuoted(key, to: &out)
                out.append(contentsOf: [UInt8(ascii: ":"), 0x20])
                value.appendPretty(to: &out, indent: indent + 1)
            }
            out.append(0x0A)
            Self.pad(&out, indent)
            out.append(UInt8(ascii: "}"))
        default:
            appendJSON(to: &out)
        }
    }
}
