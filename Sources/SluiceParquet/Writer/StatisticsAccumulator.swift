// parquet.thrift `Statistics` and `ColumnOrder` TYPE_ORDER: signed order for BOOLEAN
// (false < true), INT32, INT64 and DOUBLE; unsigned byte-wise order for BYTE_ARRAY. For
// DOUBLE, NaN is left out of min/max and counted in nan_count, a zero min is written as -0.0
// and a zero max as +0.0.

/// Running min/max/null/NaN counts of one column chunk, fed straight from value buffers.
struct StatisticsAccumulator {
    let physicalType: PhysicalType
    private(set) var nullCount: Int64 = 0
    private(set) var nanCount: Int64 = 0
    private(set) var hasMinMax = false
    private var minInteger = Int64.max
    private var maxInteger = Int64.min
    private var minDouble = Double.infinity
    private var maxDouble = -Double.infinity
    private var minBytes: ByteArrayBound?
    private var maxBytes: ByteArrayBound?

    init(physicalType: PhysicalType) {
        self.physicalType = physicalType
    }

    mutating func reset() {
        self = StatisticsAccumulator(physicalType: physicalType)
    }

    mutating func addNulls(_ count: Int) {
        nullCount += Int64(count)
    }

    mutating func observe(_ values: UnsafeBufferPointer<Bool>) {
        guard !values.isEmpty else { return }
        let anyTrue = values.contains(true)
        let anyFalse = values.contains(false)
        minInteger = min(minInteger, anyFalse ? 0 : 1)
        maxInteger = max(maxInteger, anyTrue ? 1 : 0)
        hasMinMax = true
    }

    mutating func observe<T: FixedWidthInteger & SignedInteger>(_ values: UnsafeBufferPointer<T>) {
        guard !values.isEmpty else { return }
        var low = T.max
        var high = T.min
        for value in values {
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        minInteger = Swift.min(minInteger, Int64(low))
        maxInteger = Swift.max(maxInteger, Int64(high))
        hasMinMax = true
    }

    mutating func observe(_ values: UnsafeBufferPointer<Double>) {
        var low = Double.infinity
        var high = -Double.infinity
        var nans = 0
        for value in values {
            if value.isNaN {
                nans += 1
            } else {
                low = Swift.min(low, value)
                high = Swift.max(high, value)
            }
        }
        nanCount += Int64(nans)
        guard nans < values.count else { return }
        minDouble = Swift.min(minDouble, low)
        maxDouble = Swift.max(maxDouble, high)
        hasMinMax = true
    }

    /// Observes one byte-array value, compared as unsigned bytes.
    @inline(__always)
    mutating func observe(bytes value: UnsafeRawBufferPointer) {
        let key = ByteArrayBound.Key(of: value)
        guard hasMinMax else {
            (minBytes, maxBytes) = (
                ByteArrayBound(value, key: key), ByteArrayBound(value, key: key)
            )
            hasMinMax = true
            return
        }
        // A new minimum cannot be a new maximum as well.
        if minBytes!.isGreater(than: value, key) {
            minBytes!.replace(with: value, key: key)
        } else if maxBytes!.isLess(than: value, key) {
            maxBytes!.replace(with: value, key: key)
        }
    }

    /// The first 8 bytes, zero padded, as a big-endian integer: when two values' prefixes
    /// differ, they order the values as unsigned byte-wise comparison would.
    @inline(__always)
    static func prefix(of value: UnsafeRawBufferPointer) -> UInt64 {
        if value.count >= 8 { return UInt64(bigEndian: value.loadUnaligned(as: UInt64.self)) }
        var result: UInt64 = 0
        for index in 0..<value.count { result |= UInt64(value[index]) << (56 - 8 * index) }
        return result
    }

    /// The footer's bounds: PLAIN encoded, byte arrays shortened to about `truncateBytes`
    /// (0 keeps them whole), nil when there are none.
    func footerBounds(truncateBytes: Int) -> FooterBounds? {
        guard hasMinMax else { return nil }
        switch physicalType {
        case .boolean: return FooterBounds([UInt8(minInteger)], [UInt8(maxInteger)])
        case .int32:
            return FooterBounds(
                Self.littleEndian(Int32(minInteger)), Self.littleEndian(Int32(maxInteger)))
        case .int64:
            return FooterBounds(Self.littleEndian(minInteger), Self.littleEndian(maxInteger))
        case .double:
            let (low, high) = signedZeroBounds
            return FooterBounds(
                Self.littleEndian(low.bitPattern), Self.littleEndian(high.bitPattern))
        case .byteArray:
            let low = StatisticsTruncation.lowerBound(minBytes!.bytes, limit: truncateBytes)
            let high = StatisticsTruncation.upperBound(maxBytes!.bytes, limit: truncateBytes)
            return FooterBounds(low.bytes, high.bytes, low.isExact, high.isExact)
        }
    }

    /// The same bounds in the public API's terms.
    func summaryBounds(truncateBytes: Int) -> (
        min: ParquetStatisticValue, max: ParquetStatisticValue, FooterBounds
    )? {
        guard let bounds = footerBounds(truncateBytes: truncateBytes) else { return nil }
        switch physicalType {
        case .boolean: return (.boolean(minInteger == 1), .boolean(maxInteger == 1), bounds)
        case .int32: return (.int32(Int32(minInteger)), .int32(Int32(maxInteger)), bounds)
        case .int64: return (.int64(minInteger), .int64(maxInteger), bounds)
        case .double: return (.double(signedZeroBounds.0), .double(signedZeroBounds.1), bounds)
        case .byteArray: return (.bytes(bounds.min), .bytes(bounds.max), bounds)
        }
    }

    /// TYPE_ORDER wants a zero minimum written as -0.0 and a zero maximum as +0.0.
    private var signedZeroBounds: (Double, Double) {
        (minDouble == 0 ? -0.0 : minDouble, maxDouble == 0 ? 0.0 : maxDouble)
    }

    private static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}

/// PLAIN encoded bounds and whether each is the actual extreme value.
struct FooterBounds {
    var min: [UInt8]
    var max: [UInt8]
    var isMinExact = true
    var isMaxExact = true

    init(_ min: [UInt8], _ max: [UInt8], _ isMinExact: Bool = true, _ isMaxExact: Bool = true) {
        (self.min, self.max, self.isMinExact, self.isMaxExact) = (min, max, isMinExact, isMaxExact)
    }
}
