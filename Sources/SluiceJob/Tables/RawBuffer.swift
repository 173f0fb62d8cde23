#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable run of plain values in raw memory, for the per-value arrays of column stores.
///
/// Appending checks capacity only: no uniqueness check and no runtime call, which an
/// `Array.append` costs on every value. The buffer does not free itself: it lives inside a
/// class whose `deinit` calls `deallocate`, and copies of it share memory, so only its owner
/// may mutate it. Not thread-safe while mutated; any number of threads may read it after.
struct RawBuffer<Element: BitwiseCopyable> {
    /// The first allocation: small, since a table may have thousands of columns of a value or
    /// two (payloads keyed by ids).
    static var initialCapacity: Int { 4 }

    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private(set) var capacity = 0

    init() {}

    /// A view of `count` values at `base`, with room for `capacity`, that an owner keeps
    /// as plain fields (`ColumnValues.Storage`); the owner frees the memory.
    @inline(__always)
    init(base: UnsafeMutablePointer<Element>?, count: UInt32, capacity: UInt32) {
        (self.base, self.count, self.capacity) = (base, Int(count), Int(capacity))
    }

    /// A buffer of `count` uninitialised values, filled by the caller through `base`.
    init(uninitializedCount count: Int) {
        if count > 0 { reallocate(to: count) }
        self.count = count
    }

    /// Bytes allocated, spare capacity included.
    var allocatedBytes: Int { capacity * MemoryLayout<Element>.stride }

    func deallocate() { free(base) }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base.unsafelyUnwrapped[index] }
        nonmutating set { base.unsafelyUnwrapped[index] = newValue }
    }

    /// The values, valid until the buffer next grows or is freed.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// The values' bytes, valid until the buffer next grows or is freed.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(buffer) }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(toAtLeast: count + 1) }
        (base.unsafelyUnwrapped + count).initialize(to: value)
        count += 1
    }

    /// Appends `value` without checking capacity, for owners that grow several buffers of
    /// one length together (`reserve(capacity:)`) and check once for all of them.
    ///
    /// - Precondition: `count < capacity`; only checked in debug builds.
    @inline(__always)
    mutating func appendWithinCapacity(_ value: Element) {
        assert(count < capacity, "appending past capacity \(capacity)")
        (base.unsafelyUnwrapped + count).initialize(to: value)
        count &+= 1
    }

    /// Grows the allocation to hold at least `capacity` values; keeps the values.
    mutating func reserve(capacity newCapacity: Int) {
        if newCapacity > capacity { reallocate(to: newCapacity) }
    }

    mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        guard let from = values.baseAddress, values.count > 0 else { return }
        if count + values.count > capacity { grow(toAtLeast: count + values.count) }
        (base.unsafelyUnwrapped + count).update(from: from, count: values.count)
        count += values.count
    }

    /// Drops every value, keeping the allocation.
    mutating func removeAll() { count = 0 }

    private mutating func grow(toAtLeast needed: Int) {
        reallocate(to: Swift.max(needed, capacity * 2, Self.initialCapacity))
    }

    /// Grows with `realloc`, which extends a block in place or, for large ones, remaps its
    /// pages instead of copying them into fresh ones (each of which would fault).
    private mutating func reallocate(to newCapacity: Int) {
        let bytes = newCapacity * MemoryLayout<Element>.stride
        guard let grown = realloc(base, bytes) else {
            fatalError(
                "Could not allocate \(bytes) bytes for stored values; the machine is out of memory."
            )
        }
        (base, capacity) = (grown.assumingMemoryBound(to: Element.self), newCapacity)
    }
}

extension RawBuffer where Element == UInt8 {
    /// Appends raw bytes: short ones as inline word moves (`ShortBytes.copy`), since most
    /// stored texts are a few dozen bytes and a `memcpy` call costs more than moving them.
    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) {
        guard let from = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(toAtLeast: count + bytes.count) }
        ShortBytes.copy(to: base.unsafelyUnwrapped + count, from: from, count: bytes.count)
        count += bytes.count
    }

    /// Appends the bytes of a plain value, unaligned.
    mutating func append<T: BitwiseCopyable>(raw value: T) {
        withUnsafeBytes(of: value) { append(bytes: $0) }
    }
}
