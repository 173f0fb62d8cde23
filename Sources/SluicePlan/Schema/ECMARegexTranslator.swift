// ECMA-262 (2020) section 21.2 (RegExp pattern syntax) against Swift `Regex` syntax, for the
// patterns `ECMARegex` leaves to Swift's engine.

/// Rewrites the ECMA-262 constructs whose meaning differs in Swift `Regex` syntax, for the
/// patterns the non-backtracking matcher leaves to Swift's engine. Swift's `\b` with scalar
/// semantics does not count ASCII digits as word characters and no rewrite can fix that
/// without lookbehind; `[+--]` (a range ending in `-`) becomes two scalars.
enum ECMARegexTranslator {
    /// ECMA-262 `\s` (`ScalarSet.whitespace`, the one list of its scalars) as the body of a
    /// Swift class. Each scalar is written on its own as an escape: Swift rejects whitespace
    /// scalars such as U+2000 as range bounds and does not match some of them when written
    /// literally in a class.
    static let whitespaceClassBody = ScalarSet.whitespace.ranges.flatMap { Array($0) }
        .map { "\\x{" + String($0, radix: 16) + "}" }.joined()

    /// The letters ECMA-262 (with the `u` flag) accepts after a backslash.
    static let letterEscapes: Set<Unicode.Scalar> = Set("dDwWsSbBnrtvfcxupPk".unicodeScalars)

    /// The escapes that stand for a set of scalars; next to `-` in a class, Annex B reads the
    /// `-` as itself (`[\w-_]` is `\w`, `-` and `_`).
    static let classEscapes: Set<Unicode.Scalar> = Set("dDwWsS".unicodeScalars)

    static func translate(_ source: String) throws(ECMARegexError) -> String {
        var out = ""
        var scalars = Array(source.unicodeScalars)[...]
        var inClass = false
        // Whether the last scalar ended a quantifier (`*`, `+`, `?`, the `}` of `{n,m}`): a `+`
        // after it is Swift's possessive form, which ECMA-262 does not have.
        var afterQuantifier = false
        var inBraceQuantifier = false
        // Whether the last item of a class was a class escape (`classEscapes`).
        var afterClassEscape = false
        while let scalar = scalars.popFirst() {
            let (wasAfterQuantifier, wasAfterClassEscape) = (afterQuantifier, afterClassEscape)
            (afterQuantifier, afterClassEscape) = (false, false)
            switch scalar {
            case "\\":
                let letter = scalars.first
                out += try translateEscape(&scalars, inClass: inClass, source: source)
                afterClassEscape = inClass && letter.map(classEscapes.contains) == true
            case "+" where !inClass && wasAfterQuantifier:
                throw ECMARegexError(
                    message:
                        "The regular expression '\(source)' puts '+' right after a quantifier ('*+', '++', '?+', '}+'), which ECMA-262 does not allow; remove it, or write '\\+' to match a plus sign."
                )
            case "*" where !inClass, "+" where !inClass, "?" where !inClass:
                out.unicodeScalars.append(scalar)
                afterQuantifier = true
            case "}" where !inClass && inBraceQuantifier:
                out += "}"
                inBraceQuantifier = false
                afterQuantifier = true
            case "-" where inClass && (wasAfterClassEscape || Self.startsClassEscape(scalars)):
                out += "\\-"
            case "[" where !inClass:
                if scalars.starts(with: ["^", "]"]) {
                    scalars = scalars.dropFirst(2)
                    out += "[\\s\\S]"
                } else if scalars.first == "]" {
                    scalars = scalars.dropFirst()
                    out += "(?!)"
                } else {
                    inClass = true
                    out += "["
                    if scalars.first == "^" { out += "^"; scalars = scalars.dropFirst() }
                }
            case "[" where inClass:
                out += "\\["
            case "]" where inClass:
                inClass = false
                out += "]"
            case "$" where !inClass:
                out += "\\z"
            case "{" where !inClass && !isQuantifier(scalars):
                // Annex B: a `{` that starts no `{n}`, `{n,}` or `{n,m}` is a literal, where
                // Swift reads `{,n}` and `{ n }` as quantifiers.
                out += "\\{"
            case "{" where !inClass:
                out += "{"
                inBraceQuantifier = true
            case "." where !inClass:
                // ECMA-262 excludes only the four line terminators; Swift also excludes
                // U+000B, U+000C and U+0085.
                out += "[^\\n\\r\\x{2028}\\x{2029}]"
            case "(" where !inClass && scalars.first == "?":
                try checkGroupPrefix(scalars.dropFirst(), source: source)
                out += "("
            case "&" where inClass, "~" where inClass:
                // Swift treats `&&`, `~~` and `--` inside a class as set operators.
                out += "\\" + String(scalar)
            case ":" where inClass:
                // Swift reads `[:alpha:]` as a POSIX class; in ECMA-262 it is five scalars.
                out += "\\:"
            case "-" where inClass && scalars.first == "-":
                out += "\\-"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func translateEscape(
        _ scalars: inout ArraySlice<Unicode.Scalar>, inClass: Bool, source: String
    ) throws(ECMARegexError) -> String {
        guard let next = scalars.popFirst() else {
            throw ECMARegexError(
                message:
                    "The regular expression '\(source)' ends with a lone backslash; escape it as '\\\\'."
            )
        }
        switch next {
        case "d": return inClass ? "0-9" : "[0-9]"
        case "D": return inClass ? "\\D" : "[^0-9]"
        case "w": return inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
        case "W": return inClass ? "\\W" : "[^a-zA-Z0-9_]"
        case "s": return inClass ? whitespaceClassBody : "[\(whitespaceClassBody)]"
        case "S":
            // Swift's own `\S` differs from ECMA-262's at U+0085 and U+FEFF; a nested class
            // spells the complement in a class too.
            return "[^\(whitespaceClassBody)]"
        case "b" where inClass: return "\\x{8}"
        // Swift reads `\v` as any vertical whitespace; ECMA-262 means U+000B only.
        case "v": return "\\x{B}"
        case "0" where !(scalars.first.map { ("0"..."9").contains($0) } ?? false): return "\\x{0}"
        case "c":
            guard let letter = scalars.first, letter.isASCII, letter.properties.isAlphabetic else {
                return "\\\\c"
            }
            scalars = scalars.dropFirst()
            return hex(letter.value % 32)
        case "u":
            return translateUnicodeEscape(&scalars)
        case "x":
            let digits = scalars.prefix(2)
            guard digits.count == 2, digits.allSatisfy(\.properties.isASCIIHexDigit) else {
                return "x"
            }
            scalars = scalars.dropFirst(2)
            return "\\x{\(String(String.UnicodeScalarView(digits)))}"
        case "/": return "/"
        case "p" where scalars.first == "{", "P" where scalars.first == "{":
            // The property name's braces belong to the escape, not to a quantifier.
            let close = scalars.firstIndex(of: "}") ?? scalars.endIndex
            let name = scalars[..<close]
            scalars = scalars[close...]
            return "\\" + String(next) + String(String.UnicodeScalarView(name))
        default:
            if next.isASCII, next.properties.isAlphabetic, !letterEscapes.contains(next) {
                throw ECMARegexError(
                    message:
                        "The regular expression '\(source)' uses the escape '\\\(next)', which ECMA-262 does not define; remove the backslash or use an escape ECMA-262 knows."
                )
            }
            return "\\" + String(next)
        }
    }

    /// Whether `rest` opens with a class escape (`\d`, `\w`, `\s` and their negations).
    private static func startsClassEscape(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        rest.first == "\\" && rest.dropFirst().first.map(classEscapes.contains) == true
    }

    /// Whether the text after a `{` completes `{n}`, `{n,}` or `{n,m}` (ASCII digits only).
    private static func isQuantifier(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        let isDigit = { (scalar: Unicode.Scalar) in ("0"..."9").contains(scalar) }
        var rest = rest
        let lower = rest.prefix(while: isDigit).count
        rest = rest.dropFirst(lower)
        if rest.first == "," { rest = rest.dropFirst().drop(while: isDigit) }
        return lower > 0 && rest.first == "}"
    }

    /// ECMA-262 groups open with `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`; inline
    /// flags, comments and Python's `(?P` are not ECMA-262.
    private static func checkGroupPrefix(_ rest: ArraySlice<Unicode.Scalar>, source: String)
        throws(ECMARegexError)
    {
        guard let first = rest.first else { return }
        if first == ":" || first == "=" || first == "!" { return }
        if first == "<", let second = rest.dropFirst().first {
            if second == "=" || second == "!" || second.properties.isAlphabetic || second == "_" {
                return
            }
        }
        throw ECMARegexError(
            message:
                "The regular expression '\(source)' opens a group with '(?\(first)', which ECMA-262 does not allow (no inline flags, comments or Python groups); use '(?:', '(?=', '(?!', '(?<=', '(?<!' or '(?<name>'."
        )
    }

    private static func translateUnicodeEscape(_ scalars: inout ArraySlice<Unicode.Scalar>)
        -> String
    {
        if scalars.first == "{", let close = scalars.firstIndex(of: "}") {
            let digits = String(
                String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
            scalars = scalars[scalars.index(after: close)...]
            return "\\x{\(digits)}"
        }

        guard let high = hexValue(scalars.prefix(4)) else { return "u" }
        scalars = scalars.dropFirst(4)
        let isHighSurrogate = (0xD800...0xDBFF).contains(high)
        if isHighSurrogate, scalars.starts(with: ["\\", "u"]),
            let low = hexValue(scalars.dropFirst(2).prefix(4)), (0xDC00...0xDFFF).contains(low)
        {
            scalars = scalars.dropFirst(6)
            return hex(0x10000 + (high - 0xD800) << 10 + (low - 0xDC00))
        }
        return hex(high)
    }

    private static func hexValue(_ digits: ArraySlice<Unicode.Scalar>) -> UInt32? {
        guard digits.count == 4, digits.allSatisfy(\.properties.isASCIIHexDigit) else { return nil }
        return UInt32(String(String.UnicodeScalarView(digits)), radix: 16)
    }

    private static func hex(_ value: UInt32) -> String {
        "\\x{" + String(value, radix: 16) + "}"
    }
}
