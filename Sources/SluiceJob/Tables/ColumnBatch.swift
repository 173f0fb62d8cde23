import SluiceJSON

/// Bookkeeping of one stored row: which dedupe candidate it belongs to and how it sorts.
struct RowHeader: Sendable {
    /// The candidate's index within its part of the file (`FileOutcome.partStarts`).
    var candidate: Int32
    /// The part of the file the row was read in; 0 for a file read whole.
    var part: Int32 = 0
    var receivedAt: Int64
    var partitionMicros: Int64
    var file: Int32
    var line: Int32
}

/// The rows one worker thread has built for one table since it last spilled, kept as values
/// in the order they were appended, in the worker's `BatchLog`, until the run knows every
/// table's schema and the dedupe winners; sealing turns them into one `ColumnValues` per key.
///
/// A row is a `RowHeader` plus its values by key. Every value costs 16 bytes in the log; a
/// string the worker's `StringInterner` takes keeps its 4-byte id in the payload, and only
/// other strings add their text. A row keeps every value given for a key, in order
/// (canonically equivalent member names give one key two values); readers take the first,
/// and the batch lists the others (`takeRepeats`) for the worker to report as discards.
///
/// Not thread-safe: each worker owns its batches, and a copy of a batch shares its buffers;
/// it is `Sendable` only so that a worker's rows can move to the thread that reads them next.
/// The batches of one log store one row at a time: a row's values are all appended before
/// any batch of the log begins another.
struct ColumnBatch: @unchecked Sendable {
    let interner: StringInterner
    /// Where the batch's values and their text are; shared by the worker's batches.
    let log: BatchLog
    private(set) var headers: [RowHeader] = []
    /// The key of each of the batch's columns, in the order they were first met.
    private(set) var keys: [UInt32] = []
    private let columnState = BatchColumns()
    /// `log`'s and `columnState`'s storage, kept apart so that an append reads no class
    /// field; sealing reads them.
    let logStorage: UnsafeMutablePointer<BatchLog.Storage>
    let state: UnsafeMutablePointer<BatchColumns.Storage>
    /// Values appended to a row that already held a value of their key, as indexes into the
    /// log, since `takeRepeats()`. A column keeps a row's first value, so the caller must
    /// report these or they are lost.
    private(set) var repeats: [Int] = []
    /// The row values are appended to: the last one begun (`headers.count - 1`), kept apart
    /// so that an append reads one field instead of the headers' array.
    private var currentRow: UInt32 = .max
    /// Values appended to `currentRow` so far.
    private var currentRowCount: UInt32 = 0
    /// Text built by writing (decoded strings, compact JSON) before it is interned or
    /// stored, kept for its capacity.
    private var scratch: [UInt8] = []

    /// A batch logging into `log`, or into a log of its own.
    init(interner: StringInterner, log: BatchLog = BatchLog()) {
        self.interner = interner
        self.log = log
        logStorage = log.storage
        state = columnState.storage
    }

    var rowCount: Int { headers.count }

    /// The bytes the batch has allocated for rows, spare capacity included, without the
    /// log's: the row memory budget counts those once per worker (`BatchLog.usedBytes`).
    var memoryBytes: Int {
        headers.capacity * MemoryLayout<RowHeader>.stride + state.pointee.allocatedBytes
    }

    /// Where each row's values are in the log. Reading it records the last row's count,
    /// which appends leave in a field of the batch until the next row begins.
    var rowSpans: UnsafeBufferPointer<RowSpan> {
        if rowCount > 0 { state.pointee.rows[rowCount - 1].count = currentRowCount }
        return state.pointee.rows.buffer
    }

    /// Drops every row and frees the batch's own memory, e.g. after its rows were sealed;
    /// the values stay in the log until the worker empties it.
    mutating func removeAll() {
        headers = []
        currentRow = .max
        currentRowCount = 0
        keys.removeAll()
        repeats.removeAll()
        state.pointee.deallocate()
    }

    /// Starts a new row; values appended next belong to it.
    mutating func beginRow(_ header: RowHeader) {
        if rowCount > 0 { state.pointee.rows[rowCount - 1].count = currentRowCount }
        headers.append(header)
        currentRow = UInt32(headers.count - 1)
        currentRowCount = 0
        state.pointee.rows.append(
            RowSpan(start: UInt32(truncatingIfNeeded: logStorage.pointee.values.count), count: 0))
    }

    /// Appends a value without text (`null`, `bool`, a timestamp).
    @inline(__always)
    mutating func append(key: UInt32, kind: ValueKind, payload: Int64) {
        let column = slot(key)
        log(column, kind, payload)
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
        let column = slot(key)

        switch kind {
        case .string:
            if let id = intern(text, at: column, key: key) {
                log(column, .internedString, Int64(id))
            } else {
                log(column, .string, number: nil, text: text)
            }
        case .integer where payload == 0 && text.count != 1:
            // Only `-0` is an Int64 written otherwise than its decimal form.
            log(column, .integerText, number: payload, text: text)
        case .integer:
            log(column, .integer, payload)
        case .fraction:
            log(column, .fraction, number: payload, text: text)
        default:
            log(column, kind, number: nil, text: text)
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
        return repeats.map { index in
            let key = keys[Int(logStorage.pointee.values[index].column)]
            let values = loggedValue(index)
            let json = withExtendedLifetime(values) {
                ValueCursor(
                    values, at: 0, dictionary: interner.dictionary(key), worker: 0, key: key
                ).jsonText
            }
            return (key, json)
        }
    }

    /// A column holding only value `index` of the log, as row 0.
    private func loggedValue(_ index: Int) -> ColumnValues {
        let logged = logStorage.pointee.values[index]
        let kind = ValueKind(rawValue: logged.kind)!
        guard kind.hasText else {
            return ColumnValues(count: 1, textCount: 0, textBase: 0, kindMask: kind.bit) {
                rows, kinds, payloads, _ in
                rows![0] = 0
                kinds![0] = logged.kind
                payloads![0] = logged.payload
            }
        }
        let prefix = kind.hasNumberPrefix ? 8 : 0
        let text = logStorage.pointee.textBytes(of: logged, prefix: prefix)
        return ColumnValues(
            count: 1, textCount: text.count, textBase: 0, kindMask: kind.bit
        ) { rows, kinds, payloads, bytes in
            rows![0] = 0
            kinds![0] = logged.kind
            payloads![0] = TextRef.make(offset: prefix, length: text.count - prefix)
            guard let base = text.baseAddress else { return }
            UnsafeMutableRawPointer(bytes!).copyMemory(from: base, byteCount: text.count)
        }
    }

    /// Logs a value without text in column `column` of the current row.
    @inline(__always)
    private mutating func log(_ column: Int, _ kind: ValueKind, _ payload: Int64) {
        assert(currentRow != .max, "a value appended to a batch before any row was begun")
        assert(
            Int(state.pointee.rows[Int(currentRow)].start) + Int(currentRowCount)
                == logStorage.pointee.values.count,
            "a value appended to a row after another batch of the same log began a row")
        currentRowCount &+= 1
        let slot = state.pointee.slots.base.unsafelyUnwrapped + column
        slot.pointee.count &+= 1
        slot.pointee.kindMask |= kind.bit
        logStorage.pointee.values.append(
            LoggedValue(
                column: UInt32(truncatingIfNeeded: column), kind: kind.rawValue,
                payload: payload))
    }

    /// Logs a text value: `number` (a number's 8 bytes, when the kind has one), then `text`.
    @inline(__always)
    private mutating func log(
        _ column: Int, _ kind: ValueKind, number: Int64?, text: UnsafeRawBufferPointer
    ) {
        if let number { logStorage.pointee.text.append(raw: number) }
        state.pointee.slots[column].textCount += text.count + (number == nil ? 0 : 8)
        let ref = TextRef.make(offset: logStorage.pointee.text.count, length: text.count)
        log(column, kind, ref)
        logStorage.pointee.text.append(bytes: text)
    }

    /// The id of `text` in the dictionary of column `column`, which is made on the key's
    /// first string (keys of numbers, times and objects never get one); nil when the value
    /// is stored as text instead.
    ///
    /// A slot drops a dictionary it finds closed: closing is for good, so every later value of
    /// the key is stored as text without reading the dictionary object, which for the keys
    /// that close (ids, free text) is a cache miss on nearly every value.
    @inline(__always)
    private mutating func intern(
        _ text: UnsafeRawBufferPointer, at column: Int, key: UInt32
    ) -> UInt32? {
        if let dictionary = state.pointee.slots[column].dictionary {
            let id = Unmanaged<KeyDictionary>.fromOpaque(dictionary)
                ._withUnsafeGuaranteedRef { $0.intern(text) }
            if id == nil { dropDictionaryIfClosed(at: column) }
            return id
        }
        return internFirst(text, at: column, key: key)
    }

    /// `intern` for a slot without a dictionary: asks the interner for one, once.
    @inline(never)
    private mutating func internFirst(
        _ text: UnsafeRawBufferPointer, at column: Int, key: UInt32
    ) -> UInt32? {
        guard !state.pointee.slots[column].hasAskedForDictionary else { return nil }
        state.pointee.slots[column].hasAskedForDictionary = true
        guard let dictionary = interner.dictionaryForInterning(key) else { return nil }
        state.pointee.slots[column].dictionary = Unmanaged.passUnretained(dictionary)
            .toOpaque()
        return dictionary.intern(text)
    }

    /// Forgets column `column`'s dictionary once it is closed; `hasAskedForDictionary` stays
    /// set, so the column stores text from then on.
    @inline(never)
    private mutating func dropDictionaryIfClosed(at column: Int) {
        guard let dictionary = state.pointee.slots[column].dictionary,
            Unmanaged<KeyDictionary>.fromOpaque(dictionary)._withUnsafeGuaranteedRef({
                $0.isClosed
            })
        else { return }
        state.pointee.slots[column].dictionary = nil
    }

    /// The index in `keys` of `key`'s column, added on first use; notes a repeat when the
    /// current row already holds a value of the key.
    @inline(__always)
    private mutating func slot(_ key: UInt32) -> Int {
        let index = Int(key)
        var column = -1
        if index < state.pointee.slotOfKey.count {
            column = Int(state.pointee.slotOfKey[index]) - 1
        }
        if column < 0 { column = addColumn(key) }
        let slot = state.pointee.slots.base.unsafelyUnwrapped + column
        if slot.pointee.lastRow == currentRow { noteRepeat() }
        slot.pointee.lastRow = currentRow
        return column
    }

    /// Notes that the value about to be logged repeats its key in its row.
    @inline(never)
    private mutating func noteRepeat() {
        repeats.append(logStorage.pointee.values.count)
    }

    @inline(never)
    private mutating func addColumn(_ key: UInt32) -> Int {
        let index = Int(key)
        while index >= state.pointee.slotOfKey.count { state.pointee.slotOfKey.append(0) }
        keys.append(key)
        state.pointee.slots.append(BatchSlot())
        state.pointee.slotOfKey[index] = Int32(keys.count)
        return keys.count - 1
    }
}
