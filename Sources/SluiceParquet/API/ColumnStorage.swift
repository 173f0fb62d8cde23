#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The rows of a `ParquetColumnBuffer` in raw memory: one definition level byte per row, the
/// non-null values (fixed-width values back to back, or concatenated UTF-8) and, for strings,
/// each value's end offset in the UTF-8.
///
/// One object owns all three regions, so an append checks uniqueness once (the buffer copies
/// the storage first when it is shared) and then writes with a capacity check per region;
/// `[T].append` costs a runtime call and about 140 instructions for a short string. Mutated
/// only through a uniquely referenced buffer, which makes the unchecked `Sendable` safe.
final class ColumnStorage: @unchecked Sendable {
    var levels: RawRegion
    var values: RawRegion
    var ends: RawRegion

    /// Each region's first allocation: small, since a table may have thousands of sparse
    /// columns; regions that fill grow by doubling.
    static let initialRegionBytes = 64

    init() {
        levels = RawRegion(capacity: Self.initialRegionBytes)
        values = RawRegion(capacity: Self.initialRegionBytes)
        ends = RawRegion(capacity: Self.initialRegionBytes)
    }

    init(copying other: ColumnStorage) {
        levels = other.levels.copy()
        values = other.values.copy()
        ends = other.ends.copy()
    }

    deinit {
        levels.deallocate()
        values.deallocate()
        ends.deallocate()
    }
}

/// One growable region of raw memory; its owner frees it with `deallocate`.
///
/// The memory comes from `malloc` and grows with `realloc`, which moves a large region by
/// remapping its pages rather than copying them.
struct RawRegion {
    private(set) var base: UnsafeMutableRawPointer
    /// Bytes in use.
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = Self.reallocate(nil, to: self.capacity)
    }

    func copy() -> RawRegion {
        var copy = RawRegion(capacity: capacity)
        copy.base.copyMemory(from: base, byteCount: count)
        copy.count = count
        return copy
    }

    func deallocate() { free(base) }

    /// The region as `count / stride` values of `T`, valid until it is next mutated.
    func buffer<T>(of type: T.Type) -> UnsafeBufferPointer<T> {
        UnsafeBufferPointer(
            start: base.assumingMemoryBound(to: T.self), count: count / MemoryLayout<T>.stride)
    }

    /// The region's bytes, valid until it is next mutated.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Appends one value; a region holds values of one type, so each stays aligned.
    @inline(__always)
    mutating func append<T: BitwiseCopyable>(_ value: T) {
        reserve(MemoryLayout<T>.stride)
        (base + count).storeBytes(of: value, as: T.self)
        count += MemoryLayout<T>.stride
    }

    @inline(__always)
    mutating func append(_ source: UnsafeRawBufferPointer) {
        reserve(source.count)
        if let from = source.baseAddress { copyBytes(from, to: base + count, count: source.count) }
        count += source.count
    }

    /// Makes room for `bytes` more and returns where they go; `didAppend` keeps them.
    @inline(__always)
    mutating func spareCapacity(_ bytes: Int) -> UnsafeMutableRawPointer {
        reserve(bytes)
        return base + count
    }

    @inline(__always)
    mutating func didAppend(_ bytes: Int) { count += bytes }

    mutating func append(repeating byte: UInt8, count repeats: Int) {
        reserve(repeats)
        (base + count).initializeMemory(as: UInt8.self, repeating: byte, count: repeats)
        count += repeats
    }

    mutating func removeAll() { count = 0 }

    /// Makes room for `additional` more bytes, at least doubling when it grows.
    @inline(__always)
    mutating func reserve(_ additional: Int) {
        if count + additional > capacity { grow(to: count + additional) }
    }

    private mutating func grow(to needed: Int) {
        let grown = max(needed, capacity * 2)
        (base, capacity) = (Self.reallocate(base, to: grown), grown)
    }

    /// `realloc`, trapping when memory is exhausted as Swift's own allocations do.
    private static func reallocate(_ pointer: UnsafeMutableRawPointer?, to size: Int)
        -> UnsafeMutableRawPointer
    {
        guard let moved = realloc(pointer, size) else {
            fatalError("out of memory growing a column buffer to \(size) bytes")
        }
        return moved
    }
}
