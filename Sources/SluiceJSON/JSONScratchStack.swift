/// A growable stack of values owned by one parse, used to collect the elements and keys
/// of the containers that are still open.
///
/// Elements move in and move out as whole arrays, so building a container costs one
/// allocation of its exact size and no reference-count traffic. Whatever is still on the
/// stack when it is destroyed (a parse that threw) is released by `deinit`.
struct JSONScratchStack<Element>: ~Copyable {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        storage = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (storage + count).initialize(to: element)
        count += 1
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { storage[index] }
        nonmutating set { storage[index] = newValue }
    }

    /// Read-only view of elements `start..<count`; valid until the next mutation.
    func elements(from start: Int) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: storage + start, count: count - start)
    }

    /// Moves elements `start..<count` into a new array of exactly that size, in order.
    mutating func popArray(from start: Int) -> [Element] {
        let moved = count - start
        guard moved > 0 else { return [] }

        // reserveCapacity + append is specialised in this module; the
        // unsafeUninitializedCapacity initialiser looks up generic metadata on every call.
        var array: [Element] = []
        array.reserveCapacity(moved)
        for offset in start..<count { array.append((storage + offset).move()) }
        count = start
        return array
    }

    /// Drops elements `start..<count`.
    mutating func removeAll(from start: Int) {
        (storage + start).deinitialize(count: count - start)
        count = start
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newStorage = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newStorage.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}
