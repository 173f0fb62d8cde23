import Testing

@testable import SluicePlan

/// Faults found by breaking the pattern engines, each with the smallest input that showed it.
@Suite struct ECMARegexBreakerTests {
    /// Annex B reads `[\w-_]` as `\w`, `-` and `_`; the fallback translation wrote `\w` as
    /// `a-zA-Z0-9_` and so built the range `_-_`, losing the `-`.
    @Test(arguments: [#"^[\w-_]+$"#, #"^[\w-.]+$"#, #"^[_-\w]+$"#, #"^[\d-\s]+$"#])
    func classEscapeNextToADashKeepsTheDash(_ pattern: String) throws {
        let regex = try ECMARegex(pattern)
        #expect(regex.matches("-"))
        #expect(!regex.matches("!"))
    }

    /// `*+`, `++`, `?+` and `{n}+` are syntax errors in ECMA-262 (with or without `u`); Swift's
    /// `Regex` read them as possessive quantifiers, so the fallback accepted them.
    @Test(arguments: ["a*+", "a++", "a?+", "a{2}+", "a*?+", "(?=a)b++"])
    func possessiveQuantifierIsRefused(_ pattern: String) {
        #expect(throws: ECMARegexError.self) { try ECMARegex(pattern) }
        #expect(!SchemaFormat.regex.accepts(pattern))
    }

    /// A `+` that follows an escaped quantifier character or a literal brace is a quantifier.
    @Test(arguments: [(#"^\*+$"#, "**"), (#"^\?+$"#, "??"), (#"^x{+$"#, "x{{")])
    func plusAfterAnEscapedQuantifierCharacterStillRepeats(_ pattern: String, _ value: String)
        throws
    {
        #expect(try ECMARegex(pattern).matches(value))
    }

    /// Past `ECMARegexParser.nestingLimit` the pattern went to `BacktrackingCheck`, which
    /// recursed once per `(` and overflowed the stack (SIGSEGV) before Swift's `Regex` could
    /// refuse it; the same happened to an event value checked with `"format": "regex"`.
    @Test func deeplyNestedPatternIsRefusedWithoutCrashing() {
        let pattern = String(repeating: "(", count: 100_000)
        let error = #expect(throws: ECMARegexError.self) { try ECMARegex(pattern) }
        #expect(error?.message.contains("nests groups more than 200 deep") == true)
        #expect(!SchemaFormat.regex.accepts(pattern))
        let balanced = String(repeating: "(?=", count: 300) + String(repeating: ")", count: 300)
        #expect(throws: ECMARegexError.self) { try ECMARegex(balanced) }
    }

    /// `format: regex` reads lookaround, backreferences and `\p{..}` as syntax: compiling a long
    /// value with Swift's `Regex` instead took seconds and hundreds of megabytes per value.
    @Test func formatRegexReadsUnmatchedConstructsAsSyntax() {
        for valid in [
            #"(?=a)b"#, #"(?<!x)y"#, #"(a)\1"#, #"(?<n>a)\k<n>"#, #"\p{L}+"#,
            #"[\p{Script=Greek}]"#,
        ] {
            #expect(SchemaFormat.regex.accepts(valid), "\(valid)")
        }
        for invalid in [#"(?=a"#, #"\p{"#, #"\k<>"#, #"(?<=a))"#, #"\p{L!}"#] {
            #expect(!SchemaFormat.regex.accepts(invalid), "\(invalid)")
        }
        let long = "(?=a)" + String(repeating: "b", count: 1_000_000)
        #expect(ECMARegexParser.isValidSyntax(long))
    }

    /// Parentheses inside a class or escaped do not nest.
    @Test func nestingDepthSkipsClassesAndEscapes() {
        #expect(ECMARegex.nestingDepth(#"[(((]\(\((a(b))"#) == 2)
    }

    /// A pattern of literals is searched in linear time (`LiteralSearch`): a long literal found
    /// at the end of a long value, and one found nowhere. Comparing at every start, as before,
    /// gives the same answers but takes about 10^10 byte comparisons here, so a return in
    /// test time is what this checks; no time is asserted.
    @Test func longLiteralSearchFindsTheEndAndMisses() throws {
        let literal = String(repeating: "a", count: 10_000) + "b"
        let regex = try ECMARegex(literal + "|zz")
        let value = String(repeating: "a", count: 1_000_000)
        #expect(regex.matches(value + "b"))
        #expect(!regex.matches(value))
        #expect(regex.matches("xzzx"))
        #expect(try ECMARegex("é|ü").matches("Grüße"))
    }
}
