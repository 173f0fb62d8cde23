/// One column's values for a batch of rows, built by the caller row by row, or many rows
/// at a time (`append(levels:values:ends:)`, `append(dictionaryIndexes:nullIndex:)`).
///
/// Non-null values are stored densely in one raw region (strings and JSON as one contiguous
/// run of UTF-8 plus end offsets), with one definition level byte per row, so appending never
/// allocates per value and the writer encodes straight from this storage (`ColumnStorage`).
/// A string or JSON buffer may instead be backed by a `ParquetStringDictionary`: then each
/// value is a `UInt32` index into it (`append(dictionaryIndex:)`), and the writer hashes each
/// distinct entry once per column chunk instead of every value. Either way the encoded column
/// chunk is the same, byte for byte.
///
/// The buffer is a value type, copied on write: `ParquetFileWriter.write` and
/// `ParquetColumnChunkEncoder.encode` only read it (any number of threads may read one
/// buffer at once), and the caller may reuse it after `removeAll(keepingCapacity: true)`.
///
/// Appending a value of the wrong type, a string to a dictionary-backed buffer, or an index
/// to a plain one is a programming error and traps with the types named.
public struct ParquetColumnBuffer: Sendable {
    public let type: ParquetColumnType
    /// The entries a dictionary-backed buffer's values index; nil for a plain buffer.
    public let dictionary: ParquetStringDictionary?
    /// `dictionary?.count ?? 0`, kept here so checking an index loads no class field.
    private let dictionaryCount: Int
    private var storage = ColumnStorage()
    /// Rows appended as null.
    public private(set) var nullCount = 0

    public init(type: ParquetColumnType) {
        self.type = type
        dictionary = nil
        dictionaryCount = 0
    }

    /// A `.string` or `.json` buffer whose values are indexes into `dictionary`.
    public init(type: ParquetColumnType, dictionary: ParquetStringDictionary) {
        precondition(
            type == .string || type == .json,
            "A dictionary-backed buffer holds strings or JSON, not \(type) values")
        self.type = type
        self.dictionary = dictionary
        dictionaryCount = dictionary.count
    }

    /// Rows appended so far, nulls included. Stored (the levels hold it too) so a caller in
    /// another module reads it without a call.
    public private(set) var count = 0

    /// Bytes the stored rows occupy, a proxy for their encoded size: a byte per row, the
    /// values, and 4 bytes per string value. A dictionary-backed buffer reports what a plain
    /// buffer of the same strings would, which takes a pass over its values.
    public var estimatedByteSize: Int {
        let stringCount = storage.ends.count / MemoryLayout<Int>.size
        guard let dictionary else {
            return storage.levels.count + storage.values.count + stringCount * 4
        }
        var utf8Bytes = 0
        dictionary.withUnsafeStorage { _, ends in
            for index in storage.values.buffer(of: UInt32.self) {
                let entry = Int(index)
                utf8Bytes += ends[entry] - (entry == 0 ? 0 : ends[entry - 1])
            }
        }
        return storage.levels.count + utf8Bytes + valueCount * 4
    }

    /// At least `estimatedByteSize`, and equal to it for a plain buffer; for a
    /// dictionary-backed one it counts every value as the longest entry, without a pass.
    var estimatedByteSizeBound: Int {
        guard let dictionary else { return estimatedByteSize }
        return storage.levels.count + valueCount * (dictionary.maxEntryByteCount + 4)
    }

    /// Reserves room for `rows` more rows, and for strings `utf8Bytes` more bytes, so a
    /// caller that knows its batch size appends without reallocating.
    public mutating func reserveCapacity(rows: Int, utf8Bytes: Int = 0) {
        let storage = uniqueStorage()
        storage.levels.reserve(rows)
        switch type {
        case .boolean: storage.values.reserve(rows * MemoryLayout<Bool>.stride)
        case .int32, .date: storage.values.reserve(rows * MemoryLayout<Int32>.stride)
        case .int64, .timestampMicros: storage.values.reserve(rows * MemoryLayout<Int64>.stride)
        case .double: storage.values.reserve(rows * MemoryLayout<Double>.stride)
        case .string, .json:
            if dictionary != nil {
                storage.values.reserve(rows * MemoryLayout<UInt32>.stride)
            } else {
                storage.ends.reserve(rows * MemoryLayout<Int>.stride)
                storage.values.reserve(utf8Bytes)
            }
        }
    }

    public mutating func appendNull() {
        uniqueStorage().levels.append(UInt8(0))
        nullCount += 1
        count += 1
    }

    /// Appends `count` nulls at once, as cheap as one.
    public mutating func appendNulls(_ count: Int) {
        guard count > 0 else { return }
        uniqueStorage().levels.append(repeating: 0, count: count)
        nullCount += count
        self.count += count
    }

    public mutating func append(_ value: Bool) {
        precondition(type == .boolean, "append(Bool) on a \(type) column")
        appendValue(value)
    }

    /// For `.int32` and `.date` (days since 1970-01-01) columns.
    public mutating func append(_ value: Int32) {
        precondition(type == .int32 || type == .date, "append(Int32) on a \(type) column")
        appendValue(value)
    }

    /// For `.int64` and `.timestampMicros` (microseconds since the epoch, UTC) columns.
    public mutating func append(_ value: Int64) {
        precondition(
            type == .int64 || type == .timestampMicros, "append(Int64) on a \(type) column")
        appendValue(value)
    }

    public mutating func append(_ value: Double) {
        precondition(type == .double, "append(Double) on a \(type) column")
        appendValue(value)
    }

    /// For `.string` and `.json` columns.
    public mutating func append(string value: String) {
        var value = value
        value.withUTF8 { append(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// For plain `.string` and `.json` buffers; the bytes are copied and must be valid UTF-8.
    public mutating func append(utf8 value: UnsafeRawBufferPointer) {
        precondition(type == .string || type == .json, "append(utf8:) on a \(type) column")
        precondition(
            dictionary == nil,
            "append(utf8:) on a dictionary-backed \(type) buffer; use append(dictionaryIndex:)")
        let storage = uniqueStorage()
        storage.values.append(value)
        storage.ends.append(storage.values.count)
        storage.levels.append(UInt8(1))
        count += 1
    }

    /// For dictionary-backed buffers: a row whose value is entry `index` of `dictionary`.
    public mutating func append(dictionaryIndex index: UInt32) {
        precondition(
            Int(index) < dictionaryCount,
            "append(dictionaryIndex: \(index)) past the end of a dictionary of \(dictionaryCount) entries\(dictionary == nil ? " (the buffer is not dictionary-backed)" : "")"
        )
        appendValue(index)
    }

    /// For dictionary-backed buffers: one row per element of `indexes`, a null where the
    /// element is `nullIndex` and otherwise that entry of `dictionary`. Costs a few
    /// instructions per row, against a call and a uniqueness check per `append`, for a
    /// caller that builds a column's indexes in an array. An index past the dictionary traps
    /// with the values named, as `append(dictionaryIndex:)` does.
    public mutating func append(
        dictionaryIndexes indexes: UnsafeBufferPointer<UInt32>, nullIndex: UInt32? = nil
    ) {
        let storage = uniqueStorage()
        let levels = storage.levels.spareCapacity(indexes.count).assumingMemoryBound(to: UInt8.self)
        let values = storage.values.spareCapacity(indexes.count * MemoryLayout<UInt32>.stride)
            .assumingMemoryBound(to: UInt32.self)

        // Rows are written past the regions' counts and committed only after the checks.
        let (present, largest) = Self.splitIndexes(
            indexes, null: nullIndex, levels: levels, values: values)
        precondition(
            present == 0 || largest < dictionaryCount,
            "append(dictionaryIndexes:) holds index \(largest), past the end of a dictionary of \(dictionaryCount) entries\(dictionary == nil ? " (the buffer is not dictionary-backed)" : "")"
        )
        storage.levels.didAppend(indexes.count)
        storage.values.didAppend(present * MemoryLayout<UInt32>.stride)
        (count, nullCount) = (count + indexes.count, nullCount + indexes.count - present)
    }

    /// For plain buffers: appends rows built elsewhere in one call. `levels` holds one byte
    /// per row, 1 for a value and 0 for a null; `values` the non-null values as the typed
    /// appends store them (fixed-width values back to back in native byte order, 1 byte for
    /// a `Bool`; for strings and JSON their UTF-8 back to back); `ends`, for strings and JSON
    /// only, each value's end offset in `values`. The bytes are copied. Rows that disagree
    /// with the counts, or a dictionary-backed buffer, are a programming error and trap with
    /// the counts named.
    public mutating func append(
        levels: UnsafeRawBufferPointer, values: UnsafeRawBufferPointer,
        ends: UnsafeBufferPointer<Int> = UnsafeBufferPointer(start: nil, count: 0)
    ) {
        precondition(
            dictionary == nil, "append(levels:values:ends:) on a dictionary-backed \(type) buffer")
        let present = Self.countPresent(levels)
        let isString = type == .string || type == .json
        precondition(
            isString
                ? ends.count == present && (ends.last ?? 0) == values.count
                : ends.isEmpty && values.count == present * type.valueStride,
            "append(levels:values:ends:) on a \(type) column got \(present) values, \(values.count) bytes and \(ends.count) ends"
        )

        let storage = uniqueStorage()
        let offset = storage.values.count
        storage.levels.append(levels)
        storage.values.append(values)
        if isString {
            let target = storage.ends.spareCapacity(ends.count * MemoryLayout<Int>.stride)
                .assumingMemoryBound(to: Int.self)
            var previous = 0
            for (index, end) in ends.enumerated() {
                precondition(
                    end >= previous, "append(levels:values:ends:) got end \(end) after \(previous)")
                (target[index], previous) = (offset + end, end)
            }
            storage.ends.didAppend(ends.count * MemoryLayout<Int>.stride)
        }
        (count, nullCount) = (count + levels.count, nullCount + levels.count - present)
    }

    /// How many of `levels` are 1; a level other than 0 or 1 traps. Reads 8 levels at a
    /// time, where a byte's bits other than the lowest must be clear and the set bits count.
    private static func countPresent(_ levels: UnsafeRawBufferPointer) -> Int {
        let (words, tail) = levels.count.quotientAndRemainder(dividingBy: 8)
        var (present, stray) = (0, UInt64(0))
        for word in 0..<words {
            let eight = levels.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)
            stray |= eight & 0xFEFE_FEFE_FEFE_FEFE
            present += eight.nonzeroBitCount
        }
        for index in levels.count - tail..<levels.count {
            stray |= UInt64(levels[index] & 0xFE)
            present += Int(levels[index])
        }
        precondition(stray == 0, "append(levels:values:ends:) got a definition level above 1")
        return present
    }

    public mutating func removeAll(keepingCapacity: Bool = false) {
        if keepingCapacity && isKnownUniquelyReferenced(&storage) {
            storage.levels.removeAll()
            storage.values.removeAll()
            storage.ends.removeAll()
        } else {
            storage = ColumnStorage()
        }
        (count, nullCount) = (0, 0)
    }

    /// Non-null values stored, whatever the type.
    var valueCount: Int { count - nullCount }

    // The writer's view. The pointers stay valid while this buffer is alive and unchanged,
    // which holds for the duration of a `ParquetFileWriter.write` call.

    /// 1 for a present value, 0 for a null; one entry per row.
    var definitionLevels: UnsafeBufferPointer<UInt8> { storage.levels.buffer(of: UInt8.self) }

    /// The non-null fixed-width values, in row order.
    func values<T>(as type: T.Type) -> UnsafeBufferPointer<T> {
        storage.values.buffer(of: T.self)
    }

    // In a dictionary-backed buffer, `values(as: UInt32.self)` holds each non-null row's
    // entry index, and `utf8` and `ends` do not apply.

    /// Concatenated UTF-8 of every non-null string value.
    var utf8: UnsafeRawBufferPointer { storage.values.bytes }

    /// End offset in `utf8` of each non-null string value; value i spans
    /// `(i == 0 ? 0 : ends[i - 1])..<ends[i]`.
    var ends: UnsafeBufferPointer<Int> { storage.ends.buffer(of: Int.self) }

    @inline(__always)
    private mutating func appendValue<T: BitwiseCopyable>(_ value: T) {
        let storage = uniqueStorage()
        storage.values.append(value)
        storage.levels.append(UInt8(1))
        count += 1
    }

    /// The storage, copied first if another buffer shares it.
    @inline(__always)
    private mutating func uniqueStorage() -> ColumnStorage {
        if !isKnownUniquelyReferenced(&storage) { copyStorage() }
        return storage
    }

    /// Out of line, so that appends, which almost never copy, stay small.
    @inline(never)
    private mutating func copyStorage() {
        storage = ColumnStorage(copying: storage)
    }
}

extension ParquetColumnType {
    /// Bytes a fixed-width value takes in a buffer's storage; 0 for strings and JSON.
    fileprivate var valueStride: Int {
        switch self {
        case .boolean: return MemoryLayout<Bool>.stride
        case .int32, .date: return MemoryLayout<Int32>.stride
        case .int64, .timestampMicros: return MemoryLayout<Int64>.stride
        case .double: return MemoryLayout<Double>.stride
        case .string, .json: return 0
        }
    }
}
