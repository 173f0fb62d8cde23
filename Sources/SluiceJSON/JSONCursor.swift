/// The parser's position in one input; used only inside `JSONParser.parse`.
struct JSONCursor {
    let base: UnsafePointer<UInt8>?
    let end: Int
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        self.end = bytes.count
        self.maxDepth = maxDepth
    }

    @inline(__always)
    func byte(at offset: Int) -> UInt8 { base![offset] }

    mutating func skipWhitespace() {
        while index < end {
            switch byte(at: index) {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func unexpected(_ what: String) -> JSONError {
        guard index < end else {
            return JSONError(
                .unexpectedEnd, at: index, "The input ends inside a JSON value; expected \(what).")
        }
        let found = byte(at: index)
        if found == 0 {
            return JSONError(.nulByte, at: index, "Found a NUL byte where \(what) was expected.")
        }
        let shown =
            found >= 0x20 && found < 0x7F
            ? "'\(Character(Unicode.Scalar(found)))'" : "byte 0x\(String(found, radix: 16))"
        return JSONError(
            .unexpectedCharacter, at: index, "Found \(shown) where \(what) was expected.")
    }

    mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
        guard index < end else { throw unexpected("a value") }
        switch byte(at: index) {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default: throw unexpected("a value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let start = index
        let count = literal.utf8CodeUnitCount
        guard end - index >= count else {
            index = end
            throw JSONError(
                .unexpectedEnd, at: start, "The input ends inside the literal '\(literal)'.")
        }
        for offset in 0..<count where byte(at: index + offset) != literal.utf8Start[offset] {
            index += offset
            throw unexpected("the literal '\(literal)'")
        }
        index += count
    }

    mutating func checkDepth(_ depth: Int) throws(JSONError) {
        if depth > maxDepth {
            throw JSONError(
                .tooDeep, at: index,
                "The JSON nests deeper than the limit of \(maxDepth) arrays and objects.")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < end && byte(at: index) == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < end else { throw unexpected("',' or ']'") }
            let next = byte(at: index)
            index += 1
            if next == UInt8(ascii: "]") { return .array(elements) }
            if next != UInt8(ascii: ",") {
                index -= 1
                throw unexpected("',' or ']'")
            }
        }
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < end && byte(at: index) == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < end, byte(at: index) == UInt8(ascii: "\"") else {
                throw unexpected("a string key")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < end, byte(at: index) == UInt8(ascii: ":") else { throw unexpected("':'") }
            index += 1
            skipWhitespace()
            object[key] = try parseValue(depth: depth)
            skipWhitespace()
            guard index < end else { throw unexpected("',' or '}'") }
            let next = byte(at: index)
            index += 1
            if next == UInt8(ascii: "}") { return .object(object) }
            if next != UInt8(ascii: ",") {
                index -= 1
                throw unexpected("',' or '}'")
            }
        }
    }
}
