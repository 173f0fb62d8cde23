/// A growable byte buffer for page scratch space, compressed bodies and buffered column
/// chunks. Unlike `[UInt8]` it lets a C library write into its spare capacity without zero
/// filling, and `removeAll` always keeps the allocation. Owned by one writer; not thread-safe.
final class ByteBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        base = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    func removeAll() { count = 0 }

    /// Releases a large allocation so an idle writer does not pin it.
    func shrink(toCapacity limit: Int) {
        guard capacity > limit else { return }
        let replacement = UnsafeMutableRawPointer.allocate(byteCount: limit, alignment: 16)
        replacement.copyMemory(from: base, byteCount: min(count, limit))
        base.deallocate()
        (base, capacity, count) = (replacement, limit, min(count, limit))
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
        let replacement = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        replacement.copyMemory(from: base, byteCount: count)
        base.deallocate()
        (base, capacity) = (replacement, newCapacity)
    }
}
