// ECMA-262 (2020) sections 21.2.1 (CharacterClass, AtomEscape, CharacterEscape) and
// Annex B.1.4 (IdentityEscape, `\c` without a control letter).

extension ECMARegexParser {
    /// What a backslash escape stands for.
    enum Escape {
        case scalar(Unicode.Scalar)
        case set(ScalarSet)
        case assertion(ECMARegexNode.Assertion)
    }

    /// Reads a class after its `[` up to and including `]`: ranges, escapes, negation.
    /// `[]` is the empty set and `[^]` every scalar. Nil when the class is not closed, has a
    /// reversed range, or uses a class escape such as `\d` as a range end (Annex B reads
    /// `[\d-z]` as three items, which the fallback engine does not, so it stays there).
    mutating func parseClass() -> ScalarSet? {
        let isNegated = peek() == "^"
        if isNegated { index += 1 }

        var members: [ClosedRange<UInt32>] = []
        while true {
            guard let scalar = peek() else { return nil }
            index += 1
            if scalar == "]" { break }
            guard let item = classItem(scalar) else { return nil }

            // `-` between two items makes a range unless it is the class's last character.
            guard peek() == "-", let after = peek(1), after != "]" else {
                members += item.ranges
                continue
            }
            index += 2
            guard case .scalar(let low) = item, case .scalar(let high)? = classItem(after),
                low <= high
            else { return nil }
            members.append(low.value...high.value)
        }
        let set = ScalarSet(members)
        return isNegated ? set.inverted : set
    }

    /// One class item starting with `scalar` (already consumed): a scalar or a class escape.
    private mutating func classItem(_ scalar: Unicode.Scalar) -> Escape? {
        guard scalar == "\\" else { return .scalar(scalar) }
        let escape = parseEscape(inClass: true)
        if case .assertion = escape { return nil }
        return escape
    }

    /// Reads what follows a backslash. Nil for escapes this matcher leaves to the fallback:
    /// backreferences and legacy octal (`\1`, `\01`), `\k<name>`, `\p{..}` and `\P{..}` of
    /// scripts and of properties the standard library does not answer, `\B` in a class,
    /// ASCII letters ECMA-262 does not define (the fallback reports them), and escaped control
    /// or non-ASCII characters (the Swift engine refuses those).
    mutating func parseEscape(inClass: Bool) -> Escape? {
        guard let letter = peek() else { return nil }
        index += 1
        switch letter {
        case "d": return .set(.digits)
        case "D": return .set(.nonDigits)
        case "w": return .set(.wordCharacters)
        case "W": return .set(.nonWordCharacters)
        case "s": return .set(.whitespace)
        case "S": return .set(.nonWhitespace)
        case "b": return inClass ? .scalar("\u{8}") : .assertion(.wordBoundary)
        case "B": return inClass ? nil : .assertion(.notWordBoundary)
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "t": return .scalar("\t")
        case "v": return .scalar("\u{B}")
        case "f": return .scalar("\u{C}")
        case "0": return peek().flatMap(Self.digitValue) == nil ? .scalar("\0") : nil
        case "c":
            guard let control = peek(), control.isASCII, control.properties.isAlphabetic else {
                // Annex B: the backslash is a literal, and the `c` is read as the next item.
                index -= 1
                return .scalar("\\")
            }
            index += 1
            return Unicode.Scalar(control.value % 32).map(Escape.scalar)
        case "x":
            guard let value = hexValue(at: index, digits: 2) else { return .scalar("x") }
            index += 2
            return Unicode.Scalar(value).map(Escape.scalar)
        case "u":
            return parseUnicodeEscape()
        case "1"..."9" where isSyntaxOnly:
            while peek().flatMap(Self.digitValue) != nil { index += 1 }
            return .scalar("\0")
        case "p", "P":
            // A General_Category value or a binary property runs on the matcher; scripts are
            // left to the fallback, or only read as syntax.
            let start = index
            if peek() == "{", let close = scalars[index...].firstIndex(of: "}"),
                let set = Self.propertySet(
                    String(String.UnicodeScalarView(scalars[(index + 1)..<close])))
            {
                index = close + 1
                return .set(letter == "p" ? set : set.inverted)
            }
            index = start
            guard isSyntaxOnly else { return nil }
            return skipNamedEscape(opening: "{", closing: "}")
        case "k" where isSyntaxOnly:
            return skipNamedEscape(opening: "<", closing: ">")
        default:
            // Identity escapes: `\.`, `\/`, `\-` and the other ASCII punctuation and space.
            let isPunctuation = letter.isASCII && (0x20...0x7E).contains(letter.value)
            let isAlphanumeric = letter.properties.isAlphabetic || Self.digitValue(letter) != nil
            return isPunctuation && !isAlphanumeric ? .scalar(letter) : nil
        }
    }

    /// The scalars of a General_Category value or a binary property the standard library
    /// answers; nil for scripts and the rest, which the fallback engine reads.
    static func propertySet(_ name: String) -> ScalarSet? {
        ScalarSet.generalCategory(name) ?? ScalarSet.binaryProperty(name)
    }

    /// For the syntax-only parse: `\k<name>`, `\p{Name}` or `\p{Name=Value}` after the letter,
    /// a placeholder when the name is letters, digits and `_` (and one `=` in braces), else nil.
    private mutating func skipNamedEscape(opening: Unicode.Scalar, closing: Unicode.Scalar)
        -> Escape?
    {
        guard peek() == opening else { return nil }
        var position = index + 1
        while position < scalars.count, scalars[position] != closing {
            let scalar = scalars[position]
            let isNamePart =
                scalar == "_" || scalar.properties.isAlphabetic
                || Self.digitValue(scalar) != nil || (scalar == "=" && closing == "}")
            guard isNamePart else { return nil }
            position += 1
        }
        guard position < scalars.count, position > index + 1 else { return nil }
        index = position + 1
        return .scalar("\0")
    }

    /// After `\u`: `{hex}`, four hex digits, or two escapes of a UTF-16 surrogate pair that
    /// combine into one scalar; a `u` without hex digits is a literal `u` (Annex B). Nil for a
    /// value that is no scalar (a lone surrogate, past U+10FFFF, empty or non-hex braces).
    private mutating func parseUnicodeEscape() -> Escape? {
        if peek() == "{", let close = scalars[index...].firstIndex(of: "}") {
            let digits = scalars[(index + 1)..<close]
            guard !digits.isEmpty, digits.count <= 8,
                let value = hexValue(at: index + 1, digits: digits.count)
            else { return nil }
            index = close + 1
            return Unicode.Scalar(value).map(Escape.scalar)
        }

        guard let high = hexValue(at: index, digits: 4) else { return .scalar("u") }
        index += 4
        if (0xD800...0xDBFF).contains(high), peek() == "\\", peek(1) == "u",
            let low = hexValue(at: index + 2, digits: 4), (0xDC00...0xDFFF).contains(low)
        {
            index += 6
            return Unicode.Scalar(0x10000 + (high - 0xD800) << 10 + (low - 0xDC00))
                .map(Escape.scalar)
        }
        return Unicode.Scalar(high).map(Escape.scalar)
    }

    /// The value of exactly `digits` ASCII hex digits at `start`, or nil.
    private func hexValue(at start: Int, digits: Int) -> UInt32? {
        guard start + digits <= scalars.count else { return nil }
        var value: UInt32 = 0
        for scalar in scalars[start..<(start + digits)] {
            guard scalar.properties.isASCIIHexDigit,
                let digit = UInt32(String(Character(scalar)), radix: 16)
            else { return nil }
            value = value << 4 | digit
        }
        return value
    }
}

extension ECMARegexParser.Escape {
    /// The scalar ranges of a scalar or set item in a class.
    var ranges: [ClosedRange<UInt32>] {
        switch self {
        case .scalar(let scalar): return [scalar.value...scalar.value]
        case .set(let set): return set.ranges
        case .assertion: return []
        }
    }
}
