/// Finds patterns that make a backtracking regex engine take exponential time, such as
/// `(a+)+$` or `(\w*)*x`: a group that is repeated without bound and whose own content is
/// nothing but repeated atoms, one of them unbounded, so the engine can split a run of input
/// between the two repetitions in exponentially many ways. A group with a mandatory atom
/// (`(_[a-z]+)*`, the usual snake_case check) splits input one way only and is fine.
///
/// More shapes are exponential the same way and refused too: alternatives that may start
/// alike (`(a|aa)+`, `([a-z]|[a-z0-9])+`) under a repetition without bound or of ten or more,
/// a group with nothing mandatory (`(a?){30}`) repeated ten or more times, and any group of
/// variable width (`(a{1,2})*`, `(a?a)*`, `([a-z0-9]{1,10}\.?)*`, `(a[a-z]+)*`) repeated so,
/// unless a delimiter fixes where each repetition starts or ends: a character it must match
/// first or last that nothing else in the group can match, with at most one other atom of
/// variable width that splits into its repetitions one way (`(_[a-z]+)*`, `([a-z]+,)*`,
/// `((ab)+c)*`). A group that matches some text two ways (alternatives alike, at any depth in
/// it) is refused when repeated at all (`((a|a){9}){9}`), and ten such groups in a row are
/// too. Alternatives count as disjoint only when each starts with a different plain
/// character, and a group with two variable parts counts as ambiguous even when they are
/// disjoint, so some safe patterns (`(\d|x)+`, `(_[a-z]+[0-9]*)*`) are refused as well.
///
/// Only patterns the non-backtracking matcher (`ECMARegexParser`, `PikeVM`) cannot run go
/// through this check: those with backreferences, or `\p{..}` of a script or of a binary
/// property the standard library does not answer, which run on Swift's `Regex`. That engine
/// backtracks and has no time limit (nor stops when its task is cancelled), so such a pattern
/// and a 30-byte value would stall a nightly run for hours; the plan is refused at load
/// instead, naming the pattern. Polynomial shapes (`.*a.*b.*c\1` on a long value) are not
/// caught; they cost seconds rather than hours, and patterns with these constructs are rare
/// in tracking plans.
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
        /// The fewest and most characters the sequence matches (`Int.max`: without bound).
        var minWidth = 0
        var maxWidth = 0
        /// The characters any of its atoms may consume.
        var set = ScalarSet.nothing
        /// Whether a delimiter fixes where each repetition of the sequence starts or ends
        /// (see the type's description).
        var hasDelimiter = false
        /// Whether the sequence, or a group in it, has alternatives that may start alike, so
        /// that it matches some text two ways.
        var isAmbiguous = false
        /// How many groups of the sequence match some text two ways: each doubles the ways to
        /// fail.
        var ambiguousGroups = 0
    }

    /// What one atom of a sequence consumes: which characters, how many, whether it is one
    /// character (not a group) however repeated, and whether a text it matches once splits
    /// into its repetitions one way only (a character, or a group of fixed width or with a
    /// delimiter).
    struct Atom {
        var set: ScalarSet
        var isSingle: Bool
        var minWidth: Int
        var maxWidth: Int
        var isUnambiguous = true

        var isVariable: Bool { minWidth != maxWidth }
        var isExactlyOneCharacter: Bool { isSingle && minWidth == 1 && maxWidth == 1 }
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
            // The consuming atoms of the alternative being read, and the widths of those read.
            var atoms: [Atom] = []
            var widths: [(min: Int, max: Int)] = []
            while index < chars.count, chars[index] != ")" {
                if chars[index] == "|" {
                    if !alternativeHasMandatoryAtom { summary.canBeEmpty = true }
                    alternativeHasMandatoryAtom = false
                    if isAlternativeStart { firsts.append(nil) }
                    sawAlternation = true
                    isAlternativeStart = true
                    widths.append(Self.width(of: atoms))
                    atoms = []
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
                var variableGroupWithoutDelimiter = false
                var groupIsAmbiguous = false
                // Anchors match no character, so they make nothing mandatory.
                var isZeroWidth = chars[index] == "^" || chars[index] == "$"
                var atom = Atom(set: .nothing, isSingle: true, minWidth: 1, maxWidth: 1)
                switch chars[index] {
                case "\\": atom = readEscape()
                case "[": atom.set = readClass()
                case ".":
                    atom.set = .dot
                    index += 1
                case "^", "$":
                    (atom.minWidth, atom.maxWidth) = (0, 0)
                    index += 1
                case "(":
                    index += 1
                    let isLookaround = skipGroupPrefix()
                    let inner = parseSequence()
                    index += 1
                    atomUnbounded = inner.hasUnbounded
                    atomRisky = inner.isRisky
                    groupIsOnlyRepeats = inner.hasUnbounded && !inner.hasMandatoryAtom
                    groupHasOverlap = inner.hasOverlappingAlternatives
                    groupCanBeEmpty = inner.canBeEmpty
                    isZeroWidth = inner.canBeEmpty || isLookaround
                    atom = Atom(
                        set: isLookaround ? .nothing : inner.set, isSingle: false,
                        minWidth: isLookaround ? 0 : inner.minWidth,
                        maxWidth: isLookaround ? 0 : inner.maxWidth)
                    variableGroupWithoutDelimiter = atom.isVariable && !inner.hasDelimiter
                    groupIsAmbiguous = inner.isAmbiguous
                    atom.isUnambiguous =
                        !inner.isRisky && (inner.hasDelimiter || !atom.isVariable)
                default:
                    atom.set = ScalarSet([chars[index].value...chars[index].value])
                    index += 1
                }
                let quantifier = readQuantifier()
                if quantifier.isUnbounded && groupIsOnlyRepeats { atomRisky = true }
                let isLarge = quantifier.isUnbounded || quantifier.upper >= largeRepeat
                if isLarge && (groupHasOverlap || groupCanBeEmpty) { atomRisky = true }
                if isLarge && variableGroupWithoutDelimiter { atomRisky = true }
                // An ambiguous group repeated at all, however few times, nests its ambiguity
                // in the repetition's (`((a|a){9}){9}` is 2^81 ways).
                if groupIsAmbiguous && quantifier.upper >= 2 { atomRisky = true }
                if groupIsAmbiguous { summary.ambiguousGroups += 1 }
                summary.isAmbiguous = summary.isAmbiguous || groupIsAmbiguous
                if quantifier.isMandatory && !isZeroWidth { alternativeHasMandatoryAtom = true }
                if isFirstAtom && !quantifier.isMandatory { firsts[firsts.count - 1] = nil }
                summary.isRisky = summary.isRisky || atomRisky
                summary.hasUnbounded =
                    summary.hasUnbounded || quantifier.isUnbounded || atomUnbounded
                if quantifier.isMandatory && !quantifier.isUnbounded && !groupIsOnlyRepeats {
                    summary.hasMandatoryAtom = true
                }
                atom.minWidth = Self.product(atom.minWidth, quantifier.lower)
                atom.maxWidth =
                    atom.maxWidth == 0 ? 0 : Self.product(atom.maxWidth, quantifier.upper)
                if atom.maxWidth > 0 {
                    atoms.append(atom)
                    summary.set = summary.set.union(atom.set)
                }
            }
            widths.append(Self.width(of: atoms))
            summary.minWidth = widths.map(\.min).min() ?? 0
            summary.maxWidth = widths.map(\.max).max() ?? 0
            // An empty last alternative (`(a|)`) has no first character, so it may start as
            // any other does.
            if sawAlternation && isAlternativeStart { firsts.append(nil) }
            let plain = firsts.compactMap { $0 }
            summary.hasOverlappingAlternatives =
                sawAlternation && (plain.count < firsts.count || Set(plain).count < plain.count)
            summary.isAmbiguous = summary.isAmbiguous || summary.hasOverlappingAlternatives
            if summary.ambiguousGroups >= largeRepeat { summary.isRisky = true }
            // Alternatives that each start with their own character and have a fixed width
            // are delimited too: the first character picks the alternative.
            summary.hasDelimiter =
                sawAlternation
                ? !summary.hasOverlappingAlternatives && widths.allSatisfy { $0.min == $0.max }
                : Self.hasDelimiter(atoms)
            if sawAlternation { summary.hasMandatoryAtom = false }
            if !alternativeHasMandatoryAtom { summary.canBeEmpty = true }
            return summary
        }

        /// The fewest and most characters a sequence of `atoms` matches.
        static func width(of atoms: [Atom]) -> (min: Int, max: Int) {
            atoms.reduce((0, 0)) { total, atom in
                (sum(total.0, atom.minWidth), sum(total.1, atom.maxWidth))
            }
        }

        /// Whether the first or the last of `atoms` is a delimiter: one character, matched
        /// exactly once, that no other atom can match, the others holding at most one atom of
        /// variable width, which splits into its repetitions one way only.
        static func hasDelimiter(_ atoms: [Atom]) -> Bool {
            guard atoms.count > 1 else { return false }
            for (delimiter, rest) in [
                (atoms.first!, atoms.dropFirst()), (atoms.last!, atoms.dropLast()),
            ] {
                guard delimiter.isExactlyOneCharacter else { continue }
                let others = rest.reduce(ScalarSet.nothing) { $0.union($1.set) }
                let variable = rest.filter(\.isVariable)
                if delimiter.set.isDisjoint(with: others), variable.count <= 1,
                    variable.allSatisfy(\.isUnambiguous)
                {
                    return true
                }
            }
            return false
        }

        /// `a + b`, `Int.max` once either is or the sum would pass it.
        static func sum(_ a: Int, _ b: Int) -> Int {
            let (total, overflow) = a.addingReportingOverflow(b)
            return overflow ? .max : total
        }

        /// `a × b`, `Int.max` once either is or the product would pass it.
        static func product(_ a: Int, _ b: Int) -> Int {
            guard a != .max, b != .max else { return a == 0 || b == 0 ? 0 : .max }
            let (total, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? .max : total
        }

        /// A quantifier: whether it repeats without bound, whether it requires one match, and
        /// the fewest and most matches it takes (`Int.max` without bound).
        typealias Quantifier = (isUnbounded: Bool, isMandatory: Bool, lower: Int, upper: Int)

        /// Reads a quantifier after an atom, if any.
        mutating func readQuantifier() -> Quantifier {
            guard index < chars.count else { return (false, true, 1, 1) }
            var result: Quantifier
            switch chars[index] {
            case "*": result = (true, false, 0, .max)
            case "+": result = (true, true, 1, .max)
            case "?": result = (false, false, 0, 1)
            case "{":
                guard let brace = readBrace() else { return (false, true, 1, 1) }
                return brace
            default: return (false, true, 1, 1)
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
            let lower = Int(digits) ?? Int.max
            let isUnbounded = sawComma && upper.isEmpty
            let most = isUnbounded ? Int.max : sawComma ? Int(upper) ?? Int.max : lower
            return (isUnbounded, lower > 0, lower, most)
        }

        /// Skips what follows a group's `(` before its content: `?:`, `?=`, `?!`, `?<=`,
        /// `?<!` or `?<name>`, which are no atoms of it. Returns whether the group is a
        /// lookaround, which consumes nothing.
        mutating func skipGroupPrefix() -> Bool {
            guard index < chars.count, chars[index] == "?" else { return false }
            index += 1
            guard index < chars.count else { return false }
            guard chars[index] == "<" else {
                index += 1
                return chars[index - 1] == "=" || chars[index - 1] == "!"
            }
            index += 1
            if index < chars.count, chars[index] == "=" || chars[index] == "!" {
                index += 1
                return true
            }
            while index < chars.count, chars[index] != ">" { index += 1 }
            index += 1
            return false
        }

    }
}
