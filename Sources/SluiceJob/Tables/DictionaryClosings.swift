/// How many times any of one worker's `KeyDictionary`s closed, counted from 1: state cached
/// outside a dictionary (`RecentString`) records the count it was taken at and is stale once
/// the count moved on, so one shared number invalidates every cache of every dictionary.
///
/// Shared by a `StringInterner` and its dictionaries; not thread-safe, like them.
final class DictionaryClosings: @unchecked Sendable {
    /// Never 0, so that 0 can stand for a cache that was never valid.
    private(set) var count = 1

    init() {}

    /// Records that a dictionary closed.
    func recordClosing() {
        count += 1
    }
}
