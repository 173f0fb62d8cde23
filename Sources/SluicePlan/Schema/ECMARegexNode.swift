/// An ECMA-262 pattern as a tree, built by `ECMARegexParser` and compiled by
/// `ECMARegexCompiler`. Groups of every kind the matcher handles (`( )`, `(?: )`,
/// `(?<name> )`) are only their content: nothing reads captures.
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
    /// `nodes` in turn, without a sequence around a single node or none.
    static func sequence(of nodes: [ECMARegexNode]) -> ECMARegexNode {
        switch nodes.count {
        case 0: return .empty
        case 1: return nodes[0]
        default: return .sequence(nodes)
        }
    }
}
