// ECMA-262 (2020) section 21.2.1 (Patterns), with the Annex B.1.4 extensions every browser
// accepts: a `{` that starts no quantifier, a lone `]` or `}`, and `\c` without a control
// letter are literals.

/// Reads an ECMA-262 pattern into an `ECMARegexNode` tree for the non-backtracking matcher:
/// Unicode scalars, ASCII-only `\d`, `\w` and `\b`, `^` and `$` at the ends of the input
/// only (JSON Schema sets no flags).
///
/// Groups are read with an explicit stack, so parsing uses no recursion however deep the
/// pattern nests.
struct ECMARegexParser {
    /// Groups nested deeper than this are left to the fallback engine: compiling the tree
    /// recurses once per level, and this bounds that depth. Real patterns nest a few levels.
    static let nestingLimit = 200

    /// The tree for `source`, or nil when the pattern uses a construct this matcher does not
    /// implement (backreferences, `\p{..}` of a script, legacy octal escapes) or
    /// syntax it does not accept (an undefined escape, an unclosed group or class, a
    /// quantifier with nothing to repeat, a reversed range). The caller then hands the
    /// pattern to Swift's `Regex` (see `ECMARegex`), which accepts it or reports the error.
    static func parse(_ source: String) -> ECMARegexNode? {
        var parser = ECMARegexParser(scalars: Array(source.unicodeScalars), isSyntaxOnly: false)
        return parser.parsePattern()
    }

    /// Whether `source` reads as a pattern when lookaround, backreferences and `\p{..}` are
    /// accepted as syntax too: `format: regex` asks only that, and compiling a long value
    /// with Swift's `Regex` instead took seconds and hundreds of megabytes per value. A false
    /// answer is not final: the caller may still ask the fallback engine.
    static func isValidSyntax(_ source: String) -> Bool {
        var parser = ECMARegexParser(scalars: Array(source.unicodeScalars), isSyntaxOnly: true)
        return parser.parsePattern() != nil
    }

    let scalars: [Unicode.Scalar]
    var index = 0
    /// Whether the constructs this matcher does not run are read as syntax (into nodes that
    /// are never compiled) instead of ending the parse.
    let isSyntaxOnly: Bool
    private var groupNames: Set<String> = []

    private init(scalars: [Unicode.Scalar], isSyntaxOnly: Bool) {
        self.scalars = scalars
        self.isSyntaxOnly = isSyntaxOnly
    }

    /// One group being read: its finished alternatives and the terms of the current one,
    /// and for a lookaround, which kind.
    private struct Frame {
        var alternatives: [ECMARegexNode] = []
        var terms: [ECMARegexNode] = []
        var lookaround: (isAhead: Bool, isNegated: Bool)?

        var node: ECMARegexNode {
            let current = ECMARegexNode.sequence(of: terms)
            let content = alternatives.isEmpty ? current : .alternation(alternatives + [current])
            guard let lookaround else { return content }
            return .lookaround(
                content, isAhead: lookaround.isAhead, isNegated: lookaround.isNegated)
        }
    }

    private mutating func parsePattern() -> ECMARegexNode? {
        var frames = [Frame()]
        while let scalar = peek() {
            index += 1
            let atom: ECMARegexNode
            switch scalar {
            case "|":
                let terms = frames[frames.count - 1].terms
                frames[frames.count - 1].alternatives.append(.sequence(of: terms))
                frames[frames.count - 1].terms = []
                continue
            case "(":
                guard frames.count <= Self.nestingLimit else { return nil }
                if let length = lookaroundPrefixLength() {
                    let isAhead = length == 2
                    let isNegated = peek(length - 1) == "!"
                    index += length
                    frames.append(Frame(lookaround: (isAhead, isNegated)))
                    continue
                }
                guard readGroupPrefix() else { return nil }
                frames.append(Frame())
                continue
            case ")":
                guard frames.count > 1 else { return nil }
                let closed = frames.removeLast()
                // A quantifier right after a lookbehind's own `)` is a syntax error; after a
                // group around one, it repeats a condition, as for a lookahead.
                if closed.lookaround?.isAhead == false, Self.isQuantifier(peek()) {
                    return nil
                }
                atom = closed.node
            case "^", "$":
                // An assertion takes no quantifier: one after it is then read as a quantifier
                // with nothing to repeat, an ECMA-262 syntax error.
                frames[frames.count - 1].terms.append(.assertion(scalar == "^" ? .start : .end))
                continue
            case ".":
                atom = .set(.dot)
            case "[":
                guard let set = parseClass() else { return nil }
                atom = .set(set)
            case "\\":
                switch parseEscape(inClass: false) {
                case nil: return nil
                case .scalar(let value): atom = .scalar(value)
                case .set(let set): atom = .set(set)
                case .assertion(let assertion):
                    frames[frames.count - 1].terms.append(.assertion(assertion))
                    continue
                }
            case "*", "+", "?":
                return nil
            case "{":
                guard braceQuantifier(at: index - 1) == nil else { return nil }
                atom = .scalar("{")
            default:
                atom = .scalar(scalar)
            }
            guard let term = quantified(atom) else { return nil }
            frames[frames.count - 1].terms.append(term)
        }
        guard frames.count == 1 else { return nil }
        return frames[0].node
    }

    /// `atom` with the quantifier that follows it, if any; nil for `{n,m}` with m below n. A
    /// quantified lookahead (Annex B.1.4), or a group holding only a lookaround, is the
    /// lookaround itself when the quantifier asks for one match or more, and nothing when it
    /// allows none: a condition repeated at one position is the same condition.
    private mutating func quantified(_ atom: ECMARegexNode) -> ECMARegexNode? {
        let bounds: (minimum: Int, maximum: Int?)
        switch peek() {
        case "*": bounds = (0, nil)
        case "+": bounds = (1, nil)
        case "?": bounds = (0, 1)
        case "{":
            guard let brace = braceQuantifier(at: index) else { return atom }
            bounds = (brace.minimum, brace.maximum)
            index = brace.end - 1
        default: return atom
        }
        index += 1

        // Laziness changes which match is found, never whether there is one.
        if peek() == "?" { index += 1 }
        if let maximum = bounds.maximum, maximum < bounds.minimum { return nil }
        if case .lookaround = atom { return bounds.minimum == 0 ? .empty : atom }
        return .repetition(atom, minimum: bounds.minimum, maximum: bounds.maximum)
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` (ASCII digits, no spaces) starting at `start`; nil when
    /// the text there is not one, and the `{` is a literal. Counts too large for `Int` become
    /// `Int.max`; the compiler refuses them by program size.
    private func braceQuantifier(at start: Int) -> (minimum: Int, maximum: Int?, end: Int)? {
        guard start < scalars.count, scalars[start] == "{" else { return nil }
        var position = start + 1
        guard let minimum = readNumber(&position) else { return nil }
        var maximum: Int? = minimum
        if position < scalars.count, scalars[position] == "," {
            position += 1
            maximum = readNumber(&position)
        }
        guard position < scalars.count, scalars[position] == "}" else { return nil }
        return (minimum, maximum, position + 1)
    }

    private func readNumber(_ position: inout Int) -> Int? {
        var value: Int?
        while position < scalars.count, let digit = Self.digitValue(scalars[position]) {
            let (product, isTooLarge) = (value ?? 0).multipliedReportingOverflow(by: 10)
            let (sum, isSumTooLarge) = product.addingReportingOverflow(digit)
            value = isTooLarge || isSumTooLarge ? Int.max : sum
            position += 1
        }
        return value
    }

    static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        ("0"..."9").contains(scalar) ? Int(scalar.value - 0x30) : nil
    }

    /// After `(`: consumes `?:` or `?<name>` and returns true, returns true for a plain group,
    /// and returns false for a duplicate or unusual group name, or a prefix ECMA-262 does not
    /// define. Lookarounds are read before this is asked.
    private mutating func readGroupPrefix() -> Bool {
        guard peek() == "?" else { return true }
        if peek(1) == ":" {
            index += 2
            return true
        }
        guard peek(1) == "<", let first = peek(2), first == "_" || first.properties.isAlphabetic
        else { return false }
        var position = index + 2
        var name = ""
        while position < scalars.count, scalars[position] != ">" {
            let scalar = scalars[position]
            guard scalar == "_" || scalar.properties.isAlphabetic || Self.digitValue(scalar) != nil
            else { return false }
            name.unicodeScalars.append(scalar)
            position += 1
        }
        guard position < scalars.count, groupNames.insert(name).inserted else { return false }
        index = position + 1
        return true
    }

    /// The length of `?=`, `?!`, `?<=` or `?<!` at the index, or nil.
    private func lookaroundPrefixLength() -> Int? {
        if peek(1) == "=" || peek(1) == "!" { return 2 }
        if peek(1) == "<", peek(2) == "=" || peek(2) == "!" { return 3 }
        return nil
    }

    /// Whether `scalar` starts a quantifier (a `{` may be a literal; it counts here).
    static func isQuantifier(_ scalar: Unicode.Scalar?) -> Bool {
        scalar == "*" || scalar == "+" || scalar == "?" || scalar == "{"
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }
}
