/// What a `ColumnBatch` keeps per column while appending: the row that last got a value of
/// it, the column's size so far, and the dictionary of its key, unretained.
struct BatchSlot {
    var lastRow: UInt32 = .max
    /// Values logged for the column.
    var count: UInt32 = 0
    /// Text bytes its values hold, number prefixes included.
    var textCount = 0
    var kindMask: KindMask = 0
    var hasAskedForDictionary = false
    /// An unretained `KeyDictionary`; nil until the key's first string, and again once the
    /// slot finds it closed.
    var dictionary: UnsafeMutableRawPointer?
}

/// Where one row's values sit in the `BatchLog`: `count` values from index `start`.
struct RowSpan {
    var start: UInt32
    var count: UInt32
}

/// A `ColumnBatch`'s own buffers: its rows' spans in the log, and the per-column and per-key
/// state appends read. Owned like `BatchLog.Storage`, and freed when the batch is emptied.
final class BatchColumns: @unchecked Sendable {
    struct Storage {
        var rows = RawBuffer<RowSpan>()
        var slots = RawBuffer<BatchSlot>()
        /// Per key, its index in `slots` plus one; 0 for a key without a column yet.
        var slotOfKey = RawBuffer<Int32>()

        /// Frees every buffer; the storage is left empty.
        mutating func deallocate() {
            rows.deallocate()
            slots.deallocate()
            slotOfKey.deallocate()
            self = Storage()
        }

        var allocatedBytes: Int {
            rows.allocatedBytes + slots.allocatedBytes + slotOfKey.allocatedBytes
        }
    }

    let storage: UnsafeMutablePointer<Storage>

    init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage())
    }

    deinit {
        storage.pointee.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }
}
