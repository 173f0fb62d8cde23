import SluiceJSON

/// Bookkeeping of one stored row: which dedupe candidate it belongs to and how it sorts.
struct RowHeader: Sendable {
    var candidate: Int32
    var receivedAt: Int64
    var partitionMicros: Int64
    var file: Int32
    var line: Int32
}

/// The rows one worker thread has built for one table since it last spilled, stored column
/// by column (`ColumnValues` per key) until the run knows every table's schema and the
/// dedupe winners.
///
/// A row is a `RowHeader` plus its values by key. Every value costs 13 bytes (row, kind,
/// payload); a string the worker's `StringInterner` takes keeps its 4-byte id in the payload,
/// and only other strings add their text. A row keeps every value given for a key, in order
/// (canonically equivalent member names give one key two values); readers take the first,
/// and the batch lists the others (`takeRepeats`) for the worker to report as discards.
/// Not thread-safe: each worker owns its batches.
struct ColumnBatch {
    /// The most a batch holds before its worker spills it, whatever the row memory budget:
    /// text references are 32-bit offsets into a column's text, so a column must stay under
    /// 4 GiB, and 1 GiB leaves room for the largest line on top.
    static let maximumBytes = 1 << 30

    let interner: StringInterner
    private(set) var headers: [RowHeader] = []
    /// The batch's columns, in the order their keys were first met.
    private(set) var columns: [ColumnValues] = []
    /// The storage of `columns` again with their key dictionaries, unretained, so that
    /// appending a value costs one array read, no reference counting and no call; valid
    /// while `columns` and the interner hold them.
    private var slots: [Slot] = []
    /// The key of each of `columns`.
    private(set) var keys: [UInt32] = []
    /// Key to index in `columns` plus one; 0 for a key without a column yet.
    private var slotOfKey: [Int32] = []
    /// Text built by writing (decoded strings, compact JSON) before it is interned or
    /// stored, kept for its capacity.
    private var scratch: [UInt8] = []
    /// Text bytes offered since the batch was last emptied, interned or not, which
    /// `maximumBytes` caps: an over-count of the stored text, so the cap holds.
    private(set) var textBytes = 0
    /// Values appended to a row that already held a value of their key, as (column index,
    /// value index), since `takeRepeats()`. A column keeps a row's first value, so the
    /// caller must report these or they are lost.
    private(set) var repeats: [(column: Int, value: Int)] = []
    /// The row values are appended to: the last one begun (`headers.count - 1`), kept apart
    /// so that an append reads one field instead of the headers' array.
    private var currentRow: UInt32 = .max

    init(interner: StringInterner) {
        self.interner = interner
    }

    var rowCount: Int { headers.count }

    /// The bytes the batch has allocated for rows, spare capacity included: what the row
    /// memory budget is checked against.
    var memoryBytes: Int {
        headers.capacity * MemoryLayout<RowHeader>.stride + slotOfKey.capacity * 4
            + slots.capacity * MemoryLayout<Slot>.stride
            + columns.reduce(0) { $0 + $1.allocatedBytes + ColumnValues.overheadBytes }
    }

    /// The batch's columns, moved out; the batch is left empty.
    mutating func takeColumns() -> [ColumnValues] {
        var taken: [ColumnValues] = []
        swap(&taken, &columns)
        removeAll()
        return taken
    }

    /// Drops every row and column, e.g. after they were sealed.
    mutating func removeAll() {
        headers.removeAll()
        currentRow = .max
        columns.removeAll()
        slots.removeAll()
        keys.removeAll()
        slotOfKey.removeAll()
        repeats.removeAll()
        textBytes = 0
    }

    /// Starts a new row; values appended next belong to it.
    mutating func beginRow(_ header: RowHeader) {
        headers.append(header)
        currentRow = UInt32(headers.count - 1)
    }

    /// Appends a value without text (`null`, `bool`, a timestamp).
    mutating func append(key: UInt32, kind: ValueKind, payload: Int64) {
        let row = currentRow
        assert(row != .max, "a value appended to a batch before any row was begun")
        let index = slot(key)
        let values = slots.withUnsafeBufferPointer { $0[index].values }
        if values.pointee.lastRow == row { noteRepeat(column: index) }
        values.pointee.append(row: row, kind: kind, payload: payload)
    }

    mutating func append(key: UInt32, timestamp micros: Int64?) {
        guard let micros else { return }
        append(key: key, kind: .timestamp, payload: micros)
    }

    /// Appends a value of `kind` whose text is `text`: a string's raw bytes (interned when the
    /// key's dictionary takes them), or a number as written with its value in `payload` (an
    /// `Int64` for `.integer`, a `Double` bit pattern for `.fraction`).
    mutating func append(
        key: UInt32, kind: ValueKind, payload: Int64, text: UnsafeRawBufferPointer
    ) {
        let row = currentRow
        assert(row != .max, "a value appended to a batch before any row was begun")
        textBytes += text.count
        let index = slot(key)
        let values = slots.withUnsafeBufferPointer { $0[index].values }
        if values.pointee.lastRow == row { noteRepeat(column: index) }

        switch kind {
        case .string:
            if let id = intern(text, at: index, key: key) {
                values.pointee.append(row: row, kind: .internedString, payload: Int64(id))
            } else {
                values.pointee.append(row: row, kind: .string, number: nil, bytes: text)
            }
        case .integer where payload == 0 && text.count != 1:
            // Only `-0` is an Int64 written otherwise than its decimal form.
            values.pointee.append(row: row, kind: .integerText, number: payload, bytes: text)
        case .integer:
            values.pointee.append(row: row, kind: .integer, payload: payload)
        case .fraction:
            values.pointee.append(row: row, kind: .fraction, number: payload, bytes: text)
        default:
            values.pointee.append(row: row, kind: kind, number: nil, bytes: text)
        }
    }

    /// The batch's scratch array, emptied and moved out, for a caller to build a value's text
    /// in (decoded strings, compact JSON) and hand back with `append(key:kind:built:)`; it
    /// keeps its capacity from value to value, so building allocates nothing once grown.
    mutating func takeScratch() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &scratch)
        taken.removeAll(keepingCapacity: true)
        return taken
    }

    /// Appends a value of `kind` (`.string` or `.structured`) whose text the caller built in
    /// `text` (from `takeScratch`), and takes the array back as the scratch.
    mutating func append(key: UInt32, kind: ValueKind, built text: inout [UInt8]) {
        text.withUnsafeBytes { append(key: key, kind: kind, payload: 0, text: $0) }
        swap(&text, &scratch)
    }

    mutating func append(key: UInt32, string: String?) {
        guard var string else { return }
        string.withUTF8 {
            append(key: key, kind: .string, payload: 0, text: UnsafeRawBufferPointer($0))
        }
    }

    /// Appends a JSON value as one value; objects and arrays are stored as compact JSON.
    mutating func append(key: UInt32, value: JSONValue) {
        switch value {
        case .null:
            append(key: key, kind: .null, payload: 0)
        case .bool(let b):
            append(key: key, kind: .bool, payload: b ? 1 : 0)
        case .string(let s):
            append(key: key, string: s)
        case .number(let n):
            var text = n.text
            let kind: ValueKind = n.int64 != nil ? .integer : .fraction
            let payload = n.int64 ?? Int64(bitPattern: n.double.bitPattern)
            text.withUTF8 {
                append(key: key, kind: kind, payload: payload, text: UnsafeRawBufferPointer($0))
            }
        case .array, .object:
            var text = takeScratch()
            value.appendJSON(to: &text)
            append(key: key, kind: .structured, built: &text)
        }
    }

    /// The repeats noted since the last call, each as its key and its value's JSON text as
    /// the event wrote it; the list is emptied.
    mutating func takeRepeats() -> [(key: UInt32, json: String)] {
        defer { repeats.removeAll() }
        return repeats.map { noted in
            let dictionary = slots[noted.column].dictionary?.takeUnretainedValue()
            let cursor = ValueCursor(
                columns[noted.column], at: noted.value, dictionary: dictionary, worker: 0,
                key: keys[noted.column])
            return (keys[noted.column], cursor.jsonText)
        }
    }

    /// Notes that the value about to be appended to column `column` repeats its row.
    @inline(never)
    private mutating func noteRepeat(column: Int) {
        let count = slots.withUnsafeBufferPointer { $0[column].values }.pointee.count
        repeats.append((column, Int(count)))
    }

    /// The id of `text` in the dictionary of slot `index`, which is made on the key's first
    /// string (keys of numbers, times and objects never get one); nil when the value is stored
    /// as text instead.
    ///
    /// A slot drops a dictionary it finds closed: closing is for good, so every later value of
    /// the key is stored as text without reading the dictionary object, which for the keys
    /// that close (ids, free text) is a cache miss on nearly every value.
    @inline(__always)
    private mutating func intern(
        _ text: UnsafeRawBufferPointer, at index: Int, key: UInt32
    ) -> UInt32? {
        let dictionary = slots.withUnsafeBufferPointer { $0[index].dictionary }
        if let dictionary {
            let id = dictionary._withUnsafeGuaranteedRef { $0.intern(text) }
            if id == nil { dropDictionaryIfClosed(at: index) }
            return id
        }
        guard !slots[index].hasAskedForDictionary else { return nil }
        slots[index].hasAskedForDictionary = true
        slots[index].dictionary = interner.dictionaryForInterning(key).map(
            Unmanaged.passUnretained)
        return slots[index].dictionary?._withUnsafeGuaranteedRef { $0.intern(text) }
    }

    /// Forgets slot `index`'s dictionary once it is closed; `hasAskedForDictionary` stays set,
    /// so the slot stores text from then on.
    @inline(never)
    private mutating func dropDictionaryIfClosed(at index: Int) {
        guard let dictionary = slots[index].dictionary,
            dictionary._withUnsafeGuaranteedRef({ $0.isClosed })
        else { return }
        slots[index].dictionary = nil
    }

    /// The index in `columns` of `key`'s column, added on first use.
    @inline(__always)
    private mutating func slot(_ key: UInt32) -> Int {
        let index = Int(key)
        if index < slotOfKey.count {
            let slot = slotOfKey[index]
            if slot > 0 { return Int(slot) - 1 }
        }
        return addColumn(key)
    }

    private mutating func addColumn(_ key: UInt32) -> Int {
        let index = Int(key)
        if index >= slotOfKey.count {
            slotOfKey += Array(repeating: 0, count: index + 1 - slotOfKey.count)
        }
        let column = ColumnValues()
        columns.append(column)
        slots.append(Slot(values: column.storage))
        keys.append(key)
        slotOfKey[index] = Int32(columns.count)
        return columns.count - 1
    }
}

/// A column of a batch, as the storage values are appended to, with the dictionary of its
/// key, unretained. Sendable as the batch is: only the thread that owns the batch follows
/// the pointer.
private struct Slot: @unchecked Sendable {
    let values: UnsafeMutablePointer<ColumnValues.Storage>
    /// Set on the key's first string; nil again once the slot finds it closed.
    var dictionary: Unmanaged<KeyDictionary>?
    var hasAskedForDictionary = false

    init(values: UnsafeMutablePointer<ColumnValues.Storage>) {
        self.values = values
    }
}
