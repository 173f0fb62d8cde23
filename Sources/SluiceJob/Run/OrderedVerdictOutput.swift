import Synchronization

/// Writes the verdict bytes of files checked on several threads in file order, as one thread
/// checking them one after another would have written them.
///
/// The file at the head of the order (the first not yet written out whole) has its bytes
/// written as they are handed over. A later file's bytes are held until the files before it
/// are out: in memory while all held bytes stay within `memoryBytes`, past that in one
/// temporary file shared by all held files (`VerdictSpill`), emptied whenever no held file
/// has bytes in it. Bytes held in memory are kept in arrays of their own size, so the bound
/// counts what they take. When a file is finished, the files after it that were
/// held are written out, up to the first one that is not finished yet, which becomes the
/// head.
///
/// Any thread may call any method; the calls for one file must come from one thread, in
/// order, ending with `finish`. `write` is called under the lock, so never from two threads
/// at once. Once `write` or a spill fails, that error is kept and every later call throws it.
final class OrderedVerdictOutput: Sendable {
    /// What is kept of a file that is not yet at the head.
    private struct Held {
        var chunks: [[UInt8]] = []
        /// Where the bytes after `chunks` are in the spill, once the memory bound was reached.
        var spilled: [Range<Int64>] = []
        var isSpilling = false
        var isFinished = false
    }

    private struct State {
        /// The file whose bytes are written as they come; all before it are out.
        var head = 0
        var held: [Int: Held] = [:]
        /// Bytes in all held files' `chunks`.
        var heldBytes = 0
        /// Held files' bytes past the memory bound, made on first need.
        var spill: VerdictSpill?
        /// Held files with bytes in `spill`.
        var spillingFiles = 0
        /// The last file to write: one whose read failed. Nothing after it is written.
        var last: Int?
        /// Why writing or spilling failed.
        var failure: (any Error)?
    }

    private let state = Mutex(State())
    private let memoryBytes: Int
    private let write: @Sendable (UnsafeRawBufferPointer) throws -> Void

    /// An output handing every byte to `write`, holding at most `memoryBytes` of files that
    /// are not yet at the head in memory.
    init(memoryBytes: Int, write: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) {
        self.memoryBytes = memoryBytes
        self.write = write
    }

    /// The error that stopped the output, if writing or spilling failed.
    var failure: (any Error)? { state.withLock { $0.failure } }

    /// Whether nothing of file `index` would be written: a file before it failed to be read,
    /// or writing failed. A thread then need not check that file at all.
    func isClosed(at index: Int) -> Bool {
        state.withLock { state in
            state.failure != nil || state.last.map { index > $0 } ?? false
        }
    }

    /// Hands over the next bytes of file `index`, which the call may keep.
    func append(_ bytes: [UInt8], file index: Int) throws {
        try state.withLock { state in
            if let failure = state.failure { throw failure }
            if let last = state.last, index > last { return }

            do {
                if index == state.head {
                    try bytes.withUnsafeBytes { try write($0) }
                } else {
                    try hold(bytes, file: index, in: &state)
                }
            } catch {
                state.failure = error
                throw error
            }
        }
    }

    /// Says that file `index` has no more bytes; with `isLast`, that no file after it is to
    /// be written (its read failed).
    func finish(file index: Int, isLast: Bool = false) throws {
        try state.withLock { state in
            if let failure = state.failure { throw failure }
            if let last = state.last, index > last { return }

            if isLast {
                state.last = index
                dropHeld(after: index, in: &state)
            }
            guard index == state.head else {
                state.held[index, default: Held()].isFinished = true
                return
            }
            do {
                try advance(&state)
            } catch {
                state.failure = error
                throw error
            }
        }
    }

    private func hold(_ bytes: [UInt8], file index: Int, in state: inout State) throws {
        let isSpilling = state.held[index]?.isSpilling ?? false
        if !isSpilling && state.heldBytes + bytes.count <= memoryBytes {
            // A copy of its own size: the caller's array may have room for far more, which
            // a night of many small files would hold thousands of times over.
            let copy = bytes.withUnsafeBufferPointer { Array($0) }
            state.held[index, default: Held()].chunks.append(copy)
            state.heldBytes += bytes.count
            return
        }

        // Once a file spills, the rest of it does too: its bytes stay in order.
        if state.spill == nil { state.spill = try VerdictSpill() }
        let spill = state.spill!
        if !isSpilling {
            state.held[index, default: Held()].isSpilling = true
            state.spillingFiles += 1
        }
        let start = spill.byteCount
        try bytes.withUnsafeBytes { try spill.append($0) }
        // Bytes right after the file's last range extend it: read back in one go.
        if let last = state.held[index]!.spilled.last, last.upperBound == start {
            state.held[index]!.spilled[state.held[index]!.spilled.count - 1] =
                last.lowerBound..<spill.byteCount
        } else {
            state.held[index]!.spilled.append(start..<spill.byteCount)
        }
    }

    /// Moves the head past the finished head file, writing out each held file it reaches
    /// until one that is not finished.
    private func advance(_ state: inout State) throws {
        while true {
            if let last = state.last, state.head >= last {
                state.head = last + 1
                return
            }
            state.head += 1
            guard let held = state.held.removeValue(forKey: state.head) else { return }

            for chunk in held.chunks {
                state.heldBytes -= chunk.count
                try chunk.withUnsafeBytes { try write($0) }
            }
            if held.isSpilling { try writeSpilled(held, &state) }
            guard held.isFinished else { return }
        }
    }

    /// Writes out the spilled bytes of `held`, which has left the held files, and empties the
    /// spill once no held file has bytes in it.
    private func writeSpilled(_ held: Held, _ state: inout State) throws {
        for range in held.spilled { try state.spill!.forEachBlock(in: range) { try write($0) } }
        state.spillingFiles -= 1
        if state.spillingFiles == 0 { try state.spill!.removeAll() }
    }

    private func dropHeld(after index: Int, in state: inout State) {
        for later in state.held.keys where later > index {
            let held = state.held.removeValue(forKey: later)!
            state.heldBytes -= held.chunks.reduce(0) { $0 + $1.count }
            if held.isSpilling { state.spillingFiles -= 1 }
        }
    }
}
