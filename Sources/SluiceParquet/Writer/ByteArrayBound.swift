// parquet.thrift `ColumnOrder` TYPE_ORDER for BYTE_ARRAY: unsigned byte-wise comparison,
// a proper prefix sorting first.

/// One byte-array bound of a column chunk's statistics, its min or its max, kept with its
/// first 16 bytes as two big-endian words: comparing those words orders most pairs of
/// values, so only values that share 16 bytes compare their bytes.
struct ByteArrayBound {
    private(set) var bytes: [UInt8]
    private var key: Key

    /// The first 16 bytes of a value, zero padded, as two big-endian words.
    struct Key: Equatable {
        var high: UInt64
        var low: UInt64

        @inline(__always)
        init(of value: UnsafeRawBufferPointer) {
            let count = value.count
            guard count >= 8 else {
                (high, low) = (StatisticsAccumulator.prefix(of: value), 0)
                return
            }
            high = UInt64(bigEndian: value.loadUnaligned(as: UInt64.self))
            if count >= 16 {
                low = UInt64(bigEndian: value.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            } else if count > 8 {
                // The last 8 bytes, shifted so that bytes 8..<count lead and zeros follow.
                let last = UInt64(
                    bigEndian: value.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
                low = last << UInt64(8 * (16 - count))
            } else {
                low = 0
            }
        }
    }

    init(_ value: UnsafeRawBufferPointer, key: Key) {
        bytes = Array(value)
        self.key = key
    }

    mutating func replace(with value: UnsafeRawBufferPointer, key: Key) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: value)
        self.key = key
    }

    /// Whether `value`, whose key is `valueKey`, sorts before this bound.
    @inline(__always)
    func isGreater(than value: UnsafeRawBufferPointer, _ valueKey: Key) -> Bool {
        compare(value, valueKey) < 0
    }

    /// Whether `value`, whose key is `valueKey`, sorts after this bound.
    @inline(__always)
    func isLess(than value: UnsafeRawBufferPointer, _ valueKey: Key) -> Bool {
        compare(value, valueKey) > 0
    }

    /// Negative, zero or positive as `value` sorts before, with or after this bound.
    @inline(__always)
    private func compare(_ value: UnsafeRawBufferPointer, _ valueKey: Key) -> Int {
        if valueKey.high != key.high { return valueKey.high < key.high ? -1 : 1 }
        if valueKey.low != key.low { return valueKey.low < key.low ? -1 : 1 }
        // Equal padded first 16 bytes: a value of at most 16 bytes is a prefix of the other.
        guard value.count > 16 && bytes.count > 16 else { return value.count - bytes.count }
        return Self.compareTails(value, bytes)
    }

    /// Compares two values of more than 16 bytes whose first 16 bytes are equal, 8 bytes at
    /// a time as big-endian words; the last word of their common part overlaps the one
    /// before, which compared equal.
    private static func compareTails(_ value: UnsafeRawBufferPointer, _ bound: [UInt8]) -> Int {
        bound.withUnsafeBytes { bound in
            let common = min(value.count, bound.count)
            func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
                UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
            var offset = 16
            while offset < common {
                let at = min(offset, common - 8)
                let (left, right) = (word(value, at), word(bound, at))
                if left != right { return left < right ? -1 : 1 }
                offset += 8
            }
            return value.count - bound.count
        }
    }
}
