/// Runs an `ECMARegexProgram` over a string without backtracking: every thread alive at a
/// position reads the scalar there in lockstep (Thompson's NFA simulation, as in Pike's VM
/// but without captures, since only "is there a match?" is asked). Threads are kept in a
/// sparse set keyed by program counter, so two threads never sit on the same instruction and
/// a step costs at most the program size: time is O(scalars x instructions) and memory
/// O(instructions), whatever the pattern.
///
/// The search is unanchored: a new thread starts at every position, as JSON Schema's
/// `pattern` asks for a match anywhere.
///
/// Lookarounds are worked out before the search, each in one pass of its own program over
/// the whole input (`PikeVM+Lookaround.swift`), into a table of the positions where it holds;
/// during the search a lookaround is then a condition on the position, like `\b`. The time
/// stays O(scalars x instructions), counting every lookaround's program.
struct PikeVM {
    typealias Instruction = ECMARegexProgram.Instruction

    private let instructions: UnsafeBufferPointer<Instruction>
    private let sets: [ScalarSet]
    /// Room for one program counter per instruction: following `split` and `jump` without
    /// recursion, each instruction pushed at most once per position.
    private let stack: UnsafeMutablePointer<Int32>
    /// For each of the program's lookarounds, whether it holds at each position of the
    /// input (0 before the first scalar), in the input's own order; empty without any.
    var holds: [[Bool]] = []
    /// Whether the search reads the input backwards (a lookahead's reversed body), so that
    /// its position `p` is the input's position `scalarCount - p`.
    var isReversed = false
    var scalarCount = 0

    init(
        instructions: UnsafeBufferPointer<Instruction>, sets: [ScalarSet],
        stack: UnsafeMutablePointer<Int32>
    ) {
        self.instructions = instructions
        self.sets = sets
        self.stack = stack
    }

    /// Whether `program` matches anywhere in `string`.
    ///
    /// Safe to call from many threads at once on the same program: each call has its own
    /// scratch, five 32-bit words per instruction, on the stack when small enough.
    static func matches(_ program: ECMARegexProgram, in string: String) -> Bool {
        guard program.lookarounds.isEmpty else {
            let forward = Array(string.unicodeScalars)
            let input = Input(forward: forward, backward: forward.reversed())
            return run(program, on: input, isReversed: false, recordsEnds: false).matched
        }
        let size = program.instructions.count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 5 * size) { scratch in
            scratch.initialize(repeating: 0)
            let base = scratch.baseAddress!
            var current = SparseSet(dense: base, sparse: base + size)
            var next = SparseSet(dense: base + 2 * size, sparse: base + 3 * size)
            return program.instructions.withUnsafeBufferPointer { instructions in
                let machine = PikeVM(
                    instructions: instructions, sets: program.sets,
                    stack: base + 4 * size)
                return machine.search(
                    string, isAnchoredAtStart: program.isAnchoredAtStart, &current, &next)
            }
        }
    }

    private func search(
        _ string: String, isAnchoredAtStart: Bool, _ current: inout SparseSet,
        _ next: inout SparseSet
    ) -> Bool {
        var scalars = string.unicodeScalars.makeIterator()
        var scalar = scalars.next()
        if addThread(0, to: &current, at: Position(previous: nil, next: scalar)) { return true }

        while let read = scalar {
            let following = scalars.next()
            let position = Position(previous: read, next: following)
            next.removeAll()
            for member in 0..<current.count {
                let pc = current[member]
                if reads(pc, read), addThread(pc + 1, to: &next, at: position) { return true }
            }

            // A match may start at any position unless the pattern opens with `^`.
            if isAnchoredAtStart {
                if next.count == 0 { return false }
            } else if addThread(0, to: &next, at: position) {
                return true
            }
            swap(&current, &next)
            scalar = following
        }
        return false
    }

    /// Whether the instruction at `pc` reads `scalar`; false for those that read nothing.
    func reads(_ pc: Int32, _ scalar: Unicode.Scalar) -> Bool {
        switch instructions[Int(pc)] {
        case .scalar(let value): return scalar.value == value
        case .set(let index): return sets[Int(index)].contains(scalar)
        default: return false
        }
    }

    /// Adds the thread at `pc` to `list`, following `split`, `jump` and assertions that hold
    /// at `position` (the epsilon closure). `list` also keeps the instructions passed
    /// through, which read nothing and mark them done for this position. Returns true as soon
    /// as a thread reaches `match`, or, when `stopsAtMatch` is false, once every thread is
    /// added and one of them reached it.
    func addThread(
        _ pc: Int32, to list: inout SparseSet, at position: Position, stopsAtMatch: Bool = true
    ) -> Bool {
        guard !list.contains(pc) else { return false }
        list.insert(pc)
        stack[0] = pc
        var depth = 1
        var hasMatched = false
        while depth > 0 {
            depth -= 1
            let pc = stack[depth]
            switch instructions[Int(pc)] {
            case .match:
                if stopsAtMatch { return true }
                hasMatched = true
            case .jump(let target): push(target, &list, &depth)
            case .split(let first, let second):
                push(first, &list, &depth)
                push(second, &list, &depth)
            case .assertion(let assertion) where position.satisfies(assertion):
                push(pc + 1, &list, &depth)
            case .lookaround(let index) where lookaroundHolds(Int(index), at: position.index):
                push(pc + 1, &list, &depth)
            default: continue
            }
        }
        return hasMatched
    }

    /// Marking an instruction when it is pushed keeps it on the stack at most once.
    private func push(_ pc: Int32, _ list: inout SparseSet, _ depth: inout Int) {
        guard !list.contains(pc) else { return }
        list.insert(pc)
        stack[depth] = pc
        depth += 1
    }

    /// Whether lookaround `index` holds at position `index` of the search.
    private func lookaroundHolds(_ index: Int, at position: Int) -> Bool {
        holds[index][isReversed ? scalarCount - position : position]
    }

    /// The scalars either side of a position between two scalars (nil at an end), and the
    /// position's index in the order the search reads (0 before the first scalar; only the
    /// lookaround path counts it).
    struct Position {
        var previous: Unicode.Scalar?
        var next: Unicode.Scalar?
        var index = 0

        func satisfies(_ assertion: ECMARegexNode.Assertion) -> Bool {
            switch assertion {
            case .start: return previous == nil
            case .end: return next == nil
            case .wordBoundary: return isWord(previous) != isWord(next)
            case .notWordBoundary: return isWord(previous) == isWord(next)
            }
        }

        private func isWord(_ scalar: Unicode.Scalar?) -> Bool {
            scalar.map(ScalarSet.wordCharacters.contains) ?? false
        }
    }
}
