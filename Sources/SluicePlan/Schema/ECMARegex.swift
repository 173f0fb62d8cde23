// ECMA-262 (2020) section 21.2 (RegExp pattern syntax), as JSON Schema draft-07 section 4.3
// asks for `pattern` and `patternProperties`.
import SluiceJSON

/// A `pattern` compiled once, matched with Unicode-scalar semantics and ASCII-only `\d`,
/// `\w` and `\b`.
///
/// Three engines, tried in order: a list of literals is searched as bytes; any other pattern
/// the non-backtracking matcher handles (`ECMARegexParser`, `PikeVM`) runs there, in time
/// linear in the value for a given pattern (lookarounds and Unicode properties included), so
/// no pattern can stall a run; the rest (backreferences, scripts, the binary properties the
/// standard library does not answer) is translated to Swift `Regex`, which backtracks
/// without a time limit, and is refused at load when `BacktrackingCheck` finds an
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
                    "The regular expression '\(source)' can take exponential time to match: it repeats (without bound, or \(BacktrackingCheck.largeRepeat) or more times) a group that itself repeats, has nothing mandatory, has alternatives that may start with the same character, or matches texts of varying length with no character of its own that marks where each repetition starts or ends; rewrite it without that (for example '(a+)+' as 'a+', '(a|aa)+' as 'a+', '([a-z]|[a-z0-9])+' as '[a-z0-9]+', '([a-z]{1,10}\\.?)*' as '([a-z]{1,10}\\.)*[a-z]{0,10}')."
            )
        }
        if let name = UnicodePropertyNames.firstUnknown(in: source) {
            throw ECMARegexError(
                message:
                    "The regular expression '\(JSONValue.excerpt(of: source))' names the Unicode property '\(name)', which ECMA-262 does not define; write it as ECMA-262 spells it (names are case-sensitive: 'L' or 'Letter', 'Lu', 'Alphabetic', 'Script=Greek')."
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
                    "The regular expression '\(source)' is not a regular expression Sluice can match (\(error)); check its syntax against ECMA-262 (JavaScript). A pattern with a backreference or a script property ('\\p{Script=Greek}') cannot also use lookbehind ('(?<=', '(?<!')."
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
