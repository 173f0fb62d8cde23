// RFC 3986 section 3 (URI, URI-reference, authority, path, query, fragment) and appendix A;
// RFC 3987 section 2.2 (IRI: the same grammar with non-ASCII `ucschar` allowed).

extension FormatGrammar {
    private static let unreservedMarks = Set("-._~".utf8)
    private static let subDelimiters = Set("!$&'()*+,;=".utf8)

    private static func isUnreservedOrSubDelimiter(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || unreservedMarks.contains(byte)
            || subDelimiters.contains(byte)
    }

    /// Whether `bytes` is made of `allowed` characters and well-formed `%XX` escapes; with
    /// `allowsNonASCII` (IRIs), any non-ASCII character too.
    private static func isEncoded(
        _ bytes: ArraySlice<UInt8>, extra: String, allowsNonASCII: Bool = false
    ) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, isHex(bytes[index + 1]), isHex(bytes[index + 2])
                else { return false }
                index += 3
                continue
            }
            let isAllowed =
                isUnreservedOrSubDelimiter(byte) || extra.utf8.contains(byte)
                || (allowsNonASCII && byte >= 0x80)
            guard isAllowed else { return false }
            index += 1
        }
        return true
    }

    /// RFC 3986 `URI` (with `requiresScheme`) or `URI-reference`; RFC 3987 `IRI` or
    /// `IRI-reference` with `isIRI`.
    static func isURI(_ text: [UInt8], requiresScheme: Bool, isIRI: Bool = false) -> Bool {
        var rest = text[...]
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            guard isEncoded(rest[(hash + 1)...], extra: ":@/?", allowsNonASCII: isIRI) else {
                return false
            }
            rest = rest[..<hash]
        }

        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            guard isEncoded(rest[(question + 1)...], extra: ":@/?", allowsNonASCII: isIRI) else {
                return false
            }
            rest = rest[..<question]
        }

        let hasScheme = consumeScheme(&rest)
        guard hasScheme || !requiresScheme else { return false }
        if rest.starts(with: "//".utf8) {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            guard isAuthority(rest[..<end], isIRI: isIRI) else { return false }
            rest = rest[end...]
        } else if !hasScheme {
            // RFC 3986 section 4.2: a relative path's first segment has no colon.
            let firstSegment = rest.prefix { $0 != UInt8(ascii: "/") }
            guard !firstSegment.contains(UInt8(ascii: ":")) else { return false }
        }
        return isEncoded(rest, extra: ":@/", allowsNonASCII: isIRI)
    }

    private static func consumeScheme(_ rest: inout ArraySlice<UInt8>) -> Bool {
        guard let colon = rest.firstIndex(of: UInt8(ascii: ":")), let first = rest.first,
            isAlpha(first)
        else { return false }

        let scheme = rest[..<colon]
        let isScheme = scheme.allSatisfy {
            isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
                || $0 == UInt8(ascii: ".")
        }
        guard isScheme else { return false }
        rest = rest[(colon + 1)...]
        return true
    }

    private static func isAuthority(_ authority: ArraySlice<UInt8>, isIRI: Bool) -> Bool {
        var hostPort = authority
        if let at = authority.firstIndex(of: UInt8(ascii: "@")) {
            guard isEncoded(authority[..<at], extra: ":", allowsNonASCII: isIRI) else {
                return false
            }
            hostPort = authority[(at + 1)...]
        }

        if hostPort.first == UInt8(ascii: "[") {
            guard let close = hostPort.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = hostPort[(hostPort.startIndex + 1)..<close]
            guard isIPv6(literal) || isIPvFuture(literal) else { return false }
            return isPort(hostPort[(close + 1)...])
        }

        let colon = hostPort.firstIndex(of: UInt8(ascii: ":")) ?? hostPort.endIndex
        guard isEncoded(hostPort[..<colon], extra: "", allowsNonASCII: isIRI) else { return false }
        return isPort(hostPort[colon...])
    }

    /// `IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`.
    private static func isIPvFuture(_ literal: ArraySlice<UInt8>) -> Bool {
        guard let v = literal.first, v | 0x20 == UInt8(ascii: "v"),
            let dot = literal.firstIndex(of: UInt8(ascii: "."))
        else { return false }
        let version = literal[(literal.startIndex + 1)..<dot]
        let rest = literal[(dot + 1)...]
        guard !version.isEmpty, version.allSatisfy(isHex), !rest.isEmpty else { return false }
        return rest.allSatisfy { isUnreservedOrSubDelimiter($0) || $0 == UInt8(ascii: ":") }
    }

    private static func isPort(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let colon = bytes.first else { return true }
        return colon == UInt8(ascii: ":") && bytes.dropFirst().allSatisfy(isDigit)
    }
}
