import SluiceJSON
import Testing

@testable import SluicePlan

/// The non-backtracking matcher: which patterns take it, that no pattern stalls it, and how
/// it refuses a pattern that expands too far.
@Suite struct ECMARegexMatcherTests {
    /// Long enough that a backtracking engine never finishes these shapes.
    static let length = 20_000

    static func repeated(_ text: String, _ count: Int = length) -> String {
        String(repeating: text, count: count)
    }

    /// Patterns that stall a backtracking engine (polynomially or exponentially) on a long
    /// value, each with a long value it matches and one it does not. A hang is the failure;
    /// no time is asserted.
    static let slowShapes: [(pattern: String, matching: String, failing: String)] = [
        (#"(.*a){12}"#, repeated("b") + repeated("a", 12), repeated("a", 11) + repeated("b")),
        (#"^(a|aa)+b$"#, repeated("a") + "b", repeated("a")),
        (#"^(a?){30}a{30}$"#, repeated("a", 45), repeated("a")),
        (#".*a.*b.*c"#, repeated("ab", length / 2) + "c", repeated("ab", length / 2)),
        (#"(\w+\s?)*$"#, repeated("word ", length / 5) + "!", ""),
        (#"^(\w+\s?)*$"#, repeated("word ", length / 5), repeated("word ", length / 5) + "!"),
        (#"^(a+)+$"#, repeated("a"), repeated("a") + "!"),
        (#"(x+x+)+y"#, repeated("x") + "y", repeated("x")),
    ]

    @Test(arguments: slowShapes.indices)
    func slowShapeReturnsTheRightAnswerOnALongValue(_ index: Int) throws {
        let shape = Self.slowShapes[index]
        let regex = try ECMARegex(shape.pattern)
        #expect(regex.matches(shape.matching))
        // `(\w+\s?)*$` matches the empty string at the end of every value.
        #expect(regex.matches(shape.failing) == (shape.pattern == #"(\w+\s?)*$"#))
    }

    /// Patterns the backtracking check refused although they are safe here: they load now.
    @Test(arguments: [
        (#"^(\d|x)+$"#, "12x3", true), (#"^(\d|x)+$"#, "12y3", false),
        (#"^(a|aa)+b$"#, "aaab", true), (#"(a+)+$"#, "b", false),
        (#"^(a?){30}a{30}$"#, String(repeating: "a", count: 30), true),
    ])
    func formerlyRefusedPatternLoads(_ pattern: String, _ value: String, _ isValid: Bool) throws {
        #expect(BacktrackingCheck.hasNestedUnboundedQuantifier(pattern))
        let json = JSONValue.object(JSONObject([("pattern", .string(pattern))]))
        #expect(try JSONSchema(json: json).isValid(.string(value)) == isValid)
    }

    /// Backreferences, scripts and the binary properties the standard library does not
    /// answer take the Swift `Regex` path.
    @Test(arguments: [
        #"(a)\1"#, #"(?<n>a)\k<n>"#, #"\p{Script=Latin}"#, #"\p{ExtPict}"#, #"\01"#, #"a\a"#,
        #"(?i)a"#,
        #"(unclosed"#, #"a**"#, #"[z-a]"#, #"[\d-z]"#, #"\uD800"#, #"(?<=a)+b"#,
    ])
    func unsupportedConstructFallsBack(_ pattern: String) {
        #expect(ECMARegexParser.parse(pattern) == nil)
    }

    /// Property names ECMA-262 does not define are refused, where the fallback engine read
    /// them loosely and matched `\p{letter}` as letters; the names it defines load.
    @Test(arguments: [
        (#"\p{lu}"#, false), (#"\p{letter}"#, false), (#"\p{Letter }"#, false), (#"\p{L&}"#, false),
        (#"\p{IsL}"#, false), (#"\p{Script=greek}"#, false), (#"\p{Foo=Bar}"#, false),
        (#"\p{Letter}"#, true), (#"\p{Alphabetic}"#, true), (#"\p{Script=Greek}"#, true),
        (#"\P{sc=Grek}"#, true), (#"\p{scx=Old_Italic}"#, true), (#"\p{Any}"#, true),
    ])
    func propertyNamesAreReadAsECMA262Spells(_ pattern: String, _ loads: Bool) {
        #expect((try? ECMARegex(pattern)) != nil || !loads, "\(pattern)")
        if !loads { #expect(throws: ECMARegexError.self) { try ECMARegex(pattern) } }
    }

    /// General_Category values run on the matcher, by short and long name and as `gc=`,
    /// inside classes and negated; scripts still take the fallback.
    @Test(arguments: [
        (#"^\p{Lu}\p{Ll}+$"#, "\u{C9}mile", true), (#"^\p{Lu}\p{Ll}+$"#, "emile", false),
        (#"^\p{L}+(?:[ '-]\p{L}+)*$"#, "Jean-Luc O'Neil", true),
        (#"^\p{L}+(?:[ '-]\p{L}+)*$"#, "R2-D2", false), (#"^\p{gc=Nd}+$"#, "\u{665}7", true),
        (#"^\p{General_Category=Decimal_Number}$"#, "x", false),
        (#"^[\p{Sc}\d]+$"#, "\u{20AC}5", true),
        (#"^\P{L}+$"#, "12 !", true), (#"^[^\p{N}]$"#, "7", false), (#"^\p{Zs}$"#, "\u{A0}", true),
        (#"^\p{Script=Greek}$"#, "\u{3B1}", true), (#"^\p{Alpha}+$"#, "\u{E9}\u{3B1}", true),
        (#"^\p{White_Space}$"#, "\u{2003}", true), (#"^\P{space}$"#, " ", false),
        (#"^\p{Emoji}$"#, "\u{1F600}", true), (#"^\p{ASCII}+$"#, "a~", true),
        (#"^\p{Any}$"#, "\u{10FFFF}", true), (#"^\p{Uppercase}$"#, "\u{C9}", true),
        (#"^\p{RI}{2}$"#, "\u{1F1E9}\u{1F1EA}", true),
    ])
    func unicodePropertiesMatchTheirCategories(_ pattern: String, _ value: String, _ expected: Bool)
        throws
    {
        #expect(try ECMARegex(pattern).matches(value) == expected, "\(pattern) on \(value)")
        #expect((ECMARegexParser.parse(pattern) == nil) == pattern.contains("Script"))
    }

    /// Lookarounds run on the matcher, so exponential shapes around them answer at once on
    /// long values. On Swift's backtracking `Regex` these loaded and stalled a run for
    /// minutes on a 22-character value, and a load-time check of their shapes kept missing
    /// some (`^(?=.)(?:(a|a))*$`, `(?:a|a){9}` nested or repeated in a row).
    @Test(arguments: [
        (#"^(a+)+(?=b)"#, "ab"), (#"^(?=.{1,64}$)(?:[a-z0-9]{1,10}\.?)*$"#, "ab.c"),
        (#"(?=a)(?:a?a)*!"#, "aa!"), (#"^(?!b)(?:a{1,2})*$"#, "aaa"),
        (#"^(?=.)(?:(a|a))*$"#, "aaaa"),
        (#"^(?!z)(?:(?:a|a){9}){9}$"#, String(repeating: "a", count: 81)),
        (#"^(?=a)(?:a+){9}$"#, "aaaaaaaaa"),
    ])
    func exponentialShapesWithLookaroundAnswerAtOnce(_ pattern: String, _ matching: String) throws {
        let regex = try ECMARegex(pattern)
        #expect(regex.matches(matching))
        #expect(!regex.matches(String(repeating: "a", count: 5_000) + "?"))
    }

    /// Lookahead and lookbehind, positive and negative, at the edges and inside repetitions,
    /// against answers worked by hand (Swift's `Regex` has no lookbehind to compare with).
    @Test(arguments: [
        (#"(?<=a)b"#, "ab", true), (#"(?<=a)b"#, "cb", false), (#"(?<!a)b"#, "cb", true),
        (#"(?<!a)b"#, "ab", false), (#"(?<!a)b"#, "b", true), (#"^(?<=^)a"#, "a", true),
        (#"(?<=a+)b"#, "caab", true), (#"(?<=^a+)b"#, "caab", false),
        (#"(?<=\$)\d+(?:\.\d\d)?$"#, "$10.50", true), (#"(?<=\$)\d+$"#, "10", false),
        (#"^(?:(?<=a)b|a)+$"#, "abab", true), (#"^(?:(?<=a)b|a)+$"#, "abb", false),
        (#"^(?=.*[A-Z])(?=.*\d)(?!.*\s).{8,}$"#, "Passw0rdX", true),
        (#"^(?=.*[A-Z])(?=.*\d)(?!.*\s).{8,}$"#, "Passw0rd X", false),
        (#"^(?=.*[A-Z])(?=.*\d)(?!.*\s).{8,}$"#, "password1", false),
        (#"^(?!-)[a-z0-9-]{1,63}(?<!-)$"#, "shop-1", true),
        (#"^(?!-)[a-z0-9-]{1,63}(?<!-)$"#, "shop-", false),
        (#"^(?!-)[a-z0-9-]{1,63}(?<!-)$"#, "-shop", false),
        (#"a(?=b(?<=ab))"#, "ab", true), (#"a(?=b(?<=cb))"#, "ab", false),
        (#"(?=a)*b"#, "b", true), (#"^(?=a)+a$"#, "a", true), (#"^(?=a)+a$"#, "b", false),
        (#"(?!)"#, "", false), (#"(?=)"#, "", true), (#"^(?<!a)$"#, "", true),
        (#"^(?:(?<!a)){1}b"#, "b", true), (#"((?<=a)){0}b"#, "b", true),
        (#"c(?:(?<=a))?b"#, "cb", true), (#"c((?<=a))+b"#, "cb", false),
    ])
    func lookaroundsMatchAsECMA262Says(_ pattern: String, _ value: String, _ expected: Bool)
        throws
    {
        #expect(ECMARegexParser.parse(pattern) != nil)
        #expect(try ECMARegex(pattern).matches(value) == expected, "\(pattern) on \(value)")
    }

    /// A delimited group of variable width with lookaround loads and matches.
    @Test func delimitedGroupWithLookaheadLoads() throws {
        let pattern = #"^(?=.{1,64}$)(?:[a-z0-9]{1,10}\.)*[a-z0-9]{1,10}$"#
        let json = JSONValue.object(JSONObject([("pattern", .string(pattern))]))
        let schema = try JSONSchema(json: json)
        #expect(try schema.isValid(.string("shop.example.com")))
        #expect(try !schema.isValid(.string(String(repeating: "a", count: 40) + "!")))
    }

    @Test(arguments: [#"(a{1000}){1000}"#, #"a{100000}"#, #"x{2,99999999999999999999}"#])
    func hugeCountedRepetitionIsRefusedAtLoad(_ pattern: String) {
        let json = JSONValue.object(JSONObject([("pattern", .string(pattern))]))
        let error = #expect(throws: SchemaError.self) { try JSONSchema(json: json) }
        #expect(error?.code == .unsupportedPattern)
        #expect(error?.schemaPath.hasSuffix("#/pattern") == true)
    }

    @Test func countedRepetitionJustUnderTheLimitLoads() throws {
        // `^`, 19,998 reads and `match`: the limit exactly.
        let regex = try ECMARegex("^a{19998}")
        #expect(regex.matches(String(repeating: "a", count: 19_998)))
        #expect(!regex.matches(String(repeating: "a", count: 19_997)))
        #expect(throws: ECMARegexError.self) { try ECMARegex("^a{19999}") }
    }

    /// An empty group repeated any number of times costs nothing and is no reason to refuse.
    @Test func repeatedEmptyGroupLoads() throws {
        #expect(try ECMARegex("^(){999999999}a").matches("a"))
    }

    /// Each alternative is compiled once: forty of them cost forty times one, plus the splits.
    @Test func alternativesCompileToALinearProgram() throws {
        let pattern = "^(" + (0..<40).map { "e\($0)" }.joined(separator: "|") + ")$"
        let node = try #require(ECMARegexParser.parse(pattern))
        #expect(ECMARegexCompiler.instructionCount(node) == 2 + 110 + 2 * 39)
        #expect(try ECMARegex(pattern).matches("e39"))
        #expect(!(try ECMARegex(pattern).matches("e40")))
    }

    @Test func deepNestingFallsBackPastTheLimit() {
        let depth = ECMARegexParser.nestingLimit
        let within =
            String(repeating: "(", count: depth) + "a" + String(repeating: ")", count: depth)
        let beyond = "(" + within + ")"
        #expect(ECMARegexParser.parse(within) != nil)
        #expect(ECMARegexParser.parse(beyond) == nil)
    }

    /// Several threads share one compiled pattern, as validation workers do.
    @Test func concurrentMatchesAgree() async throws {
        let regex = try ECMARegex(#"^[a-z]+(_[a-z]+)*$"#)
        let values = (0..<64).map { $0.isMultiple(of: 2) ? "snake_case_\($0)" : "snake_case" }
        let answers = await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, value) in values.enumerated() {
                group.addTask { (index, regex.matches(value)) }
            }
            var answers = [Bool](repeating: false, count: values.count)
            for await (index, answer) in group { answers[index] = answer }
            return answers
        }
        #expect(answers == values.map { !$0.contains(where: \.isNumber) })
    }

    /// ECMA-262 counts ASCII digits as word characters for `\b`; Swift's `Regex` with scalar
    /// semantics does not, so the fallback path still answers these wrongly.
    @Test(arguments: [
        (#"\b"#, "42", true), (#"a\b3"#, "a3", false), (#"\B"#, "7", false),
        (#"^\w+\b"#, "x1 y", true),
    ])
    func wordBoundaryCountsDigitsAsWordCharacters(
        _ pattern: String, _ value: String, _ expected: Bool
    ) throws {
        #expect(try ECMARegex(pattern).matches(value) == expected)
    }

    /// Regressions in the translation the fallback uses: ECMA-262 meanings Swift spells
    /// differently. The backreference to an empty group sends each pattern down the fallback
    /// path and matches the empty string.
    @Test(arguments: [
        (#"()\1^\v$"#, "\u{B}", true), (#"()\1^\v$"#, "\n", false),
        (#"()\1^[\S]$"#, "\u{85}", true), (#"()\1^[\S]$"#, "\u{FEFF}", false),
        (#"()\1^a{,3}$"#, "a{,3}", true), (#"()\1^a{,3}$"#, "aa", false),
        (#"()\1^x{ 2 }$"#, "x{ 2 }", true), (#"()\1^a{2}$"#, "aa", true),
        (#"()\1^[:alpha:]$"#, "l", true), (#"()\1^[:alpha:]$"#, "b", false),
        (#"()\1^\p{L}{2}$"#, "\u{E9}a", true), (#"()\1^\P{Nd}$"#, "7", false),
    ])
    func fallbackTranslationFollowsECMA262(_ pattern: String, _ value: String, _ expected: Bool)
        throws
    {
        #expect(ECMARegexParser.parse(pattern) == nil)
        #expect(try ECMARegex(pattern).matches(value) == expected)
    }
}
