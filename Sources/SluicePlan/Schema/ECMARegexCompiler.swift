/// Compiles an `ECMARegexNode` tree to the instructions `PikeVM` runs. Counted repetitions
/// are expanded (`a{2,4}` is `a a (a (a)?)?`), so the program is measured first and a
/// pattern past `ECMARegexProgram.instructionLimit` is refused before anything is built.
///
/// Recursion follows the tree's depth, which `ECMARegexParser.nestingLimit` bounds.
struct ECMARegexCompiler {
    private typealias Instruction = ECMARegexProgram.Instruction

    private var instructions: [Instruction] = []
    private var sets: [ScalarSet] = []
    private var setIndexes: [ScalarSet: Int32] = [:]
    private var lookarounds: [ECMARegexProgram.Lookaround] = []
    /// The lookaround nodes compiled so far, by their index: a lookaround inside a counted
    /// repetition is emitted once per copy, and compiled once.
    private var lookaroundNodes: [ECMARegexNode] = []
    private let source: String

    private init(source: String) {
        self.source = source
    }

    /// The program for `node`, parsed from `source`; throws when it would be too large.
    static func compile(_ node: ECMARegexNode, source: String) throws(ECMARegexError)
        -> ECMARegexProgram
    {
        let size = instructionCount(node).saturatingAdd(1)
        guard size <= ECMARegexProgram.instructionLimit else {
            throw ECMARegexError(
                message:
                    "The regular expression '\(source)' is too large to match safely: it compiles to more than \(ECMARegexProgram.instructionLimit) matcher instructions (each copy a counted repetition such as '{n,m}' makes counts, as does each alternative); lower the counts, use '*' or '+' where any number of repeats will do, or bound a length with 'maxLength'."
            )
        }

        var compiler = ECMARegexCompiler(source: source)
        compiler.instructions.reserveCapacity(size)
        try compiler.emit(node)
        compiler.instructions.append(.match)
        return ECMARegexProgram(
            instructions: compiler.instructions, sets: compiler.sets,
            isAnchoredAtStart: isAnchoredAtStart(node), lookarounds: compiler.lookarounds)
    }

    /// How many instructions `emit` appends for `node`, saturating at `Int.max`.
    static func instructionCount(_ node: ECMARegexNode) -> Int {
        switch node {
        case .empty: return 0
        case .scalar, .set, .assertion, .lookaround: return 1
        case .sequence(let nodes):
            return nodes.reduce(0) { $0.saturatingAdd(instructionCount($1)) }
        case .alternation(let nodes):
            let splitsAndJumps = 2 * (nodes.count - 1)
            return nodes.reduce(splitsAndJumps) { $0.saturatingAdd(instructionCount($1)) }
        case .repetition(let body, let minimum, let maximum):
            let each = instructionCount(body)
            guard each > 0 else { return 0 }
            guard let maximum else {
                // `x*` is split, x, jump; `x{n,}` is n copies, the last one looping back.
                return minimum == 0
                    ? each.saturatingAdd(2) : each.saturatingMultiply(minimum).saturatingAdd(1)
            }
            let optional = (maximum - minimum).saturatingMultiply(each.saturatingAdd(1))
            return each.saturatingMultiply(minimum).saturatingAdd(optional)
        }
    }

    /// Whether every match of `node` starts at the start of the input.
    static func isAnchoredAtStart(_ node: ECMARegexNode) -> Bool {
        switch node {
        case .assertion(.start): return true
        case .sequence(let nodes): return nodes.first.map(isAnchoredAtStart) ?? false
        case .alternation(let nodes): return nodes.allSatisfy(isAnchoredAtStart)
        case .repetition(let body, let minimum, _): return minimum > 0 && isAnchoredAtStart(body)
        default: return false
        }
    }

    private var next: Int32 { Int32(instructions.count) }

    private mutating func emit(_ node: ECMARegexNode) throws(ECMARegexError) {
        switch node {
        case .empty: break
        case .scalar(let scalar): instructions.append(.scalar(scalar.value))
        case .set(let set): instructions.append(.set(index: index(of: set)))
        case .assertion(let assertion): instructions.append(.assertion(assertion))
        case .sequence(let nodes): for node in nodes { try emit(node) }
        case .alternation(let nodes): try emitAlternation(nodes)
        case .repetition(let body, let minimum, let maximum):
            guard Self.instructionCount(body) > 0 else { return }
            try emitRepetition(body, minimum: minimum, maximum: maximum)
        case .lookaround(let body, let isAhead, let isNegated):
            if let known = lookaroundNodes.firstIndex(of: node) {
                instructions.append(.lookaround(index: Int32(known)))
                return
            }
            // Each lookaround is a program of its own, within the same size limit.
            let program = try Self.compile(isAhead ? body.reversed : body, source: source)
            instructions.append(.lookaround(index: Int32(lookarounds.count)))
            lookaroundNodes.append(node)
            lookarounds.append(
                ECMARegexProgram.Lookaround(
                    program: program, isAhead: isAhead, isNegated: isNegated))
        }
    }

    /// `split L1, next; L1: a; jump end; next: split L2, ...; b; end:`.
    private mutating func emitAlternation(_ nodes: [ECMARegexNode]) throws(ECMARegexError) {
        var jumpsToEnd: [Int] = []
        for node in nodes.dropLast() {
            let split = instructions.count
            instructions.append(.split(0, 0))
            try emit(node)
            jumpsToEnd.append(instructions.count)
            instructions.append(.jump(0))
            instructions[split] = .split(Int32(split + 1), next)
        }
        if let last = nodes.last { try emit(last) }
        for jump in jumpsToEnd { instructions[jump] = .jump(next) }
    }

    private mutating func emitRepetition(_ body: ECMARegexNode, minimum: Int, maximum: Int?)
        throws(ECMARegexError)
    {
        guard let maximum else {
            if minimum == 0 {
                // loop: split body, end; body; jump loop; end:
                let loop = instructions.count
                instructions.append(.split(0, 0))
                try emit(body)
                instructions.append(.jump(Int32(loop)))
                instructions[loop] = .split(Int32(loop + 1), next)
            } else {
                for _ in 1..<minimum { try emit(body) }
                let start = next
                try emit(body)
                instructions.append(.split(start, next + 1))
            }
            return
        }

        for _ in 0..<minimum { try emit(body) }

        // Each optional copy may be skipped, which skips the ones after it too.
        var skips: [Int] = []
        for _ in minimum..<maximum {
            skips.append(instructions.count)
            instructions.append(.split(0, 0))
            try emit(body)
        }
        for skip in skips { instructions[skip] = .split(Int32(skip + 1), next) }
    }

    private mutating func index(of set: ScalarSet) -> Int32 {
        if let index = setIndexes[set] { return index }
        let index = Int32(sets.count)
        sets.append(set)
        setIndexes[set] = index
        return index
    }
}

extension Int {
    fileprivate func saturatingAdd(_ other: Int) -> Int {
        let (sum, isTooLarge) = addingReportingOverflow(other)
        return isTooLarge ? .max : sum
    }

    fileprivate func saturatingMultiply(_ other: Int) -> Int {
        let (product, isTooLarge) = multipliedReportingOverflow(by: other)
        return isTooLarge ? .max : product
    }
}
