/// An ECMA-262 pattern compiled for `PikeVM`: a list of instructions in the style of
/// Thompson's construction, where `split` and `jump` move a thread without reading input and
/// `scalar` and `set` read one scalar.
///
/// Immutable; may be run from many threads at once.
struct ECMARegexProgram: Sendable {
    /// The most instructions a pattern may compile to. Matching takes time up to the value's
    /// length times the program's size (about 6 ns per scalar and instruction, measured on
    /// the worst shape, `(a?){9999}b`) and 20 bytes of scratch per instruction: at this size
    /// a 10 KB value takes at most about a second, while tracking-plan patterns compile to a
    /// few dozen instructions (`^.{1,255}$` to about 500). Counted repetitions are what reach
    /// it: `(a{1000}){1000}` is a million.
    static let instructionLimit = 20_000

    enum Instruction: Sendable {
        /// Read a scalar with this value and continue at the next instruction.
        case scalar(UInt32)
        /// Read a scalar in `sets[index]` and continue at the next instruction.
        case set(index: Int32)
        /// Continue at both targets.
        case split(Int32, Int32)
        /// Continue at the target.
        case jump(Int32)
        /// Continue at the next instruction when the assertion holds here.
        case assertion(ECMARegexNode.Assertion)
        /// Continue at the next instruction when `lookarounds[index]` holds here.
        case lookaround(index: Int32)
        /// The pattern has matched.
        case match
    }

    /// Starts at index 0 and ends with `match`.
    let instructions: [Instruction]

    /// The sets `set` instructions read, each once.
    let sets: [ScalarSet]

    /// Whether every match starts at the start of the input (the pattern opens with `^`), so
    /// the search need not start a thread at any later position.
    let isAnchoredAtStart: Bool

    /// The lookarounds `lookaround` instructions test, each with its own program: the body
    /// read forwards for a lookbehind, backwards (`ECMARegexNode.reversed`) for a lookahead,
    /// so that one pass over the input finds every position where the body matches.
    let lookarounds: [Lookaround]

    struct Lookaround: Sendable {
        let program: ECMARegexProgram
        let isAhead: Bool
        let isNegated: Bool
    }
}
