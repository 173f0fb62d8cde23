import SluiceParquet

#if canImport(Glibc)
    import Glibc
#endif

/// One column's rows of a row group as `gather` converts them, in raw memory of its own,
/// handed to a `ParquetColumnBuffer` in one call (`append(levels:values:ends:)`): a call
/// into the Parquet module per row costs more than converting most values.
///
/// Offers the buffer's appends under the same names; the caller appends values of the
/// column's type only, as it would to the buffer. Owns its memory until `deinit`; one thread.
struct ColumnStaging: ~Copyable {
    /// Rows it has room for.
    let capacity: Int
    /// Per row, 1 for a value and 0 for a null.
    private let levels: UnsafeMutablePointer<UInt8>
    /// Fixed-width values back to back, 8 bytes of room per row.
    private let fixed: UnsafeMutableRawPointer
    /// For strings, each value's end offset in `text`.
    private let ends: UnsafeMutablePointer<Int>
    private var text = RawBuffer<UInt8>()
    private(set) var count = 0
    private var fixedBytes = 0
    private var valueCount = 0

    /// Room for `rows` rows; appending more is a programming error and traps.
    init(rows: Int) {
        capacity = rows
        levels = .allocate(capacity: max(rows, 1))
        fixed = .allocate(byteCount: max(rows, 1) * 8, alignment: 8)
        ends = .allocate(capacity: max(rows, 1))
    }

    deinit {
        levels.deallocate()
        fixed.deallocate()
        ends.deallocate()
        text.deallocate()
    }

    mutating func appendNull() { appendNulls(1) }

    mutating func appendNulls(_ rows: Int) {
        precondition(count + rows <= capacity, "staging \(count + rows) rows in \(capacity)")
        (levels + count).initialize(repeating: 0, count: rows)
        count += rows
    }

    mutating func append(_ value: Bool) { appendFixed(value) }

    mutating func append(_ value: Int64) { appendFixed(value) }

    mutating func append(_ value: Double) { appendFixed(value) }

    mutating func append(utf8 value: UnsafeRawBufferPointer) {
        appendLevel()
        text.append(bytes: value)
        ends[valueCount] = text.count
        valueCount += 1
    }

    mutating func append(string value: String) {
        var value = value
        value.withUTF8 { append(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Appends every row staged to `buffer`, a plain buffer of the column's type.
    func move(into buffer: inout ParquetColumnBuffer) {
        let levels = UnsafeRawBufferPointer(start: levels, count: count)
        if valueCount > 0 {
            buffer.append(
                levels: levels, values: text.bytes,
                ends: UnsafeBufferPointer(start: ends, count: valueCount))
        } else {
            buffer.append(
                levels: levels, values: UnsafeRawBufferPointer(start: fixed, count: fixedBytes))
        }
    }

    @inline(__always)
    private mutating func appendLevel() {
        precondition(count < capacity, "staging row \(count) in \(capacity)")
        levels[count] = 1
        count += 1
    }

    @inline(__always)
    private mutating func appendFixed<T: BitwiseCopyable>(_ value: T) {
        appendLevel()
        (fixed + fixedBytes).storeBytes(of: value, as: T.self)
        fixedBytes += MemoryLayout<T>.stride
    }
}
