import SluiceJSON

/// Patterns and values for comparing the non-backtracking matcher with the Swift `Regex`
/// built from `ECMARegexTranslator.translate`: every pattern the draft-07 suite and the
/// other tests use, and hand-written ones covering each construct the matcher handles.
enum ECMARegexCorpus {
    /// One or more patterns per construct, including the odd corners of ECMA-262's grammar.
    static let constructPatterns: [String] = [
        // Literals and anchors.
        #"^abc$"#, #"abc"#, #"^$"#, #"^"#, #"$"#, #"a^"#, #"$a"#, #"^a|b$"#, #"a b"#, "#",
        #"e\u0301"#, "é", "🐲", #"^🐲*$"#, "日本",
        // `.` and line terminators.
        #"."#, #"^.$"#, #"^..$"#, #"a.c"#, #"^.*$"#, #"^[^]*$"#,
        // Classes.
        #"[abc]"#, #"[^abc]"#, #"^[a-z]+$"#, #"[a-]"#, #"[-a]"#, #"[]"#, #"[^]"#, #"[]a]"#,
        #"[\]]"#, #"[a\-z]"#, #"[\d]"#, #"[\D]"#, #"[\w]"#, #"[\W]"#, #"[\s]"#, #"[\S]"#,
        #"[^\s]"#, #"[^\S]"#, #"[\b]"#, #"[.]"#, #"[$^]"#, #"[a^]"#, #"[(|)]"#, #"[\^]"#, #"[[]"#,
        #"[a[]"#, #"[&&]"#, #"[a&&b]"#, #"[~~]"#, #"[--/]"#, #"[+--]"#, #"[\x41-\x5A]"#,
        #"[\u0041-\u005A]"#, #"[\0]"#, #"[\t\n]"#, #"[\v]"#, #"[\f\r]"#, #"[\cA]"#, #"[\c1]"#,
        #"[\c]"#, #"[\/]"#, #"[\.]"#, #"[é-ü]"#, #"[😀-😂]"#, #"[\uD83D\uDE00]"#, #"[^\d\s]"#,
        #"[:alpha:]"#, #"[[:alpha:]]"#, #"[\d-]"#, #"[\w-]"#, #"[a-c-e]"#, #"[{}]"#,
        // Escapes.
        #"\d"#, #"\D"#, #"\w"#, #"\W"#, #"\s"#, #"\S"#, #"^\d+$"#, #"^\w+$"#, #"^\s+$"#,
        #"\bfoo\b"#, #"\Bo\B"#, #"\b"#, #"\B"#, #"^\b$"#, #"^\B$"#, #"a\b"#, #"\ba"#, #"é\b"#,
        #"\n"#, #"\r"#, #"\t"#, #"\v"#, #"\f"#, #"\0"#, #"\0a"#, #"\cJ"#, #"\cj"#, #"\c"#, #"\c1"#,
        #"\c*"#, #"\x41"#, #"\x4"#, #"\xZZ"#, #"\x41+"#, #"\u0041"#, #"\u004"#, #"\u{1F600}"#,
        #"\u{41}"#, #"\u{000041}"#, #"\uD83D\uDE00"#, #"\uD83D\uDE00+"#, #"\u00e9"#, #"\/"#,
        #"\."#, #"\\"#, #"\-"#, #"\ "#, #"\{"#, #"\}"#, #"\["#, #"\]"#, #"\("#, #"\)"#, #"\|"#,
        #"\*"#, #"\+"#, #"\?"#, #"\^"#, #"\$"#, #"\#"#, #"\:"#, #"\,"#, #"\="#, #"\!"#, #"\<"#,
        #"\>"#, #"\@"#, #"\%"#, #"\&"#, #"\~"#, #"\`"#, #"\'"#, #"\""#, #"\_"#,
        // Groups and alternation.
        #"(a)"#, #"(?:a)"#, #"(?<n>a)"#, #"()"#, #"(|a)"#, #"a||b"#, #"(a|b)c"#, #"(a|)b"#,
        #"((a))"#, #"(?:ab)+"#, #"(?<x>a)(?<y>b)"#, #"(?<é>x)"#, #"a|"#, #"|"#, #"^(a|b|c)$"#,
        // Quantifiers, laziness, and braces that are no quantifier (Annex B).
        #"a*"#, #"a+"#, #"a?"#, #"a*?"#, #"a+?"#, #"a??"#, #"^a{2}$"#, #"^a{2,}$"#, #"^a{2,3}$"#,
        #"^a{0}$"#, #"^a{0,0}b"#, #"a{0,}"#, #"^a{,3}$"#, #"a{"#, #"a{x}"#, #"a{2"#, #"a{2,"#,
        #"{"#, #"}"#, #"a}"#, #"x{ 2 }"#, #"x{2, 3}"#, #"^a{2}?$"#, #"^a{1,2}?$"#, #"^(ab){2}$"#,
        #"^(a|b){2,3}c"#, #"a{03}"#, #"^(?:a{2}){2}$"#, #"a*{"#, #"\d{2,}"#,
        // Shapes a backtracking engine struggles with; here they are ordinary.
        #"^(a|aa)+b$"#, #"(\d|x)+"#, #"^(a?){5}a{5}$"#, #"(.*a){3}"#, #"(a*)*"#, #"(a*)+b"#,
        #"^(a+)+$"#, #"(\w+\s?)*$"#, #".*a.*b.*c"#, #"^([a-z]|[a-z0-9])+$"#,
        // Assertions inside repeated groups.
        #"(^a)"#, #"(a$)"#, #"(^)*a"#, #"($)+"#, #"(\b)+a"#, #"a|^b"#, #"^a*$"#, #"(^|x)a"#,
        #"(a|$)"#, #"(?:\b|x)+y"#,
        // Lookahead, on the matcher since it runs lookarounds, compared with Swift's `Regex`.
        #"(?=a)"#, #"(?!a)b"#, #"a(?=b)"#, #"a(?!b)"#, #"^(?=.*\d)(?=.*[a-z]).{4,}$"#,
        #"(?=(a+))a*b"#, #"^(?!.*--)[a-z-]+$"#, #"(?:(?=a)a|b)+"#, #"a(?=b|c$)"#, #"(?=$)"#,
        #"^(?=)$"#, #"x(?!$)"#, #"(?=\b)a"#, #"(?!^)a"#, #"a(?=(?!b)c)"#, #"^(?=a|b)\w+$"#,
        #"(?!a|b)\w"#, #"^(?:a(?=a)|b)*$"#,
        // Typical tracking-plan patterns.
        #"^[a-z]+(_[a-z]+)*$"#, #"^\d{4}-\d{2}-\d{2}$"#, #"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"#,
        #"^[A-Z][a-zA-Z ]*$"#, #"^(\d{1,3}\.){3}\d{1,3}$"#, #"^[0-9a-f]{8}-[0-9a-f]{4}"#,
        #"^https?://"#, #"Evil Morty|Lawyer Morty"#,
    ]

    /// Patterns the other tests use (JSONSchemaTests, BacktrackingCheckTests, plan tests).
    static let testPatterns: [String] = [
        #"^\d+$"#, #"^\w$"#, #"^\p{L}$"#, #"^\s$"#, #"^[^]$"#, #"^\u00e9$"#, #"^\cJ$"#,
        #"FOO|BAR"#, #"right-nav|footer"#, #"Lawyer Morty|Evil Morty"#, #"^a.c$"#, #"(?<=a)b"#,
        #"(?i)abc"#, #"a\a"#, #"(?P<n>x)"#, #"(unclosed"#, #"(a+)+$"#, #"(\w*)*x"#,
        #"((a+)+b)"#, #"(a{2,})+"#, #"((ab)+c)*"#, #"^a+$"#, #"(ab)+"#, #"[(a+)]+"#,
        #"\(a+\)+"#, #"(a|b)*"#, #"(a{2,3})+"#, #"^(\d+)?$"#, #"^(a|a)*b$"#, #"^(?:a*)*b$"#,
        #"(a|)+"#, #"(a?|b)+"#, #"(foo|bar)+"#, #"(a|b){3}"#, #"(a?){3}"#, #"(a|a){9}"#, "^x",
        "^a",
    ]

    /// Patterns from the draft-07 suite (`pattern`, `patternProperties` and the strings the
    /// `format: regex` tests judge), with the strings their tests validate.
    static let suite: (patterns: [String], strings: [String]) = {
        var patterns: [String] = []
        var strings: [String] = []
        for testCase in ConformanceSuite.requiredCases + ConformanceSuite.optionalCases {
            let found = patternsIn(testCase.schema)
            if testCase.schema["format"]?.stringValue == "regex",
                let pattern = testCase.data.stringValue
            {
                patterns.append(pattern)
            }
            guard !found.isEmpty else { continue }
            patterns += found
            strings += stringsIn(testCase.data)
        }
        return (patterns, strings)
    }()

    private static func patternsIn(_ value: JSONValue) -> [String] {
        switch value {
        case .array(let elements): return elements.flatMap(patternsIn)
        case .object(let object):
            return object.flatMap { key, member in
                var found = patternsIn(member)
                if key == "pattern", let pattern = member.stringValue { found.append(pattern) }
                if key == "patternProperties", let names = member.objectValue {
                    found += names.map(\.0)
                }
                return found
            }
        default: return []
        }
    }

    private static func stringsIn(_ value: JSONValue) -> [String] {
        switch value {
        case .string(let string): return [string]
        case .array(let elements): return elements.flatMap(stringsIn)
        case .object(let object): return object.flatMap { [$0] + stringsIn($1) }
        default: return []
        }
    }

    /// Values every pattern is tried on: empty, ASCII, non-ASCII, each line terminator and
    /// the whitespace ECMA-262 and Swift disagree on.
    static let fixedStrings: [String] = [
        "", "a", "b", "ab", "abc", "aab", "aaa", "aaaaab", "aaaaaaaaaab", "xyz", "foo", "a foo b",
        "foobar", "x_y", "snake_case_name", "Order Completed", "2024-01-31", "2024-1-31",
        "a@b.co", "a@b", "10.0.0.1", "https://x", "\n", "\r", "\r\n", "a\nb", "abc\n",
        "\u{2028}", "\u{2029}", "\u{85}", "\u{B}", "\u{C}", "\t", " ", "\u{A0}", "\u{FEFF}",
        "\u{3000}", "\u{1680}", "\u{0}", "\u{8}", "\u{3}", "\u{1}", "é", "e\u{301}", "ü",
        "\u{1F600}", "\u{1F601}", "\u{1F432}", "日本語", "\u{661}", "{", "{,3}", "a{,3}", "a{",
        "x{ 2 }", "xx", "}", "]", "[", "\\", "\\c", "\\c1", "/", "-", "_", "0", "9", "42",
        "abc123", "ABC", "Z", "a-b", "x{2}", "(", "|", "$", "^", ".", "AB", "A", "u", "x",
        "#", "`", "&", "~", ":",
    ]

    /// Scalars mixed into generated values besides the pattern's own.
    static let generatedAlphabet: [Unicode.Scalar] = [
        "a", "b", "x", "0", "9", "_", " ", "\n", "\r", "é", "\u{1F600}", "-", "\u{2028}",
        "\u{85}", "\u{B}", "\u{FEFF}", "\u{A0}", "A", "@", ".",
    ]

    /// `count` values of up to eight scalars drawn from `pattern`'s own scalars and
    /// `generatedAlphabet`, the same on every run.
    static func generatedStrings(for pattern: String, count: Int) -> [String] {
        var random = SplitMix(
            state: pattern.unicodeScalars.reduce(1469) { $0 &* 31 &+ UInt64($1.value) })
        let own = pattern.unicodeScalars.filter { !#"\^$*+?()[]{}|"#.unicodeScalars.contains($0) }
        let alphabet = Array(own) + generatedAlphabet
        return (0..<count).map { _ in
            var value = String.UnicodeScalarView()
            for _ in 0..<random.below(9) { value.append(random.pick(alphabet)) }
            return String(value)
        }
    }
}
