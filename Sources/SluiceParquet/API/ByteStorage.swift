/// Contiguous bytes with value semantics that `ParquetColumnBuffer` keeps its strings in.
///
/// `[UInt8].append(contentsOf:)` costs about 140 instructions for a short string, several
/// times the copy itself; here an append is a uniqueness check, a capacity check and one
/// `memcpy`. Copies share one allocation until one of them appends or empties itself, which
/// then takes a private copy first (copy on write), so a copy never sees another's changes.
@usableFromInline
struct ByteStorage: @unchecked Sendable {
    /// Owns the allocation; freed with the last copy that refers to it.
    @usableFromInline
    final class Allocation {
        let base: UnsafeMutableRawPointer

        @usableFromInline
        init(capacity: Int) {
            base = .allocate(byteCount: capacity, alignment: 16)
        }

        deinit { base.deallocate() }
    }

    /// The first allocation's size: small, as a table may have thousands of sparse columns.
    @usableFromInline static let initialCapacity = 64

    @usableFromInline var allocation: Allocation
    /// `allocation`'s memory, written only while `allocation` is uniquely referenced.
    @usableFromInline var base: UnsafeMutableRawPointer
    @usableFromInline var capacity: Int
    @usableFromInline private(set) var count = 0

    @usableFromInline
    init() {
        allocation = Allocation(capacity: Self.initialCapacity)
        base = allocation.base
        capacity = Self.initialCapacity
    }

    @inlinable
    mutating func append(contentsOf bytes: UnsafeRawBufferPointer) {
        let needed = count + bytes.count
        if needed > capacity || !isKnownUniquelyReferenced(&allocation) {
            reallocate(minimumCapacity: needed)
        }
        if let source = bytes.baseAddress {
            (base + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count = needed
    }

    /// Makes room for `minimumCapacity` bytes in all.
    mutating func reserveCapacity(_ minimumCapacity: Int) {
        if minimumCapacity > capacity || !isKnownUniquelyReferenced(&allocation) {
            reallocate(minimumCapacity: minimumCapacity)
        }
    }

    mutating func removeAll(keepingCapacity: Bool = false) {
        if keepingCapacity && isKnownUniquelyReferenced(&allocation) {
            count = 0
        } else {
            self = ByteStorage()
        }
    }

    /// Calls `body` with the bytes, valid only during the call.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(allocation) {
            try body(UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    /// Moves the bytes into a private allocation of at least `minimumCapacity` bytes, at
    /// least doubling the capacity so appends stay amortized O(1).
    @usableFromInline
    mutating func reallocate(minimumCapacity: Int) {
        let grown = minimumCapacity > capacity ? max(minimumCapacity, capacity * 2) : capacity
        let replacement = Allocation(capacity: grown)
        replacement.base.copyMemory(from: base, byteCount: count)
        allocation = replacement
        base = replacement.base
        capacity = grown
    }
}
