import Testing

@testable import SluicePlan

/// The non-backtracking matcher gives the answers the Swift `Regex` built from
/// `ECMARegexTranslator.translate` gives, on every pattern both accept.
@Suite struct ECMARegexDifferentialTests {
    static let patterns: [String] = {
        var seen: Set<String> = []
        let all =
            ECMARegexCorpus.constructPatterns + ECMARegexCorpus.testPatterns
            + ECMARegexCorpus.suite.patterns
        return all.filter { seen.insert($0).inserted }
    }()

    /// Generated values per pattern, on top of the fixed ones and the suite's.
    static let generatedCount = 60

    /// The Swift `Regex` the fallback path would build, without the backtracking check.
    static func translatedRegex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        guard let translated = try? ECMARegexTranslator.translate(pattern) else { return nil }
        return try? Regex(translated).matchingSemantics(.unicodeScalar).asciiOnlyDigits()
            .asciiOnlyWordCharacters().wordBoundaryKind(.simple)
    }

    /// Patterns on which the translation is known to be wrong, each with the reason; the
    /// matcher follows ECMA-262 there. A fix of the translation makes the test say so.
    static let knownDivergences: [String: String] = [
        #"[+--]"#:
            "the translation escapes the first '-' of '--' in a class (Swift reads '--' as set subtraction), so the range '+' to '-' becomes the two scalars '+' and '-'"
    ]

    /// The values `pattern` is tried on.
    static func values(for pattern: String) -> [String] {
        var values =
            ECMARegexCorpus.fixedStrings + ECMARegexCorpus.suite.strings
            + ECMARegexCorpus.generatedStrings(for: pattern, count: generatedCount)

        // Swift's `Regex` backtracks: on exponential shapes only short values finish.
        if BacktrackingCheck.hasNestedUnboundedQuantifier(pattern) {
            values = values.filter { $0.unicodeScalars.count <= 12 }
        }

        // Swift's word boundary with scalar semantics does not count ASCII digits as word
        // characters; ECMA-262 does, and so does the matcher (see ECMARegexMatcherTests).
        if pattern.contains(#"\b"#) || pattern.contains(#"\B"#) {
            values = values.filter { !$0.unicodeScalars.contains { ("0"..."9").contains($0) } }
        }
        return values
    }

    @Test(arguments: patterns)
    func matcherAgreesWithTheTranslatedRegex(_ pattern: String) throws {
        guard let node = ECMARegexParser.parse(pattern), let regex = Self.translatedRegex(pattern)
        else { return }
        let program = try ECMARegexCompiler.compile(node, source: pattern)
        let values = Self.values(for: pattern)

        let disagreements = values.filter { value in
            PikeVM.matches(program, in: value) != ((try? regex.firstMatch(in: value)) != nil)
        }
        let shown = disagreements.prefix(5).map {
            $0.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        }
        if let reason = Self.knownDivergences[pattern] {
            #expect(!disagreements.isEmpty, "known divergence now agrees, remove it: \(reason)")
        } else {
            #expect(disagreements.isEmpty, "'\(pattern)' disagrees on \(shown)")
        }
    }

    /// The comparison above is only worth something if most patterns take both paths.
    @Test func mostPatternsAreComparedOnBothEngines() {
        let compared = Self.patterns.filter {
            ECMARegexParser.parse($0) != nil && Self.translatedRegex($0) != nil
        }
        #expect(compared.count * 10 >= Self.patterns.count * 8)
    }

    /// Patterns the matcher reads but the translated regex refused: lookbehind, which
    /// Swift's `Regex` does not run (checked against hand-worked answers in
    /// `ECMARegexMatcherTests`).
    @Test func matcherReadsOnlyKnownPatternsTheTranslationRefuses() {
        let readByMatcherOnly = Self.patterns.filter {
            ECMARegexParser.parse($0) != nil && Self.translatedRegex($0) == nil
        }
        #expect(readByMatcherOnly == ["(?<=a)b", "(?<=a+)b"], "\(readByMatcherOnly)")
    }
}
