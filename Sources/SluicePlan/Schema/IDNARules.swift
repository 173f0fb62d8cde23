// RFC 5891 section 5.4 (U-label checks), RFC 5892 section 2.6 (exceptions) and appendix A
// (contextual rules CONTEXTJ and CONTEXTO).

/// The IDNA2008 checks a decoded host name label must pass.
///
/// FIXME: the full derived-property table (PVALID / DISALLOWED for every code point,
/// RFC 5892 section 2) and the Bidi rule (RFC 5893) are not applied: only the exception
/// list and the contextual rules are, so a label made of other DISALLOWED code points (for
/// example symbols) is accepted as a valid hostname.
enum IDNARules {
    /// RFC 5892 section 2.6 exceptions whose value is DISALLOWED.
    static let disallowedExceptions: Set<UInt32> = [
        0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B,
    ]

    static func isValidULabel(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let first = scalars.first else { return false }
        if isMark(first) { return false }

        // RFC 5891 section 4.2.3.1: no "--" in the third and fourth positions.
        if scalars.count >= 4, scalars[2] == "-", scalars[3] == "-" { return false }
        if scalars.contains(where: { disallowedExceptions.contains($0.value) }) { return false }
        return scalars.indices.allSatisfy { passesContextRule(scalars, at: $0) }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .spacingMark, .nonspacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func passesContextRule(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let before = index > 0 ? scalars[index - 1] : nil
        let after = index + 1 < scalars.count ? scalars[index + 1] : nil
        switch scalars[index].value {
        case 0x00B7: return before == "l" && after == "l"
        case 0x0375: return after.map(isGreek) ?? false
        case 0x05F3, 0x05F4: return before.map(isHebrew) ?? false
        case 0x30FB: return scalars.contains { isJapanese($0) && $0.value != 0x30FB }
        case 0x200D: return before.map(isVirama) ?? false
        case 0x0660...0x0669: return !scalars.contains { (0x06F0...0x06F9).contains($0.value) }
        case 0x06F0...0x06F9: return !scalars.contains { (0x0660...0x0669).contains($0.value) }
        default: return true
        }
    }

    private static func isGreek(_ scalar: Unicode.Scalar) -> Bool {
        (0x0370...0x03FF).contains(scalar.value) || (0x1F00...0x1FFF).contains(scalar.value)
    }

    private static func isHebrew(_ scalar: Unicode.Scalar) -> Bool {
        (0x0590...0x05FF).contains(scalar.value)
    }

    private static func isJapanese(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x3040...0x30FF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0x4E00...0x9FFF).contains(value) || (0x20000...0x2FFFF).contains(value)
    }

    private static func isVirama(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.canonicalCombiningClass.rawValue == 9
    }
}
