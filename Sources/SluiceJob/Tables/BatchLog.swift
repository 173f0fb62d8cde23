/// One value as a `ColumnBatch` logged it: the batch column it belongs to, its kind and its
/// payload, whose text reference (if its kind has text) points into the log's text.
struct LoggedValue {
    var column: UInt32
    var kind: UInt8
    var payload: Int64
}

/// The values one worker's `ColumnBatch`es appended since the worker last sealed them, in
/// the order they came, and their text; each batch knows which of them are its rows'.
///
/// Appending writes one 16-byte value and its text at the ends of two buffers, whatever the
/// table and column: per-column arrays took a store into three arrays of the value's column
/// plus a read of that column's header, each a likely cache miss with dozens of columns per
/// event. The values become columns when the batches are sealed.
///
/// Emptying keeps the memory, so the pages a worker writes are faulted in once per run, not
/// once per spill; the row memory budget counts the bytes in use (`usedBytes`), which is
/// what the pages touched come to, and the sealing memory kept (`sealingBytes`).
///
/// Owns its memory and frees it in `deinit`; batches append through `storage`, a plain
/// pointer, so an append costs no reference counting and no exclusivity check. Not
/// thread-safe: the worker that owns it is its only user.
final class BatchLog: @unchecked Sendable {
    struct Storage {
        var values = RawBuffer<LoggedValue>()
        var text = RawBuffer<UInt8>()
        /// Memory sealing lays out the columns of one batch in, when they only live until
        /// they are spilled (`ColumnBatch.columns(inRowOrder:borrowing:)`).
        var sealing = RawBuffer<UInt64>()

        /// The bytes of `value`, whose kind has text: its number's 8 bytes when the kind has a
        /// number prefix (`prefix` is then 8, else 0), then its text. An empty string has no
        /// bytes, and the log may then have no text buffer at all: the result is empty with a
        /// nil base, never a pointer formed from a nil one.
        @inline(__always)
        func textBytes(of value: LoggedValue, prefix: Int) -> UnsafeRawBufferPointer {
            let count = prefix + TextRef.length(value.payload)
            guard count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            let base = UnsafeRawPointer(text.base.unsafelyUnwrapped)
            let start = base + TextRef.offset(value.payload) - prefix
            return UnsafeRawBufferPointer(start: start, count: count)
        }
    }

    /// The most values or text bytes the log holds before its worker must seal its batches:
    /// text references are 32-bit offsets into the text and batches keep 32-bit indexes into
    /// the values, and 1 GiB leaves room for the largest line on top.
    static let maximumBytes = 1 << 30

    let storage: UnsafeMutablePointer<Storage>

    init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage())
    }

    deinit {
        release()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// Frees every buffer, once the worker stores no more rows; the log is left empty.
    func release() {
        storage.pointee.values.deallocate()
        storage.pointee.text.deallocate()
        storage.pointee.sealing.deallocate()
        storage.pointee = Storage()
    }

    /// `bytes` of 8-byte aligned memory for sealing into, valid until the next call; kept
    /// from one call to the next, so its pages are faulted in once per run.
    func sealingMemory(bytes: Int) -> UnsafeMutableRawPointer {
        let words = max(1, (bytes + 7) / 8)
        storage.pointee.sealing.reserve(capacity: words)
        return UnsafeMutableRawPointer(storage.pointee.sealing.base!)
    }

    /// Whether the batches must be sealed before more rows are stored: the text or the values
    /// reached `maximumBytes`.
    var isFull: Bool {
        storage.pointee.text.count >= Self.maximumBytes
            || storage.pointee.values.count * MemoryLayout<LoggedValue>.stride
                >= Self.maximumBytes
    }

    /// Bytes of values and text in the log.
    var usedBytes: Int {
        storage.pointee.values.count * MemoryLayout<LoggedValue>.stride
            + storage.pointee.text.count
    }

    /// Bytes of sealing memory kept from the last seal for the next.
    var sealingBytes: Int { storage.pointee.sealing.allocatedBytes }

    /// Drops every value and its text, keeping the memory. Every batch that logged into it
    /// must have been sealed or emptied first.
    func removeAll() {
        storage.pointee.values.removeAll()
        storage.pointee.text.removeAll()
    }
}
