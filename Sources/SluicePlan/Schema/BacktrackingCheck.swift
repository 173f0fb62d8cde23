/// Finds patterns that make a backtracking regex engine take exponential time, such as
/// `(a+)+$` or `(\w*)*x`: a group that is repeated without bound and whose own content is
/// nothing but repeated atoms, one of them unbounded, so the engine can split a run of input
/// between the two repetitions in exponentially many ways. A group with a mandatory atom
/// (`(_[a-z]+)*`, the usual snake_case check) splits input one way only and is fine. Swift's
/// `Regex` backtracks and has no time limit, so such a pattern and a 30-byte value would
/// stall a nightly run for hours; the plan is refused at load instead, naming the pattern.
// FIXME: overlapping alternatives under a repeat (`(a|aa)+$`) are exponential too and are
// not caught; catching them needs an automaton analysis. A plan with one can still stall a
// run on hostile input.
enum BacktrackingCheck {
    static func hasNestedUnboundedQuantifier(_ source: String) -> Bool {
        var parser = Parser(chars: Array(source.unicodeScalars))
        return parser.parseSequence().isRisky
    }

    /// What a parsed sequence (a group's content) is made of.
    struct Summary {
        var hasMandatoryAtom = false
        var hasUnbounded = false
        var isRisky = false
    }

    struct Parser {
        let chars: [Unicode.Scalar]
        var index = 0

        /// Parses atoms until `)` or the end; alternatives count as optional content.
        mutating func parseSequence() -> Summary {
            var summary = Summary()
            var sawAlternation = false
            while index < chars.count, chars[index] != ")" {
                if chars[index] == "|" {
                    sawAlternation = true
                    index += 1
                    continue
                }
                var atomUnbounded = false
                var atomRisky = false
                var groupIsOnlyRepeats = false
                switch chars[index] {
                case "\\": index += 2
                case "[": skipClass()
                case "(":
                    index += 1
                    let inner = parseSequence()
                    index += 1
                    atomUnbounded = inner.hasUnbounded
                    atomRisky = inner.isRisky
                    groupIsOnlyRepeats = inner.hasUnbounded && !inner.hasMandatoryAtom
                default: index += 1
                }
                let quantifier = readQuantifier()
                if quantifier.isUnbounded && groupIsOnlyRepeats { atomRisky = true }
                summary.isRisky = summary.isRisky || atomRisky
                summary.hasUnbounded =
                    summary.hasUnbounded || quantifier.isUnbounded || atomUnbounded
                if quantifier.isMandatory && !quantifier.isUnbounded && !groupIsOnlyRepeats {
                    summary.hasMandatoryAtom = true
                }
            }
            if sawAlternation { summary.hasMandatoryAtom = false }
            return summary
        }

        /// Reads a quantifier after an atom, if any.
        mutating func readQuantifier() -> (isUnbounded: Bool, isMandatory: Bool) {
            guard index < chars.count else { return (false, true) }
            var result: (isUnbounded: Bool, isMandatory: Bool)
            switch chars[index] {
            case "*": result = (true, false)
            case "+": result = (true, true)
            case "?": result = (false, false)
            case "{":
                guard let brace = readBrace() else { return (false, true) }
                return brace
            default: return (false, true)
            }
            index += 1
            if index < chars.count, chars[index] == "?" { index += 1 }
            return result
        }

        /// `{n}`, `{n,}` or `{n,m}`; nil (and nothing consumed) when it is a literal brace.
        mutating func readBrace() -> (isUnbounded: Bool, isMandatory: Bool)? {
            var i = index + 1
            var digits = ""
            var sawComma = false
            var upper = ""
            while i < chars.count, chars[i] != "}" {
                if chars[i] == "," {
                    sawComma = true
                } else if chars[i].properties.numericType != nil {
                    if sawComma {
                        upper.unicodeScalars.append(chars[i])
                    } else {
                        digits.unicodeScalars.append(chars[i])
                    }
                } else {
                    return nil
                }
                i += 1
            }
            guard i < chars.count, !digits.isEmpty else { return nil }
            index = i + 1
            if index < chars.count, chars[index] == "?" { index += 1 }
            return (sawComma && upper.isEmpty, (Int(digits) ?? 0) > 0)
        }

        mutating func skipClass() {
            index += 1
            while index < chars.count {
                if chars[index] == "\\" { index += 2; continue }
                if chars[index] == "]" { index += 1; return }
                index += 1
            }
        }
    }
}
