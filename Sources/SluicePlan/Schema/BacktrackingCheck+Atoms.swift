// ECMA-262 (2020), 21.2.1: the atoms of a pattern, its character escapes (`\d`, `\t`,
// `\u0041`, `\x41`, `\cJ`), character classes with ranges, backreferences (`\1`, `\k<name>`)
// and Unicode property escapes (`\p{L}`).

extension BacktrackingCheck.Parser {
    typealias Atom = BacktrackingCheck.Atom

    /// Reads the escape at `index` (its `\`) as an atom. What the check cannot narrow down (a
    /// property, a control escape) may be any character; a backreference any text.
    mutating func readEscape() -> Atom {
        var atom = Atom(set: .everything, isSingle: true, minWidth: 1, maxWidth: 1)
        index += 1
        guard index < chars.count else { return atom }
        let letter = chars[index]
        switch letter {
        case "b", "B":
            index += 1
            (atom.set, atom.minWidth, atom.maxWidth) = (.nothing, 0, 0)
        case "k", "1"..."9":
            // A backreference matches whatever its group matched: any text.
            index += 1
            if letter == "k" {
                skip(past: ">")
            } else {
                while index < chars.count, chars[index].properties.numericType != nil {
                    index += 1
                }
            }
            (atom.isSingle, atom.minWidth, atom.maxWidth) = (false, 0, .max)
        default:
            let (set, _) = readCharacterEscape(inClass: false)
            atom.set = set
        }
        return atom
    }

    /// Reads the class at `index` (its `[`): the characters it matches, or every character
    /// for one the check cannot read.
    mutating func readClass() -> ScalarSet {
        index += 1
        let isNegated = index < chars.count && chars[index] == "^"
        if isNegated { index += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        var isUnknown = false
        while index < chars.count, chars[index] != "]" {
            let (set, low) = readClassMember()
            guard index + 1 < chars.count, chars[index] == "-", chars[index + 1] != "]" else {
                ranges += set.ranges
                continue
            }
            index += 1
            let (_, high) = readClassMember()
            if let low, let high, low <= high {
                ranges.append(low...high)
            } else {
                isUnknown = true
            }
        }
        index += 1
        if isUnknown { return .everything }
        return isNegated ? ScalarSet(ranges).inverted : ScalarSet(ranges)
    }

    /// One member of a class: its characters, and its scalar when it is one character.
    private mutating func readClassMember() -> (ScalarSet, UInt32?) {
        guard chars[index] == "\\" else {
            let value = chars[index].value
            index += 1
            return (ScalarSet([value...value]), value)
        }
        index += 1
        guard index < chars.count else { return (.everything, nil) }
        return readCharacterEscape(inClass: true)
    }

    /// Reads the escape whose letter is at `index`: its characters, and its scalar when it
    /// is one character.
    private mutating func readCharacterEscape(inClass: Bool) -> (ScalarSet, UInt32?) {
        let letter = chars[index]
        index += 1
        let named: [Unicode.Scalar: ScalarSet] = [
            "d": .digits, "D": .nonDigits, "w": .wordCharacters, "W": .nonWordCharacters,
            "s": .whitespace, "S": .nonWhitespace,
        ]
        if let set = named[letter] { return (set, nil) }
        let controls: [Unicode.Scalar: UInt32] = [
            "t": 0x09, "n": 0x0A, "v": 0x0B, "f": 0x0C, "r": 0x0D, "0": 0x00,
        ]
        var value: UInt32? = controls[letter]
        switch letter {
        case "b" where inClass: value = 0x08
        case "p", "P":
            // `\p` without braces (at the end, say) names no property: any character.
            guard index < chars.count, chars[index] == "{" else { return (.everything, nil) }
            let start = index + 1
            skip(past: "}")
            let end = min(max(start, index - 1), chars.count)
            let name = String(String.UnicodeScalarView(chars[start..<end]))
            let isAlphanumeric = Self.alphanumericCategories.contains(
                name.replacingOccurrences(of: "General_Category=", with: "")
                    .replacingOccurrences(of: "gc=", with: ""))
            return (letter == "p" && isAlphanumeric ? Self.alphanumericBound : .everything, nil)
        case "u":
            if index < chars.count, chars[index] == "{" {
                index += 1
                value = readHex(upTo: 6)
                skip(past: "}")
            } else {
                value = readHex(upTo: 4)
            }
        case "x": value = readHex(upTo: 2)
        case "c":
            index += 1
            return (.everything, nil)
        default:
            if value == nil { value = letter.value }
        }
        guard let value, value <= ScalarSet.maximumValue else { return (.everything, nil) }
        return (ScalarSet([value...value]), value)
    }

    /// General categories of letters, marks and numbers, short and long: none of their
    /// scalars is ASCII punctuation, a space or a control.
    static let alphanumericCategories: Set<String> = [
        "L", "Letter", "Lu", "Uppercase_Letter", "Ll", "Lowercase_Letter", "Lt",
        "Titlecase_Letter", "LC", "Cased_Letter", "Lm", "Modifier_Letter", "Lo", "Other_Letter",
        "M", "Mark", "Mn", "Nonspacing_Mark", "Mc", "Spacing_Mark", "Me", "Enclosing_Mark",
        "N", "Number", "Nd", "Decimal_Number", "Nl", "Letter_Number", "No", "Other_Number",
    ]

    /// A bound on the scalars of `alphanumericCategories`: every scalar but ASCII
    /// punctuation, spaces and controls, so that `[ '-]` is disjoint from `\p{L}`.
    static let alphanumericBound = ScalarSet([
        0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x80...ScalarSet.maximumValue,
    ])

    /// Reads up to `count` hexadecimal digits; nil when there are none.
    private mutating func readHex(upTo count: Int) -> UInt32? {
        var value: UInt32 = 0
        var read = 0
        while read < count, index < chars.count, let digit = chars[index].hexDigitValue {
            value = value * 16 + UInt32(digit)
            index += 1
            read += 1
        }
        return read == 0 ? nil : value
    }

    /// Moves past the next `end`, or to the end of the pattern.
    private mutating func skip(past end: Unicode.Scalar) {
        while index < chars.count, chars[index] != end { index += 1 }
        index = min(index + 1, chars.count)
    }
}

extension Unicode.Scalar {
    /// The value of an ASCII hexadecimal digit, else nil.
    fileprivate var hexDigitValue: Int? {
        switch value {
        case 0x30...0x39: return Int(value - 0x30)
        case 0x41...0x46: return Int(value - 0x41 + 10)
        case 0x61...0x66: return Int(value - 0x61 + 10)
        default: return nil
        }
    }
}
