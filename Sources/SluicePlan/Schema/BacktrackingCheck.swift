/// Finds patterns that make a backtracking regex engine take exponential time, such as
/// `(a+)+$` or `(\w*)*x`: a group that is repeated without bound and whose own content is
/// nothing but repeated atoms, one of them unbounded, so the engine can split a run of input
/// between the two repetitions in exponentially many ways. A group with a mandatory atom
/// (`(_[a-z]+)*`, the usual snake_case check) splits input one way only and is fine.
///
/// Two more shapes are exponential the same way and refused too: alternatives that may start
/// alike (`(a|aa)+`, `([a-z]|[a-z0-9])+`) under a repetition without bound or of ten or more,
/// and a group with nothing mandatory (`(a?){30}`) repeated ten or more times. Alternatives
/// count as disjoint only when each starts with a different plain character, so some safe
/// patterns (`(\d|x)+`) are refused as well.
///
/// Only patterns the non-backtracking matcher (`ECMARegexParser`, `PikeVM`) cannot run go
/// through this check: those with lookaround, backreferences or `\p{..}`, which run on Swift's
/// `Regex`. That engine backtracks and has no time limit, so such a pattern and a 30-byte
/// value would stall a nightly run for hours; the plan is refused at load instead, naming the
/// pattern. Polynomial shapes (`.*a.*b.*c(?=d)` on a long value) are not caught; they cost
/// seconds rather than hours, and patterns with these constructs are rare in tracking plans.
enum BacktrackingCheck {
    /// Repetitions of at least this many count as "without bound" for the shapes above:
    /// 2^10 ways to split a value is where matching starts to cost.
    static let largeRepeat = 10

    static func hasNestedUnboundedQuantifier(_ source: String) -> Bool {
        var parser = Parser(chars: Array(source.unicodeScalars))
        return parser.parseSequence().isRisky
    }

    /// What a parsed sequence (a group's content) is made of.
    struct Summary {
        var hasMandatoryAtom = false
        var hasUnbounded = false
        var isRisky = false
        /// Whether the sequence has alternatives that may start with the same character.
        var hasOverlappingAlternatives = false
        /// Whether the sequence can match the empty string: an alternative of it has no
        /// atom it must match.
        var canBeEmpty = false
    }

    struct Parser {
        let chars: [Unicode.Scalar]
        var index = 0

        /// Parses atoms until `)` or the end; alternatives count as optional content.
        mutating func parseSequence() -> Summary {
            var summary = Summary()
            var sawAlternation = false
            // Each alternative's first character when it is a plain, mandatory one, else nil.
            var firsts: [Unicode.Scalar?] = []
            var isAlternativeStart = true
            var alternativeHasMandatoryAtom = false
            while index < chars.count, chars[index] != ")" {
                if chars[index] == "|" {
                    if !alternativeHasMandatoryAtom { summary.canBeEmpty = true }
                    alternativeHasMandatoryAtom = false
                    if isAlternativeStart { firsts.append(nil) }
                    sawAlternation = true
                    isAlternativeStart = true
                    index += 1
                    continue
                }
                let isFirstAtom = isAlternativeStart
                if isFirstAtom {
                    let isPlain = !"\\[(.^$".unicodeScalars.contains(chars[index])
                    firsts.append(isPlain ? chars[index] : nil)
                    isAlternativeStart = false
                }
                var atomUnbounded = false
                var atomRisky = false
                var groupIsOnlyRepeats = false
                var groupHasOverlap = false
                var groupCanBeEmpty = false
                // Anchors match no character, so they make nothing mandatory.
                var isZeroWidth = chars[index] == "^" || chars[index] == "$"
                switch chars[index] {
                case "\\": index += 2
                case "[": skipClass()
                case "(":
                    index += 1
                    skipGroupPrefix()
                    let inner = parseSequence()
                    index += 1
                    atomUnbounded = inner.hasUnbounded
                    atomRisky = inner.isRisky
                    groupIsOnlyRepeats = inner.hasUnbounded && !inner.hasMandatoryAtom
                    groupHasOverlap = inner.hasOverlappingAlternatives
                    groupCanBeEmpty = inner.canBeEmpty
                    isZeroWidth = inner.canBeEmpty
                default: index += 1
                }
                let quantifier = readQuantifier()
                if quantifier.isUnbounded && groupIsOnlyRepeats { atomRisky = true }
                let isLarge = quantifier.isUnbounded || quantifier.upper >= largeRepeat
                if isLarge && (groupHasOverlap || groupCanBeEmpty) { atomRisky = true }
                if quantifier.isMandatory && !isZeroWidth { alternativeHasMandatoryAtom = true }
                if isFirstAtom && !quantifier.isMandatory { firsts[firsts.count - 1] = nil }
                summary.isRisky = summary.isRisky || atomRisky
                summary.hasUnbounded =
                    summary.hasUnbounded || quantifier.isUnbounded || atomUnbounded
                if quantifier.isMandatory && !quantifier.isUnbounded && !groupIsOnlyRepeats {
                    summary.hasMandatoryAtom = true
                }
            }
            if sawAlternation { summary.hasMandatoryAtom = false }
            if sawAlternation && isAlternativeStart { firsts.append(nil) }
            if !alternativeHasMandatoryAtom { summary.canBeEmpty = true }
            let plain = firsts.compactMap { $0 }
            summary.hasOverlappingAlternatives =
                sawAlternation && (plain.count < firsts.count || Set(plain).count < plain.count)
            return summary
        }

        /// A quantifier: whether it repeats without bound, whether it requires one match, and
        /// the most matches it takes (`Int.max` without bound).
        typealias Quantifier = (isUnbounded: Bool, isMandatory: Bool, upper: Int)

        /// Reads a quantifier after an atom, if any.
        mutating func readQuantifier() -> Quantifier {
            guard index < chars.count else { return (false, true, 1) }
            var result: Quantifier
            switch chars[index] {
            case "*": result = (true, false, .max)
            case "+": result = (true, true, .max)
            case "?": result = (false, false, 1)
            case "{":
                guard let brace = readBrace() else { return (false, true, 1) }
                return brace
            default: return (false, true, 1)
            }
            index += 1
            if index < chars.count, chars[index] == "?" { index += 1 }
            return result
        }

        /// `{n}`, `{n,}` or `{n,m}`; nil (and nothing consumed) when it is a literal brace.
        mutating func readBrace() -> Quantifier? {
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
            let lower = Int(digits) ?? 0
            let isUnbounded = sawComma && upper.isEmpty
            let most = isUnbounded ? Int.max : sawComma ? Int(upper) ?? Int.max : lower
            return (isUnbounded, lower > 0, most)
        }

        /// Skips what follows a group's `(` before its content: `?:`, `?=`, `?!`, `?<=`,
        /// `?<!` or `?<name>`, which are no atoms of it.
        mutating func skipGroupPrefix() {
            guard index < chars.count, chars[index] == "?" else { return }
            index += 1
            guard index < chars.count else { return }
            guard chars[index] == "<" else {
                index += 1
                return
            }
            index += 1
            if index < chars.count, chars[index] == "=" || chars[index] == "!" {
                index += 1
                return
            }
            while index < chars.count, chars[index] != ">" { index += 1 }
            index += 1
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
