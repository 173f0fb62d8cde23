#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable byte buffer for page scratch space, compressed bodies and buffered column
/// chunks. Unlike `[UInt8]` it lets a C library write into its spare capacity without zero
/// filling, and `removeAll` always keeps the allocation. Owned by one writer; not thread-safe.
///
/// The memory comes from `malloc` and grows with `realloc`, which moves a large buffer by
/// remapping its pages instead of copying them: a column chunk of many megabytes grows by
/// doubling at almost no cost.
final class ByteBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        base = Self.reallocate(nil, to: self.capacity)
    }

    deinit { free(base) }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    func removeAll() { count = 0 }

    /// Releases a large allocation so an idle writer does not pin it.
    func shrink(toCapacity limit: Int) {
        guard capacity > limit else { return }
        let target = max(limit, 64)
        base = Self.reallocate(base, to: target)
        (capacity, count) = (target, min(count, target))
    }

    @inline(__always)
    func reserve(additional: Int) {
        if count + additional > capacity { grow(to: count + additional) }
    }

    @inline(__always)
    func append(_ source: UnsafeRawBufferPointer) {
        guard source.count > 0 else { return }
        reserve(additional: source.count)
        (base + count).copyMemory(from: source.baseAddress!, byteCount: source.count)
        count += source.count
    }

    func append(_ source: [UInt8]) {
        source.withUnsafeBytes { append($0) }
    }

    @inline(__always)
    func append(byte: UInt8) {
        reserve(additional: 1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Appends a fixed-width value in little-endian byte order.
    @inline(__always)
    func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        reserve(additional: MemoryLayout<T>.size)
        (base + count).storeBytes(of: value.littleEndian, as: T.self)
        count += MemoryLayout<T>.size
    }

    /// Appends `value` PLAIN as a BYTE_ARRAY: its length as 4 bytes little-endian, then its
    /// bytes. Values of up to 32 bytes, most of them, are copied with overlapping 8-byte
    /// loads and stores instead of a call to `memcpy`.
    @inline(__always)
    func appendLengthPrefixed(_ value: UnsafeRawBufferPointer) {
        let length = value.count
        reserve(additional: 4 + length)
        let target = base + count
        target.storeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian, as: UInt32.self)
        if let source = value.baseAddress { copyBytes(source, to: target + 4, count: length) }
        count += 4 + length
    }

    /// Appends a trivial value in host byte order, for buffers used as typed arrays.
    @inline(__always)
    func appendNative<T: BitwiseCopyable>(_ value: T) {
        reserve(additional: MemoryLayout<T>.stride)
        (base + count).storeBytes(of: value, as: T.self)
        count += MemoryLayout<T>.stride
    }

    /// Element `index` of a buffer filled by `appendNative` with values of type `T`.
    @inline(__always)
    func loadNative<T: BitwiseCopyable>(_ type: T.Type, at index: Int) -> T {
        (base + index * MemoryLayout<T>.stride).loadUnaligned(as: T.self)
    }

    /// Makes room for `limit` more bytes and returns where they start; the caller writes up
    /// to `limit` bytes there (more than it keeps, if that is cheaper) and then commits the
    /// ones it keeps with `didAppend`. The pointer is valid until the next growth.
    @inline(__always)
    func spareCapacity(_ limit: Int) -> UnsafeMutableRawPointer {
        reserve(additional: limit)
        return base + count
    }

    /// Keeps `written` bytes the caller stored at `spareCapacity`.
    @inline(__always)
    func didAppend(_ written: Int) {
        count += written
    }

    /// Lets `body` write up to `limit` bytes at the end; it returns how many it wrote.
    func appendWriting<E: Error>(
        upTo limit: Int, _ body: (UnsafeMutableRawPointer) throws(E) -> Int
    ) throws(E) {
        reserve(additional: limit)
        let written = try body(base + count)
        precondition(written >= 0 && written <= limit, "wrote \(written) bytes of \(limit)")
        count += written
    }

    /// Overwrites 4 bytes at `offset` with `value` in little-endian order.
    func storeLittleEndian(_ value: UInt32, at offset: Int) {
        precondition(offset + 4 <= count, "store at \(offset) past count \(count)")
        (base + offset).storeBytes(of: value.littleEndian, as: UInt32.self)
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        base = Self.reallocate(base, to: newCapacity)
        capacity = newCapacity
    }

    /// `realloc`, trapping when memory is exhausted as Swift's own allocations do.
    private static func reallocate(_ pointer: UnsafeMutableRawPointer?, to size: Int)
        -> UnsafeMutableRawPointer
    {
        guard let moved = realloc(pointer, size) else {
            fatalError("out of memory growing a page buffer to \(size) bytes")
        }
        return moved
    }
}
