extension ParquetColumnBuffer {
    /// Writes one definition level per element of `indexes` to `levels` (0 where the element
    /// is `null`, else 1) and the other elements, in order, to `values`; returns how many
    /// are present and the largest of them (0 when none is). Both targets have room for
    /// `indexes.count` elements.
    ///
    /// Eight elements at a time are checked as four 64-bit words: a group of nulls only (the
    /// common case in a sparse column) or of values only costs a few instructions instead of
    /// a few per element; a mixed group goes element by element.
    static func splitIndexes(
        _ indexes: UnsafeBufferPointer<UInt32>, null: UInt32?,
        levels: UnsafeMutablePointer<UInt8>, values: UnsafeMutablePointer<UInt32>
    ) -> (present: Int, largest: Int) {
        guard let source = indexes.baseAddress else { return (0, 0) }
        guard let null else {
            levels.initialize(repeating: 1, count: indexes.count)
            values.update(from: source, count: indexes.count)
            return (indexes.count, Int(indexes.max() ?? 0))
        }

        var (row, present, largest) = (0, 0, UInt32(0))
        let pattern = UInt64(null) &* 0x1_0000_0001
        let raw = UnsafeRawPointer(source)
        while row + 8 <= indexes.count {
            let words = (
                raw.loadUnaligned(fromByteOffset: row * 4, as: UInt64.self) ^ pattern,
                raw.loadUnaligned(fromByteOffset: row * 4 + 8, as: UInt64.self) ^ pattern,
                raw.loadUnaligned(fromByteOffset: row * 4 + 16, as: UInt64.self) ^ pattern,
                raw.loadUnaligned(fromByteOffset: row * 4 + 24, as: UInt64.self) ^ pattern
            )
            if words.0 | words.1 | words.2 | words.3 == 0 {
                UnsafeMutableRawPointer(levels + row).storeBytes(of: UInt64(0), as: UInt64.self)
            } else if !hasNullLane(words.0) && !hasNullLane(words.1) && !hasNullLane(words.2)
                && !hasNullLane(words.3)
            {
                UnsafeMutableRawPointer(levels + row).storeBytes(
                    of: UInt64(0x0101_0101_0101_0101), as: UInt64.self)
                (values + present).update(from: source + row, count: 8)
                for lane in 0..<8 { largest = max(largest, source[row + lane]) }
                present += 8
            } else {
                present = splitOne(source, row..<row + 8, null, levels, values, present, &largest)
            }
            row += 8
        }
        present = splitOne(source, row..<indexes.count, null, levels, values, present, &largest)
        return (present, Int(largest))
    }

    /// Whether either 32-bit half of `word` (an index pair xor the null pattern) is zero:
    /// subtracting 1 from a zero half borrows into its top bit, which a nonzero half whose
    /// top bit is clear cannot do while that bit is also clear in `word`.
    @inline(__always)
    private static func hasNullLane(_ word: UInt64) -> Bool {
        (word &- 0x1_0000_0001) & ~word & 0x8000_0000_8000_0000 != 0
    }

    /// `splitIndexes` for `rows`, one element at a time; returns the new present count.
    @inline(__always)
    private static func splitOne(
        _ source: UnsafePointer<UInt32>, _ rows: Range<Int>, _ null: UInt32,
        _ levels: UnsafeMutablePointer<UInt8>, _ values: UnsafeMutablePointer<UInt32>,
        _ present: Int, _ largest: inout UInt32
    ) -> Int {
        var present = present
        for row in rows {
            let index = source[row]
            let isPresent = index != null
            levels[row] = isPresent ? 1 : 0
            values[present] = index
            present += isPresent ? 1 : 0
            largest = isPresent ? max(largest, index) : largest
        }
        return present
    }
}
