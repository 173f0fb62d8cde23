// RFC 6570 section 2 (URI Template syntax: literals, expressions, operators, varspecs).

extension FormatGrammar {
    /// Literal bytes RFC 6570 section 2.1 forbids (besides controls, space and non-ASCII
    /// handled separately): `"`, `%` outside an escape, `<`, `>`, `\`, `^`, `` ` ``, `{`,
    /// `|`, `}`.
    private static let forbiddenLiterals = Set("\"<>\\^`{|}".utf8)

    /// RFC 6570 section 2.2 operators.
    private static let templateOperators = Set("+#./;?&=,!@|".utf8)

    /// RFC 6570 section 2.4.1: a prefix length is 1 to 9999.
    static let maximumPrefixLength = 9999

    static func isURITemplate(_ text: [UInt8]) -> Bool {
        var rest = text[...]
        while let byte = rest.first {
            if byte == UInt8(ascii: "{") {
                guard let close = rest.firstIndex(of: UInt8(ascii: "}")) else { return false }
                guard isTemplateExpression(rest[(rest.startIndex + 1)..<close]) else {
                    return false
                }
                rest = rest[(close + 1)...]
            } else if byte == UInt8(ascii: "%") {
                let digits = rest.dropFirst().prefix(2)
                guard digits.count == 2, digits.allSatisfy(isHex) else { return false }
                rest = rest.dropFirst(3)
            } else {
                guard byte > 0x20, byte != 0x7F, !forbiddenLiterals.contains(byte) else {
                    return false
                }
                rest = rest.dropFirst()
            }
        }
        return true
    }

    private static func isTemplateExpression(_ expression: ArraySlice<UInt8>) -> Bool {
        var body = expression
        if let first = body.first, templateOperators.contains(first) { body = body.dropFirst() }
        let specs = body.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        return !body.isEmpty && specs.allSatisfy(isVarspec)
    }

    private static func isVarspec(_ spec: ArraySlice<UInt8>) -> Bool {
        var name = spec
        if spec.last == UInt8(ascii: "*") {
            name = spec.dropLast()
        } else if let colon = spec.firstIndex(of: UInt8(ascii: ":")) {
            let digits = spec[(colon + 1)...]
            guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(isDigit),
                digits.first != UInt8(ascii: "0")
            else { return false }
            name = spec[..<colon]
        }
        return isVarname(name)
    }

    /// `varname = varchar *( ["."] varchar )`, `varchar = ALPHA / DIGIT / "_" / pct-encoded`.
    private static func isVarname(_ name: ArraySlice<UInt8>) -> Bool {
        guard !name.isEmpty, name.first != UInt8(ascii: "."), name.last != UInt8(ascii: ".") else {
            return false
        }
        var index = name.startIndex
        while index < name.endIndex {
            let byte = name[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < name.endIndex, isHex(name[index + 1]), isHex(name[index + 2])
                else { return false }
                index += 3
                continue
            }
            // A dot is never last (checked above), so the next byte exists.
            let isDot = byte == UInt8(ascii: ".")
            let isSingleDot = isDot && name[index + 1] != UInt8(ascii: ".")
            guard isAlpha(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || isSingleDot else {
                return false
            }
            index += 1
        }
        return true
    }
}
