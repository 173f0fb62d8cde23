// RFC 3986 section 3 (URI, URI-reference, authority, path, query, fragment) and appendix A.

extension FormatGrammar {
    private static let unreservedMarks = Set("-._~".utf8)
    private static let subDelimiters = Set("!$&'()*+,;=".utf8)

    private static func isUnreservedOrSubDelimiter(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || unreservedMarks.contains(byte)
            || subDelimiters.contains(byte)
    }

    /// Whether `bytes` is made of `allowed` characters and well-formed `%XX` escapes.
    private static func isEncoded(_ bytes: ArraySlice<UInt8>, extra: String) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, isHex(bytes[index + 1]), isHex(bytes[index + 2])
                else { return false }
                index += 3
                continue
            }
            guard isUnreservedOrSubDelimiter(byte) || extra.utf8.contains(byte) else {
                return false
            }
            index += 1
        }
        return true
    }

    /// RFC 3986 `URI` (with `requiresScheme`) or `URI-reference`.
    static func isURI(_ text: [UInt8], requiresScheme: Bool) -> Bool {
        var rest = text[...]
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            guard isEncoded(rest[(hash + 1)...], extra: ":@/?") else { return false }
            rest = rest[..<hash]
        }

        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            guard isEncoded(rest[(question + 1)...], extra: ":@/?") else { return false }
            rest = rest[..<question]
        }

        let hasScheme = consumeScheme(&rest)
        guard hasScheme || !requiresScheme else { return false }
        if rest.starts(with: "//".utf8) {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            guard isAuthority(rest[..<end]) else { return false }
            rest = rest[end...]
        } else if !hasScheme {
            // RFC 3986 section 4.2: a relative path's first segment has no colon.
            let firstSegment = rest.prefix { $0 != UInt8(ascii: "/") }
            guard !firstSegment.contains(UInt8(ascii: ":")) else { return false }
        }
        return isEncoded(rest, extra: ":@/")
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

    private static func isAuthority(_ authority: ArraySlice<UInt8>) -> Bool {
        var hostPort = authority
        if let at = authority.firstIndex(of: UInt8(ascii: "@")) {
            guard isEncoded(authority[..<at], extra: ":") else { return false }
            hostPort = authority[(at + 1)...]
        }

        if hostPort.first == UInt8(ascii: "[") {
            guard let close = hostPort.firstIndex(of: UInt8(ascii: "]")) else { return false }
            guard isIPv6(hostPort[(hostPort.startIndex + 1)..<close]) else { return false }
            return isPort(hostPort[(close + 1)...])
        }

        let colon = hostPort.firstIndex(of: UInt8(ascii: ":")) ?? hostPort.endIndex
        guard isEncoded(hostPort[..<colon], extra: "") else { return false }
        return isPort(hostPort[colon...])
    }

    private static func isPort(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let colon = bytes.first else { return true }
        return colon == UInt8(ascii: ":") && bytes.dropFirst().allSatisfy(isDigit)
    }
}
