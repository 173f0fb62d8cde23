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
