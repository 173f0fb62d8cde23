/// Merges sorted runs of one table and partition into one stream of live rows ordered by
/// (`receivedAt`, file, line), the order of the table files.
///
/// A binary heap of readers keyed by their current row, so each row costs O(log runs) and
/// memory is one read window per run. (`receivedAt`, file, line) is unique per event and an
/// event has one row per table, so the order is total: the same rows give the same stream
/// however they were split into runs. Not thread-safe; one merge per table thread.
struct RowMerge {
    /// The readers; `readers[current]` holds the current row after `next` returned it.
    private(set) var readers: [RowRunReader]
    /// The worker whose keys each reader's cells use.
    let workers: [Int]
    private let isLive: (RowStore.Header) -> Bool
    private var heap: [Int] = []
    private var current: Int?

    init(_ runs: [(worker: Int, run: RowRun)], isLive: @escaping (RowStore.Header) -> Bool) throws {
        readers = runs.map { RowRunReader($0.run) }
        workers = runs.map(\.worker)
        self.isLive = isLive
        var ready: [Int] = []
        for index in readers.indices where try advance(index) { ready.append(index) }
        // A sorted array is a valid min-heap.
        ready.sort { precedes($0, $1) }
        heap = ready
    }

    /// Moves to the next live row and returns the index of the reader holding it, or nil
    /// when every run is used up.
    mutating func next() throws -> Int? {
        if let current {
            if !(try advance(current)) {
                heap.swapAt(0, heap.count - 1)
                heap.removeLast()
            }
            siftDown()
        }
        current = heap.first
        return current
    }

    /// Moves reader `index` to its next live row; false at the end of its run.
    private mutating func advance(_ index: Int) throws -> Bool {
        while try readers[index].next() {
            if isLive(readers[index].header) { return true }
        }
        return false
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        let x = readers[a].header
        let y = readers[b].header
        return (x.receivedAt, x.file, x.line) < (y.receivedAt, y.file, y.line)
    }

    private mutating func siftDown() {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var child = left
            if left + 1 < heap.count, precedes(heap[left + 1], heap[left]) { child = left + 1 }
            guard precedes(heap[child], heap[parent]) else { return }
            heap.swapAt(parent, child)
            parent = child
        }
    }
}
