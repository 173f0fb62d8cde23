import Synchronization

/// The table stage's threads as they write tables side by side: how many still have a table
/// to write, which sets how many threads each may give a row group's columns, and whether one
/// has failed, after which none starts another table.
///
/// With every table thread busy each encodes its columns alone; once a thread finds no table
/// left, the ones still writing take its share, so the last large table is not encoded on one
/// core while the other waits.
final class TableThreads: Sendable {
    private let writing = Atomic<Int>(0)
    private let failed = Atomic<Bool>(false)

    /// Starts `count` table threads.
    func start(_ count: Int) {
        writing.store(count, ordering: .relaxed)
        failed.store(false, ordering: .relaxed)
    }

    /// A table thread found no table left.
    func leave() {
        writing.wrappingSubtract(1, ordering: .relaxed)
    }

    /// A table failed: no table is started after it.
    func fail() {
        failed.store(true, ordering: .relaxed)
    }

    var hasFailed: Bool { failed.load(ordering: .relaxed) }

    /// The threads a table thread may use for one row group's columns, out of `total`: its
    /// own, plus those of the table threads that have left.
    func columnThreads(of total: Int) -> Int {
        let writing = max(1, writing.load(ordering: .relaxed))
        return max(1, total - (writing - 1))
    }
}
