import Dispatch
import Foundation
import Synchronization

/// Lets a worker that has no file left to take help one still reading: the reader copies a
/// block of its lines (`LineBlock`) and posts it here, an idle worker takes it and processes
/// it into an outcome of its own, and the reader merges the outcomes in line order when its
/// file ends. Without it a night of fewer files than threads (one large export, or the last
/// large file of a night) keeps one core busy while the others wait.
///
/// A reader asks `wantsBlock` between lines, a relaxed atomic load, and posts while fewer
/// blocks are queued than workers help (one ready for each, so none waits for the next), so
/// a night with a file for every worker copies nothing. Safe from any thread.
final class HelpBoard: @unchecked Sendable {
    /// A block on the board, then its outcome once a worker has processed it.
    final class Posted: @unchecked Sendable {
        private var block: LineBlock?
        private let done = DispatchSemaphore(value: 0)
        private var outcome: FileOutcome?

        init(_ block: LineBlock) { self.block = block }

        /// The block's lines, handed once to the worker that processes them: the posted value
        /// keeps no copy, so their memory goes as soon as they are processed, not when the
        /// reader's file ends.
        func takeBlock() -> LineBlock {
            defer { block = nil }
            return block!
        }

        /// Whether the lines are still held here, not yet taken by a worker.
        var holdsLines: Bool { block != nil }

        /// Stores the block's outcome and wakes the reader waiting for it.
        func finish(_ outcome: FileOutcome) {
            self.outcome = outcome
            done.signal()
        }

        /// Blocks until `finish` was called, then returns its outcome.
        func wait() -> FileOutcome {
            done.wait()
            return outcome!
        }
    }

    /// When and how much a reader shares.
    struct Sharing: Sendable {
        /// Complete lines between two looks at the board: a look is one relaxed atomic load,
        /// and 64 lines are well under a millisecond of work.
        var linesPerCheck = 64
        /// A block is full at this many bytes of lines: about a thousand events of the
        /// benchmark's size, some milliseconds of work, so handing one over costs little
        /// beside it.
        var blockBytes = 1 << 20
        /// A block is full at this many lines even below `blockBytes` (small events).
        var blockLines = 4096
        /// Share every block whether or not a worker waits (blocks no one takes are processed
        /// by their reader at the end of its file); for tests of the joining.
        var always = false
    }

    let sharing: Sharing
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var queue: [Posted] = []
    private var readers = 0
    /// Workers that have no file left and take blocks (`beginHelping`).
    private var helpers = 0
    /// `helpers - queue.count`, readable without the lock: readers keep one block queued
    /// for every helper, so that one that finishes a block finds the next at once instead of
    /// waiting for a reader to notice and fill one.
    private let wanted = Atomic<Int>(0)

    /// Whether a worker waits for a block no one has posted yet.
    var wantsBlock: Bool { sharing.always || wanted.load(ordering: .relaxed) > 0 }

    init(_ sharing: Sharing = Sharing()) {
        self.sharing = sharing
    }

    /// Notes that a worker reads a file, and may post blocks until `endReading`.
    func beginReading() {
        condition.lock()
        readers += 1
        condition.unlock()
    }

    /// Notes that a reader will post no more blocks; once no worker reads, waiting workers
    /// are released.
    func endReading() {
        condition.lock()
        readers -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Puts `block` on the board for the next waiting worker.
    func post(_ block: LineBlock) -> Posted {
        let posted = Posted(block)
        condition.lock()
        queue.append(posted)
        updateWanted()
        condition.signal()
        condition.unlock()
        return posted
    }

    /// Takes back the blocks of `posted` no worker has taken yet, for their reader to process
    /// itself; a taken block is left to its worker.
    func reclaim(_ posted: [Posted]) -> [Posted] {
        condition.lock()
        defer { condition.unlock() }
        let mine = Set(posted.map(ObjectIdentifier.init))
        let reclaimed = queue.filter { mine.contains(ObjectIdentifier($0)) }
        queue.removeAll { mine.contains(ObjectIdentifier($0)) }
        updateWanted()
        return reclaimed
    }

    /// Notes that the calling worker has no file left and takes blocks from now on.
    func beginHelping() {
        condition.lock()
        helpers += 1
        updateWanted()
        condition.unlock()
    }

    /// Waits for a posted block and takes it; nil once no worker reads a file and no block
    /// is left, when the caller has nothing more to do.
    ///
    /// - Precondition: the caller called `beginHelping`.
    func take() -> Posted? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, readers > 0 { condition.wait() }
        let taken = queue.isEmpty ? nil : queue.removeFirst()
        updateWanted()
        return taken
    }

    /// Call with the lock held.
    private func updateWanted() {
        wanted.store(helpers - queue.count, ordering: .relaxed)
    }
}
