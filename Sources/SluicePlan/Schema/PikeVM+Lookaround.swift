extension PikeVM {
    /// The input as scalars, in order and reversed, for programs that read it either way.
    struct Input {
        let forward: [Unicode.Scalar]
        let backward: [Unicode.Scalar]
    }

    /// Runs `program` over `input`, backwards when `isReversed`: first each of its
    /// lookarounds over the whole input, then the search. Returns whether it matched
    /// anywhere and, when `recordsEnds`, at which positions (in the order read) a match ends;
    /// without `recordsEnds` it stops at the first match.
    ///
    /// A lookbehind holds at position `p` when its body matches text ending at `p`: one
    /// forward pass of the body with a thread started at every position records every such
    /// end. A lookahead holds at `p` when its body matches text starting at `p`, which is
    /// where its reversed body, read backwards, ends.
    static func run(
        _ program: ECMARegexProgram, on input: Input, isReversed: Bool, recordsEnds: Bool
    ) -> (matched: Bool, ends: [Bool]) {
        let count = input.forward.count
        var holds: [[Bool]] = []
        for lookaround in program.lookarounds {
            let ends = run(
                lookaround.program, on: input, isReversed: lookaround.isAhead, recordsEnds: true
            ).ends
            var table = [Bool](repeating: lookaround.isNegated, count: count + 1)
            for read in 0...count where ends[read] {
                table[lookaround.isAhead ? count - read : read] = !lookaround.isNegated
            }
            holds.append(table)
        }

        let size = program.instructions.count
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: 5 * size)
        defer { scratch.deallocate() }
        scratch.initialize(repeating: 0, count: 5 * size)
        var current = SparseSet(dense: scratch, sparse: scratch + size)
        var next = SparseSet(dense: scratch + 2 * size, sparse: scratch + 3 * size)
        return program.instructions.withUnsafeBufferPointer { instructions in
            var machine = PikeVM(
                instructions: instructions, sets: program.sets, stack: scratch + 4 * size)
            machine.holds = holds
            machine.isReversed = isReversed
            machine.scalarCount = count
            return machine.scan(
                isReversed ? input.backward : input.forward,
                isAnchoredAtStart: program.isAnchoredAtStart, recordsEnds: recordsEnds,
                &current, &next)
        }
    }

    /// The search of `search(_:isAnchoredAtStart:_:_:)` over an array of scalars, with each
    /// position's index for the lookarounds, recording match ends when asked.
    private func scan(
        _ scalars: [Unicode.Scalar], isAnchoredAtStart: Bool, recordsEnds: Bool,
        _ current: inout SparseSet, _ next: inout SparseSet
    ) -> (matched: Bool, ends: [Bool]) {
        var ends = [Bool](repeating: false, count: recordsEnds ? scalars.count + 1 : 0)
        var hasMatched = false
        let stops = !recordsEnds
        func position(_ index: Int) -> Position {
            Position(
                previous: index > 0 ? scalars[index - 1] : nil,
                next: index < scalars.count ? scalars[index] : nil, index: index)
        }

        if addThread(0, to: &current, at: position(0), stopsAtMatch: stops) {
            if stops { return (true, ends) }
            (hasMatched, ends[0]) = (true, true)
        }
        for index in 0..<scalars.count {
            let read = scalars[index]
            let here = position(index + 1)
            next.removeAll()
            var endsHere = false
            for member in 0..<current.count {
                let pc = current[member]
                if reads(pc, read), addThread(pc + 1, to: &next, at: here, stopsAtMatch: stops) {
                    if stops { return (true, ends) }
                    endsHere = true
                }
            }
            if isAnchoredAtStart {
                if next.count == 0 && !endsHere { break }
            } else if addThread(0, to: &next, at: here, stopsAtMatch: stops) {
                if stops { return (true, ends) }
                endsHere = true
            }
            if endsHere { (hasMatched, ends[index + 1]) = (true, true) }
            swap(&current, &next)
        }
        return (hasMatched, ends)
    }
}
