extension ColumnValues {
    /// A column's arrays, kept apart from the object so that the loops that fill and read
    /// columns (sealing, spill reads, the table stage's cursors) work through plain pointers
    /// without reference counting.
    ///
    /// Rows, kinds and payloads share one count and one capacity. The buffers do not free
    /// themselves: the owning `ColumnValues` frees them in `deinit`, unless it borrows them.
    struct Storage {
        var rowsBase: UnsafeMutablePointer<UInt32>?
        var kindsBase: UnsafeMutablePointer<UInt8>?
        var payloadsBase: UnsafeMutablePointer<Int64>?
        /// Values in rows, kinds and payloads.
        var count: UInt32 = 0
        /// Values rows, kinds and payloads have room for.
        var capacity: UInt32 = 0
        var kindMask: KindMask = 0
        var hasRepeatedRows = false
        var text = RawBuffer<UInt8>()
        var textBase = 0

        /// Storage of `count` uninitialised values, which the caller fills through the bases.
        init(uninitializedCount count: Int = 0) {
            guard count > 0 else { return }
            reserveValues(capacity: count)
            self.count = UInt32(count)
        }

        var rows: RawBuffer<UInt32> { RawBuffer(base: rowsBase, count: count, capacity: capacity) }
        var kinds: RawBuffer<UInt8> { RawBuffer(base: kindsBase, count: count, capacity: capacity) }
        var payloads: RawBuffer<Int64> {
            RawBuffer(base: payloadsBase, count: count, capacity: capacity)
        }

        /// Frees every buffer; the storage is left without values.
        mutating func deallocate() {
            rows.deallocate()
            kinds.deallocate()
            payloads.deallocate()
            text.deallocate()
            self = Storage()
        }

        /// Grows rows, kinds and payloads to room for `newCapacity` values; keeps the values.
        private mutating func reserveValues(capacity newCapacity: Int) {
            guard newCapacity <= Int(UInt32.max) else {
                fatalError(
                    "A column cannot hold \(newCapacity) values; a batch column holds at most \(UInt32.max)."
                )
            }
            var rows = self.rows
            var kinds = self.kinds
            var payloads = self.payloads
            rows.reserve(capacity: newCapacity)
            kinds.reserve(capacity: newCapacity)
            payloads.reserve(capacity: newCapacity)
            (rowsBase, kindsBase, payloadsBase) = (rows.base, kinds.base, payloads.base)
            capacity = UInt32(newCapacity)
        }
    }
}
