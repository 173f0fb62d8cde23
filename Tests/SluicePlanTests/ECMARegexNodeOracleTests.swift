import Foundation
import Testing

@testable import SluicePlan

/// The matcher gives JavaScript's answers (`new RegExp(pattern, "u")`, run by Node) on
/// generated patterns mixing lookarounds, General_Category properties, classes, quantifiers
/// and anchors: the reference for what Swift's `Regex` cannot check (lookbehind) and a
/// second opinion on the rest.
@Suite struct ECMARegexNodeOracleTests {
    static let patternCount = 400
    static let valuesPerPattern = 40

    @Test func matcherAgreesWithJavaScript() throws {
        var random = SplitMix(state: 20_261_206)
        let cases = (0..<Self.patternCount).map { _ in
            let pattern = Self.pattern(&random, depth: 0)
            let values = (0..<Self.valuesPerPattern).map { _ in Self.value(&random) }
            return (pattern, values)
        }
        let answers = try Self.javaScriptAnswers(cases)
        try #require(answers.count == cases.count)

        var compared = 0
        for ((pattern, values), expected) in zip(cases, answers) {
            guard let expected else {
                #expect(throws: ECMARegexError.self, "\(pattern)") { try ECMARegex(pattern) }
                continue
            }
            let regex = try ECMARegex(pattern)
            #expect(ECMARegexParser.parse(pattern) != nil, "\(pattern) left the matcher")
            for (value, isMatch) in zip(values, expected) {
                #expect(regex.matches(value) == isMatch, "\(pattern) on \(value.debugDescription)")
                compared += 1
            }
        }
        #expect(compared > Self.patternCount * Self.valuesPerPattern * 8 / 10)
    }

    /// Node's answers: per pattern, whether each value matches, or nil when it refuses it.
    static func javaScriptAnswers(_ cases: [(String, [String])]) throws -> [[Bool]?] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Node/regex_oracle.js").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["node", script]
        let (input, output) = (Pipe(), Pipe())
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let request = try JSONSerialization.data(withJSONObject: cases.map { [$0.0, $0.1] })
        // Written from another thread: Node's answer may fill the pipe before it has read all.
        let writer = Thread {
            input.fileHandleForWriting.write(request)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(
            process.terminationStatus == 0,
            "node failed; install Node.js (scripts/setup --for-tests)")
        let decoded = try JSONSerialization.jsonObject(with: data) as? [Any] ?? []
        return decoded.map { $0 as? [Bool] }
    }

    /// A pattern of up to three levels of groups.
    static func pattern(_ random: inout SplitMix, depth: Int) -> String {
        let count = random.below(3) + 1
        var pattern = ""
        for _ in 0..<count {
            pattern += term(&random, depth: depth)
        }
        if depth < 2, random.chance(5) {
            pattern += "|" + self.pattern(&random, depth: depth + 1)
        }
        return pattern
    }

    static func term(_ random: inout SplitMix, depth: Int) -> String {
        let atoms = [
            "a", "b", "1", ".", "[ab]", "[^a]", "\\d", "\\w", "\\s", "\\p{L}", "\\P{L}",
            "\\p{Lu}", "\\p{Nd}", "[\\p{L}1]", "é", "^", "$", "\\b", "\\B", "\\p{Alpha}",
            "\\P{White_Space}", "\\p{Emoji}", "[\\p{Upper}_]",
        ]
        let quantifiers = ["", "", "", "*", "+", "?", "{1,2}", "{2}", "*?", "+?"]
        guard depth < 3, random.below(10) >= 6 else {
            let atom = random.pick(atoms)
            let isAssertion = ["^", "$", "\\b", "\\B"].contains(atom)
            return atom + (isAssertion ? "" : random.pick(quantifiers))
        }
        let inner = pattern(&random, depth: depth + 1)
        let openers = ["(", "(?:", "(?=", "(?!", "(?<=", "(?<!"]
        let opener = random.pick(openers)
        // JavaScript refuses a quantified lookaround with the `u` flag; Sluice reads a
        // quantified lookahead as Annex B does, so neither is generated.
        let isLookaround = opener.hasPrefix("(?") && opener != "(?:"
        return opener + inner + ")" + (isLookaround ? "" : random.pick(quantifiers))
    }

    /// A value of up to eight scalars over a small alphabet, so that patterns match often.
    static func value(_ random: inout SplitMix) -> String {
        let alphabet: [String] = ["a", "b", "1", "é", "B", " ", "_", "😀", "\u{665}", "-"]
        return (0..<random.below(9)).map { _ in random.pick(alphabet) }.joined()
    }
}
