extension ColumnValues {
    /// A column's arrays and what appending them tracks, kept apart from the object so that
    /// `ColumnBatch` appends through an `UnsafeMutablePointer`: a method called on the
    /// column through an unretained reference would cost a closure call per value, and a
    /// retained one reference counting.
    ///
    /// Rows, kinds and payloads share one count and one capacity, and every field an append
    /// touches sits in the first 64 bytes (the first 40 for a value without text), so an
    /// append reads one cache line of the storage, two when the allocation straddles a line
    /// boundary; a batch appends to dozens of columns per event, and the old layout (116
    /// bytes, counts after their buffers) always took two. The storage is deliberately not
    /// allocated line-aligned: an aligned allocation cost about 110 bytes more per column
    /// (measured over a night of 300,000 distinct keys, one column each).
    ///
    /// The buffers do not free themselves: the owning `ColumnValues` frees them in `deinit`.
    struct Storage {
        var rowsBase: UnsafeMutablePointer<UInt32>?
        var kindsBase: UnsafeMutablePointer<UInt8>?
        var payloadsBase: UnsafeMutablePointer<Int64>?
        /// Values in rows, kinds and payloads.
        var count: UInt32 = 0
        /// Values rows, kinds and payloads have room for.
        var capacity: UInt32 = 0
        /// The row of the last value appended.
        var lastRow: UInt32 = .max
        var kindMask: KindMask = 0
        var hasRepeatedRows = false
        var text = RawBuffer<UInt8>()
        var textBase = 0

        /// The bytes from the start of a `Storage` that every append may touch.
        static let hotBytes = 64

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

        /// Appends a value without text to `row`, which is the row of the last value or a
        /// later one.
        @inline(__always)
        mutating func append(row: UInt32, kind: ValueKind, payload: Int64) {
            if row == lastRow { hasRepeatedRows = true }
            lastRow = row
            if count == capacity { growValues() }
            let index = Int(count)
            rowsBase.unsafelyUnwrapped[index] = row
            kindsBase.unsafelyUnwrapped[index] = kind.rawValue
            payloadsBase.unsafelyUnwrapped[index] = payload
            count &+= 1
            kindMask |= kind.bit
        }

        /// Appends a text value to `row`: `number` (a number's 8 bytes, when the kind has
        /// one), then `bytes`.
        @inline(__always)
        mutating func append(
            row: UInt32, kind: ValueKind, number: Int64?, bytes: UnsafeRawBufferPointer
        ) {
            if let number { text.append(raw: number) }
            let ref = TextRef.make(offset: text.count, length: bytes.count)
            append(row: row, kind: kind, payload: ref)
            text.append(bytes: bytes)
        }

        /// Doubles the capacity of rows, kinds and payloads together.
        @inline(never)
        private mutating func growValues() {
            let doubled = Swift.max(Int(capacity) * 2, RawBuffer<UInt32>.initialCapacity)
            reserveValues(capacity: doubled)
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
