import Dispatch
import Synchronization

/// Hands out indexes `0..<limit` to worker threads, each exactly once.
final class AtomicCounter: Sendable {
    private let next = Atomic<Int>(0)

    /// The next unclaimed index, or `nil` when all are taken.
    func take(below limit: Int) -> Int? {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < limit ? index : nil
    }
}

/// One slot per task for results computed on worker threads, read once all have finished.
final class ResultSlots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    init(count: Int) {
        slots = Mutex(Array(repeating: nil, count: count))
    }

    func store(_ value: Value, at index: Int) {
        slots.withLock { $0[index] = value }
    }

    /// Every stored value in index order.
    ///
    /// - Precondition: every slot was stored.
    func values() -> [Value] {
        slots.withLock { slots in slots.map { $0! } }
    }
}

/// A computation started on a background thread at once, whose value the starter collects
/// with `wait()`. The starter should wait before it returns, so no work outlives the call
/// that started it; a task that is never waited for runs to its end unobserved.
final class BackgroundTask<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work`; with `inline` it runs to its end on the calling thread first, for a
    /// caller held to one thread.
    init(inline: Bool = false, _ work: @escaping @Sendable () -> Value) {
        guard !inline else {
            result.withLock { $0 = work() }
            done.signal()
            return
        }
        DispatchQueue.global().async {
            let value = work()
            self.result.withLock { $0 = value }
            self.done.signal()
        }
    }

    /// Blocks until the work has finished and returns its value, on every call.
    func wait() -> Value {
        done.wait()
        done.signal()
        return result.withLock { $0! }
    }
}
