/// One column's values for a batch of rows, built by the caller row by row.
///
/// Non-null values are stored densely in one typed array (strings and JSON in one contiguous
/// byte buffer plus end offsets), with one definition level byte per row, so appending never
/// allocates per value and the writer encodes straight from this storage. The buffer is a
/// value type: `ParquetFileWriter.write` only reads it, and the caller may reuse it after
/// `removeAll(keepingCapacity: true)`.
///
/// Appending a value of the wrong type is a programming error and traps with the types named.
public struct ParquetColumnBuffer: Sendable {
    public let type: ParquetColumnType
    /// 1 for a present value, 0 for a null; one entry per row.
    @usableFromInline var definitionLevels: [UInt8] = []
    @usableFromInline var booleans: [Bool] = []
    @usableFromInline var int32s: [Int32] = []
    @usableFromInline var int64s: [Int64] = []
    @usableFromInline var doubles: [Double] = []
    /// Concatenated UTF-8 of every non-null string value.
    @usableFromInline var bytes = ByteStorage()
    /// End offset in `bytes` of each non-null string value; value i spans
    /// `(i == 0 ? 0 : ends[i - 1])..<ends[i]`.
    @usableFromInline var ends: [Int] = []
    /// Rows appended as null.
    public private(set) var nullCount = 0

    public init(type: ParquetColumnType) {
        self.type = type
    }

    /// Rows appended so far, nulls included.
    @inlinable public var count: Int { definitionLevels.count }

    /// Bytes the stored rows occupy, a proxy for their encoded size.
    public var estimatedByteSize: Int {
        let values = booleans.count + int32s.count * 4 + int64s.count * 8 + doubles.count * 8
        return definitionLevels.count + values + bytes.count + ends.count * 4
    }

    /// Reserves room for `rows` more rows, and for strings `utf8Bytes` more bytes, so a
    /// caller that knows its batch size appends without reallocating.
    public mutating func reserveCapacity(rows: Int, utf8Bytes: Int = 0) {
        definitionLevels.reserveCapacity(definitionLevels.count + rows)
        switch type {
        case .boolean: booleans.reserveCapacity(booleans.count + rows)
        case .int32, .date: int32s.reserveCapacity(int32s.count + rows)
        case .int64, .timestampMicros: int64s.reserveCapacity(int64s.count + rows)
        case .double: doubles.reserveCapacity(doubles.count + rows)
        case .string, .json:
            ends.reserveCapacity(ends.count + rows)
            bytes.reserveCapacity(bytes.count + utf8Bytes)
        }
    }

    public mutating func appendNull() {
        definitionLevels.append(0)
        nullCount += 1
    }

    /// Appends `count` nulls at once, as cheap as one.
    public mutating func appendNulls(_ count: Int) {
        definitionLevels.append(contentsOf: repeatElement(0, count: count))
        nullCount += count
    }

    @inlinable public mutating func append(_ value: Bool) {
        precondition(type == .boolean, "append(Bool) on a \(type) column")
        booleans.append(value)
        definitionLevels.append(1)
    }

    /// For `.int32` and `.date` (days since 1970-01-01) columns.
    @inlinable public mutating func append(_ value: Int32) {
        precondition(type == .int32 || type == .date, "append(Int32) on a \(type) column")
        int32s.append(value)
        definitionLevels.append(1)
    }

    /// For `.int64` and `.timestampMicros` (microseconds since the epoch, UTC) columns.
    @inlinable public mutating func append(_ value: Int64) {
        precondition(
            type == .int64 || type == .timestampMicros, "append(Int64) on a \(type) column")
        int64s.append(value)
        definitionLevels.append(1)
    }

    @inlinable public mutating func append(_ value: Double) {
        precondition(type == .double, "append(Double) on a \(type) column")
        doubles.append(value)
        definitionLevels.append(1)
    }

    /// For `.string` and `.json` columns.
    public mutating func append(string value: String) {
        var value = value
        value.withUTF8 { append(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// For `.string` and `.json` columns; the bytes are copied and must be valid UTF-8.
    @inlinable public mutating func append(utf8 value: UnsafeRawBufferPointer) {
        precondition(type == .string || type == .json, "append(utf8:) on a \(type) column")
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
        definitionLevels.append(1)
    }

    public mutating func removeAll(keepingCapacity: Bool = false) {
        definitionLevels.removeAll(keepingCapacity: keepingCapacity)
        booleans.removeAll(keepingCapacity: keepingCapacity)
        int32s.removeAll(keepingCapacity: keepingCapacity)
        int64s.removeAll(keepingCapacity: keepingCapacity)
        doubles.removeAll(keepingCapacity: keepingCapacity)
        bytes.removeAll(keepingCapacity: keepingCapacity)
        ends.removeAll(keepingCapacity: keepingCapacity)
        nullCount = 0
    }

    /// Non-null values stored, whatever the type.
    var valueCount: Int { count - nullCount }
}
