// ECMA-262 (2020) section 21.2 (RegExp pattern syntax), as JSON Schema draft-07 section 4.3
// asks for `pattern` and `patternProperties`.

/// A `pattern` compiled once, matched with Unicode-scalar semantics and ASCII-only `\d`,
/// `\w` and `\b`.
///
/// Three engines, tried in order: a list of literals is searched as bytes; any other pattern
/// the non-backtracking matcher handles (`ECMARegexParser`, `PikeVM`) runs there, in time
/// linear in the value for a given pattern, so no pattern can stall a run; the rest
/// (lookahead, lookbehind, backreferences, `\p{..}`) is translated to Swift `Regex`, which
/// backtracks without a time limit, and is refused at load when `BacktrackingCheck` finds an
/// exponential shape in it.
///
/// Matching is a search (unanchored), as JSON Schema specifies. Compiled regexes are
/// immutable and may be used from several threads.
final class ECMARegex: @unchecked Sendable {
    /// The pattern as written in the schema.
    let source: String

    private let engine: Engine

    private enum Engine {
        /// For a pattern that is only literals separated by `|` (`Evil Morty|Lawyer Morty`,
        /// the common case in tracking plans): the literals' UTF-8 bytes, searched directly
        /// because that is many times faster than a regex engine.
        case literals([LiteralSearch])
        /// The non-backtracking matcher's program.
        case program(ECMARegexProgram)
        /// Swift's backtracking `Regex`, for what the matcher does not handle.
        case backtracking(Regex<AnyRegexOutput>)
    }

    /// Characters that make a pattern more than a list of literals.
    private static let metacharacters = Set("\\^$.?*+()[]{}".utf8)

    /// Compiles `source`; throws a message naming the construct that cannot be handled, or
    /// saying that the pattern expands to too large a program.
    init(_ source: String) throws(ECMARegexError) {
        self.source = source
        if !source.utf8.contains(where: { Self.metacharacters.contains($0) }) {
            let bytes = source.utf8.split(
                separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
            engine = .literals(bytes.map(LiteralSearch.init))
        } else if let node = ECMARegexParser.parse(source) {
            engine = .program(try ECMARegexCompiler.compile(node, source: source))
        } else {
            engine = .backtracking(try Self.backtrackingRegex(source))
        }
    }

    /// The path for patterns the matcher does not handle: the nesting and exponential-shape
    /// checks, then the translation to Swift `Regex`.
    private static func backtrackingRegex(_ source: String) throws(ECMARegexError)
        -> Regex<AnyRegexOutput>
    {
        // The shape check reads groups recursively: a pattern (or a `format: regex` value) of
        // a hundred thousand `(` would overflow the stack before any engine refused it.
        if nestingDepth(source) > ECMARegexParser.nestingLimit {
            throw ECMARegexError(
                message:
                    "The regular expression '\(source.prefix(80))' nests groups more than \(ECMARegexParser.nestingLimit) deep; flatten its groups."
            )
        }
        if BacktrackingCheck.hasNestedUnboundedQuantifier(source) {
            throw ECMARegexError(
                message:
                    "The regular expression '\(source)' can take exponential time to match: it repeats (without bound, or \(BacktrackingCheck.largeRepeat) or more times) a group that itself repeats, has nothing mandatory, or has alternatives that may start with the same character; rewrite it without that (for example '(a+)+' as 'a+', '(a|aa)+' as 'a+', '([a-z]|[a-z0-9])+' as '[a-z0-9]+')."
            )
        }
        let translated = try ECMARegexTranslator.translate(source)
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(translated)
                .matchingSemantics(.unicodeScalar)
                .asciiOnlyDigits()
                .asciiOnlyWordCharacters()
                .wordBoundaryKind(.simple)
        } catch {
            throw ECMARegexError(
                message:
                    "The regular expression '\(source)' is not a regular expression Sluice can match (\(error)); check its syntax against ECMA-262 (JavaScript), and rewrite lookbehind ('(?<=', '(?<!'), which is not supported."
            )
        }

        // Swift compiles a regex program lazily on first match; matching once here does it
        // before the schema is shared between threads.
        _ = try? regex.firstMatch(in: "")
        return regex
    }

    /// The deepest nesting of `(` in `source` outside classes, escapes skipped; read without
    /// recursion, so any length is safe.
    static func nestingDepth(_ source: String) -> Int {
        var (depth, deepest, inClass, isEscaped) = (0, 0, false, false)
        for scalar in source.unicodeScalars {
            if isEscaped {
                isEscaped = false
                continue
            }
            switch scalar {
            case "\\": isEscaped = true
            case "[": inClass = true
            case "]": inClass = false
            case "(" where !inClass:
                depth += 1
                deepest = max(deepest, depth)
            case ")" where !inClass: depth = max(0, depth - 1)
            default: break
            }
        }
        return deepest
    }

    /// Whether the pattern matches anywhere in `string`.
    func matches(_ string: String) -> Bool {
        switch engine {
        case .program(let program):
            return PikeVM.matches(program, in: string)
        case .backtracking(let regex):
            return (try? regex.firstMatch(in: string)) != nil
        case .literals(let literals):
            if let found = string.utf8.withContiguousStorageIfAvailable({ bytes in
                literals.contains { $0.occurs(in: bytes) }
            }) {
                return found
            }
            return Array(string.utf8).withUnsafeBufferPointer { bytes in
                literals.contains { $0.occurs(in: bytes) }
            }
        }
    }
}

/// A pattern that could not be compiled, with a sentence saying why.
struct ECMARegexError: Error {
    var message: String
}

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

    /// Whether the text after a `{` completes `{n}`, `{n,}` or `{n,m}` (ASCII digits only).
    /// Whether `rest` opens with a class escape (`\d`, `\w`, `\s` and their negations).
    private static func startsClassEscape(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        rest.first == "\\" && rest.dropFirst().first.map(classEscapes.contains) == true
    }

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
