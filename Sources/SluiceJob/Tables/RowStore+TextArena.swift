#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension RowStore {
    /// The text bytes of a store's cells in one growable allocation, copied on write like an
    /// array. Appending copies the bytes with one `memcpy` and checks capacity and sharing
    /// once, where `Array.append(contentsOf:)` spends about a hundred instructions on a raw
    /// buffer before copying; a store appends a few dozen texts per row.
    struct TextArena: @unchecked Sendable {
        /// The allocation; nil until the first byte, so an empty arena costs nothing.
        private final class Storage {
            let base: UnsafeMutableRawPointer
            let capacity: Int

            init(capacity: Int) {
                self.capacity = capacity
                base = .allocate(byteCount: capacity, alignment: 16)
            }

            deinit { base.deallocate() }
        }

        /// The first allocation's size: room for a row's worth of short texts, so the
        /// first rows do not reallocate for every few strings; it doubles from there.
        static let initialCapacity = 256

        private var storage: Storage?
        /// `storage`'s bytes, kept beside it so that reading touches no reference count:
        /// valid while the arena lives, since the arena holds `storage`.
        private var base: UnsafeMutableRawPointer?
        /// The bytes allocated, spare capacity included.
        private(set) var capacity = 0
        private(set) var count = 0

        mutating func removeAll(keepingCapacity: Bool) {
            count = 0
            if !keepingCapacity { (storage, base, capacity) = (nil, nil, 0) }
        }

        /// Appends `bytes`; the arena must not be read through `withBytes` meanwhile.
        @inline(__always)
        mutating func append(_ bytes: UnsafeRawBufferPointer) {
            guard bytes.count > 0 else { return }
            let needed = count + bytes.count
            if needed > capacity || !isKnownUniquelyReferenced(&storage) { grow(to: needed) }
            memcpy(base.unsafelyUnwrapped + count, bytes.baseAddress!, bytes.count)
            count = needed
        }

        /// Moves the bytes into a unique allocation of at least `needed` bytes (doubling, so
        /// appends stay amortised constant time).
        private mutating func grow(to needed: Int) {
            let size = Swift.max(needed, capacity * 2, Self.initialCapacity)
            let grown = Storage(capacity: needed > capacity ? size : capacity)
            if let base, count > 0 { grown.base.copyMemory(from: base, byteCount: count) }
            (storage, base, capacity) = (grown, grown.base, grown.capacity)
        }

        /// Calls `body` with the bytes at `start..<start + length`, valid only inside it.
        func withBytes<R>(
            _ start: Int, _ length: Int, _ body: (UnsafeRawBufferPointer) -> R
        ) -> R {
            precondition(
                start >= 0 && length >= 0 && start + length <= count,
                "text \(start)..<\(start + length) outside the arena of \(count) bytes")
            return body(UnsafeRawBufferPointer(start: base.map { $0 + start }, count: length))
        }
    }
}
