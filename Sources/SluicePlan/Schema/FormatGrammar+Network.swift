// RFC 1123 section 2.1 (host names), RFC 2673 section 3.2 (dotted-quad), RFC 4291 section
// 2.2 (IPv6 text), RFC 5321 section 4.1.2 (mailbox), RFC 3986 section 3 (URI syntax).

extension FormatGrammar {
    /// Maximum length of a host name in octets (RFC 1123 section 2.1).
    static let maximumHostnameLength = 253

    /// Maximum length of one host name label (RFC 1035 section 2.3.4).
    static let maximumLabelLength = 63

    static func isHostname(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= maximumHostnameLength else { return false }
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy(isHostnameLabel)
    }

    private static func isHostnameLabel(_ label: ArraySlice<UInt8>) -> Bool {
        guard !label.isEmpty, label.count <= maximumLabelLength else { return false }
        guard label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else {
            return false
        }
        guard label.allSatisfy({ isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "-") }) else {
            return false
        }
        // RFC 5891 section 4.2.3.1: "--" in positions 3 and 4 is reserved for A-labels.
        let lowered = label.map { $0 | 0x20 }
        guard lowered.count >= 4, lowered[2] == UInt8(ascii: "-"), lowered[3] == UInt8(ascii: "-")
        else { return true }
        return lowered.starts(with: "xn--".utf8) && label.count > 4 && Punycode.isValidALabel(label)
    }

    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(isDigit) else { return false }
            guard part.first != UInt8(ascii: "0") || part.count == 1 else { return false }
            return (Int(String(decoding: part, as: UTF8.self)) ?? 256) <= 255
        }
    }

    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        var groups = 0
        var sawDoubleColon = false
        var rest = bytes
        if rest.starts(with: "::".utf8) {
            sawDoubleColon = true
            rest = rest.dropFirst(2)
            if rest.isEmpty { return true }
        } else if rest.first == UInt8(ascii: ":") {
            return false
        }

        while !rest.isEmpty {
            let group = rest.prefix { $0 != UInt8(ascii: ":") }
            if group.contains(UInt8(ascii: ".")) {
                guard group.count == rest.count, isIPv4(group) else { return false }
                groups += 2
                break
            }

            guard !group.isEmpty, group.count <= 4, group.allSatisfy(isHex) else { return false }
            groups += 1
            rest = rest.dropFirst(group.count)
            if rest.starts(with: "::".utf8) {
                guard !sawDoubleColon else { return false }
                sawDoubleColon = true
                rest = rest.dropFirst(2)
            } else if rest.first == UInt8(ascii: ":") {
                rest = rest.dropFirst()
                guard !rest.isEmpty else { return false }
            }
        }
        return sawDoubleColon ? groups <= 7 : groups == 8
    }

    /// RFC 5321 mailbox with a dot-atom local part or a quoted string, and a host name or an
    /// address literal as the domain.
    static func isEmail(_ bytes: [UInt8]) -> Bool {
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard isLocalPart(local) else { return false }

        if domain.first == UInt8(ascii: "["), domain.last == UInt8(ascii: "]") {
            let literal = domain.dropFirst().dropLast()
            if literal.starts(with: "IPv6:".utf8) { return isIPv6(literal.dropFirst(5)) }
            return isIPv4(literal)
        }
        return isHostname(domain)
    }

    private static func isLocalPart(_ local: ArraySlice<UInt8>) -> Bool {
        if local.count >= 2, local.first == UInt8(ascii: "\""), local.last == UInt8(ascii: "\"") {
            return local.dropFirst().dropLast().allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        }
        let atomSpecials = Set("!#$%&'*+-/=?^_`{|}~".utf8)
        let atoms = local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in
            !atom.isEmpty
                && atom.allSatisfy { isAlpha($0) || isDigit($0) || atomSpecials.contains($0) }
        }
    }
}
