/// An ECMA-262 pattern as a tree, built by `ECMARegexParser` and compiled by
/// `ECMARegexCompiler`. Groups of every kind the matcher handles (`( )`, `(?: )`,
/// `(?<name> )`) are only their content: nothing reads captures. Lookarounds are nodes of
/// their own.
indirect enum ECMARegexNode: Sendable, Equatable {
    /// Matches the empty string: an empty alternative or group.
    case empty

    /// Matches one scalar equal to this one.
    case scalar(Unicode.Scalar)

    /// Matches one scalar in the set: a class, `.` or an escape such as `\d`.
    case set(ScalarSet)

    /// Matches the empty string where the condition holds.
    case assertion(Assertion)

    /// Each node in turn.
    case sequence([ECMARegexNode])

    /// Any one of the nodes.
    case alternation([ECMARegexNode])

    /// The node `minimum` to `maximum` times in a row; `maximum` nil means without bound.
    case repetition(ECMARegexNode, minimum: Int, maximum: Int?)

    /// Matches the empty string where the node matches text starting here (`(?=`, ahead) or
    /// ending here (`(?<=`, behind), or, negated (`(?!`, `(?<!`), where it matches none.
    case lookaround(ECMARegexNode, isAhead: Bool, isNegated: Bool)

    /// A zero-width condition on the scalars either side of a position.
    enum Assertion: Sendable, Equatable {
        /// `^`: the start of the input (no multiline flag in JSON Schema).
        case start
        /// `$`: the end of the input; a final line terminator does not count as the end.
        case end
        /// `\b`: an ASCII word character on exactly one side.
        case wordBoundary
        /// `\B`: ASCII word characters on both sides or on neither.
        case notWordBoundary
    }
}

extension ECMARegexNode {
    /// The node that matches the reverse of each text this one matches, for running it from
    /// the end of the input backwards: sequences reversed, `^` and `$` swapped. A lookaround
    /// inside stays as it is: it is a condition on a position of the input, whichever way
    /// the input is read.
    var reversed: ECMARegexNode {
        switch self {
        case .empty, .scalar, .set, .lookaround: return self
        case .assertion(.start): return .assertion(.end)
        case .assertion(.end): return .assertion(.start)
        case .assertion: return self
        case .sequence(let nodes): return .sequence(nodes.reversed().map(\.reversed))
        case .alternation(let nodes): return .alternation(nodes.map(\.reversed))
        case .repetition(let body, let minimum, let maximum):
            return .repetition(body.reversed, minimum: minimum, maximum: maximum)
        }
    }

    /// `nodes` in turn, without a sequence around a single node or none.
    static func sequence(of nodes: [ECMARegexNode]) -> ECMARegexNode {
        switch nodes.count {
        case 0: return .empty
        case 1: return nodes[0]
        default: return .sequence(nodes)
        }
    }
}
