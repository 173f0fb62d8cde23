extension ColumnValues {
    /// A column's arrays and what appending them tracks, kept apart from the object so that
    /// `ColumnBatch` appends through an `UnsafeMutablePointer`: a method called on the
    /// column through an unretained reference would cost a closure call per value, and a
    /// retained one reference counting.
    ///
    /// The buffers do not free themselves: the owning `ColumnValues` frees them in `deinit`.
    struct Storage {
        var rows = RawBuffer<UInt32>()
        var kinds = RawBuffer<UInt8>()
        var payloads = RawBuffer<Int64>()
        var text = RawBuffer<UInt8>()
        var textBase = 0
        var kindMask: KindMask = 0
        /// The row of the last value appended.
        var lastRow: UInt32 = .max
        var hasRepeatedRows = false

        /// Appends a value without text to `row`, which is the row of the last value or a
        /// later one.
        @inline(__always)
        mutating func append(row: UInt32, kind: ValueKind, payload: Int64) {
            if row == lastRow { hasRepeatedRows = true }
            lastRow = row
            // The three arrays always have one length and one capacity, so one check serves
            // all.
            if rows.count == rows.capacity { growValues() }
            rows.appendWithinCapacity(row)
            kinds.appendWithinCapacity(kind.rawValue)
            payloads.appendWithinCapacity(payload)
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
            let capacity = Swift.max(rows.capacity * 2, RawBuffer<UInt32>.initialCapacity)
            rows.reserve(capacity: capacity)
            kinds.reserve(capacity: capacity)
            payloads.reserve(capacity: capacity)
        }
    }
}
