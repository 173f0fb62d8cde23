#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Recently built member-name strings, one table per thread, so the keys every event
/// repeats (`messageId`, `context`, `properties`, ...) are built once per thread rather
/// than once per occurrence.
///
/// A slot holds a key of at most `maxKeyByteCount` bytes together with its bytes as two
/// words; a hit compares hash, length and both words, so it never returns a different
/// key. The table is only touched by the thread that owns it (found through a pthread
/// key), so it needs no lock; it is freed when the thread exits.
final class JSONKeyCache {
    /// Slots per thread: a power of two comfortably above the few hundred distinct keys
    /// of a typical event stream, at 48 bytes each (48 KiB per thread).
    static let slotCount = 1024

    /// Longest key kept: two machine words, which covers nearly all Segment keys.
    static let maxKeyByteCount = 16

    struct Slot {
        var hash: UInt64 = 0
        var first: UInt64 = 0
        var second: UInt64 = 0
        var count = -1
        var key = ""
    }

    private let slots: UnsafeMutablePointer<Slot>

    private init() {
        slots = UnsafeMutablePointer<Slot>.allocate(capacity: JSONKeyCache.slotCount)
        slots.initialize(repeating: Slot(), count: JSONKeyCache.slotCount)
    }

    deinit {
        slots.deinitialize(count: JSONKeyCache.slotCount)
        slots.deallocate()
    }

    /// The key for `count` (≤ `maxKeyByteCount`) bytes at `bytes`, whose first 16 bytes
    /// may be read, with their `hash`; built and remembered on a miss.
    @inline(__always)
    func key(_ bytes: UnsafeRawPointer, count: Int, hash: UInt64) -> String {
        let (first, second) = JSONKeyCache.words(bytes, count: count)
        let slot = slots + Int(truncatingIfNeeded: hash) & (JSONKeyCache.slotCount - 1)
        if slot.pointee.hash == hash && slot.pointee.count == count
            && slot.pointee.first == first && slot.pointee.second == second
        {
            return slot.pointee.key
        }

        let key = String(
            decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self)
        slot.pointee = Slot(hash: hash, first: first, second: second, count: count, key: key)
        return key
    }

    /// The key's bytes as two little-endian words, bytes beyond `count` zeroed.
    @inline(__always)
    private static func words(_ bytes: UnsafeRawPointer, count: Int) -> (UInt64, UInt64) {
        let low = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        let high = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if count >= 8 {
            let keep = UInt64(count - 8) * 8
            return (low, keep == 64 ? high : high & ((1 << keep) &- 1))
        }
        return (low & ((1 << UInt64(count * 8)) &- 1), 0)
    }

    /// This thread's cache, created on first use.
    static func forCurrentThread() -> JSONKeyCache {
        if let existing = pthread_getspecific(threadKey) {
            return Unmanaged<JSONKeyCache>.fromOpaque(existing).takeUnretainedValue()
        }
        let cache = JSONKeyCache()
        pthread_setspecific(threadKey, Unmanaged.passRetained(cache).toOpaque())
        return cache
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<JSONKeyCache>.fromOpaque(pointer).release()
        }
        precondition(status == 0, "pthread_key_create failed with status \(status)")
        return key
    }()
}
