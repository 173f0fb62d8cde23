import SluiceJSON
import Testing

@testable import SluiceJob

/// A batch stores every value it is given, in order, interning strings only while the key's
/// dictionary is open; its columns keep the memory footprint the row memory budget counts.
@Suite struct ColumnBatchTests {
    static let key: UInt32 = 3

    static func header(_ row: Int32) -> RowHeader {
        RowHeader(candidate: row, receivedAt: 0, partitionMicros: 0, file: 0, line: row)
    }

    /// The kinds a batch stored under `key`, in order; empties the batch.
    static func kinds(_ batch: inout ColumnBatch) -> [ValueKind] {
        guard let index = batch.keys.firstIndex(of: key) else { return [] }
        let column = batch.takeColumns()[index]
        return (0..<column.count).map { column.kind($0) }
    }

    /// The rows of `column`'s values; the column is alive for the call, so its buffer is too.
    static func rows(_ column: ColumnValues) -> [UInt32] { Array(column.rows.buffer) }

    /// Appends distinct values under `key` until its dictionary closes.
    static func closeByNewValues(_ batch: inout ColumnBatch, interner: StringInterner) {
        var added = 0
        while interner.dictionary(key)?.isClosed != true, added < 100_000 {
            batch.append(key: key, string: "id-\(added)")
            added += 1
        }
        #expect(interner.dictionary(key)!.isClosed)
    }

    @Test func aRepeatAfterTheDictionaryClosedIsStoredAsText() {
        let interner = StringInterner()
        var batch = ColumnBatch(interner: interner)
        batch.beginRow(Self.header(0))
        Self.closeByNewValues(&batch, interner: interner)
        batch.removeAll()

        batch.beginRow(Self.header(1))
        batch.append(key: Self.key, string: "id-0")
        batch.append(key: Self.key, string: "id-0")
        #expect(Self.kinds(&batch) == [.string, .string])
    }

    @Test func aDictionaryClosedThroughAnotherBatchTurnsThisBatchToText() {
        let interner = StringInterner()
        var batch = ColumnBatch(interner: interner)
        batch.beginRow(Self.header(0))
        batch.append(key: Self.key, string: "USD")
        var other = ColumnBatch(interner: interner)
        other.beginRow(Self.header(0))
        Self.closeByNewValues(&other, interner: interner)

        batch.append(key: Self.key, string: "USD")
        batch.append(key: Self.key, string: "USD")
        #expect(Self.kinds(&batch) == [.internedString, .string, .string])
    }

    @Test func aValueTooLongToInternLeavesTheDictionaryInUse() {
        var batch = ColumnBatch(interner: StringInterner())
        batch.beginRow(Self.header(0))
        let long = String(repeating: "x", count: KeyDictionary.maximumEntryBytes + 1)
        batch.append(key: Self.key, string: "USD")
        batch.append(key: Self.key, string: long)
        batch.append(key: Self.key, string: "USD")
        batch.append(key: Self.key, string: "EUR")
        let kinds = Self.kinds(&batch)
        #expect(kinds == [.internedString, .string, .internedString, .internedString])
    }

    @Test func storedValuesReadBackInOrderWithTheirText() {
        var batch = ColumnBatch(interner: StringInterner())
        for row in 0..<100 {
            batch.beginRow(Self.header(Int32(row)))
            batch.append(key: Self.key, kind: .bool, payload: Int64(row % 2))
            guard row % 10 == 0 else { continue }
            batch.append(key: Self.key, value: .object(JSONObject([("n", .null)])))
        }
        let column = batch.takeColumns()[0]

        #expect(column.count == 110)
        #expect(column.hasRepeatedRows)
        #expect(column.rows[10] == 9 && column.rows[11] == 10 && column.rows[12] == 10)
        #expect(column.kind(12) == .structured && column.kind(13) == .bool)
        #expect(column.payloads[13] == 1 && column.payloads[14] == 0)
        #expect(String(decoding: column.textBytes(12), as: UTF8.self) == #"{"n":null}"#)
        #expect(column.kindMask == ValueKind.bool.bit | ValueKind.structured.bit)
    }

    @Test func rowsCountFromZeroAgainOnceTheBatchIsEmptied() {
        var batch = ColumnBatch(interner: StringInterner())
        for row in 0..<3 {
            batch.beginRow(Self.header(Int32(row)))
            batch.append(key: Self.key, kind: .null, payload: 0)
        }
        #expect(Self.rows(batch.takeColumns()[0]) == [0, 1, 2])

        batch.beginRow(Self.header(3))
        batch.append(key: Self.key, kind: .null, payload: 0)
        batch.beginRow(Self.header(4))
        batch.append(key: Self.key, string: "USD")
        #expect(Self.rows(batch.takeColumns()[0]) == [0, 1])
    }

    /// A repeat is reported with its value's JSON as the event wrote it, for every kind that
    /// keeps text or an id: the log holds numbers after their 8-byte value, and strings by id.
    @Test func repeatsAreReportedWithTheirJSONText() {
        var batch = ColumnBatch(interner: StringInterner())
        batch.beginRow(Self.header(0))
        batch.append(key: Self.key, string: "USD")
        batch.append(key: Self.key, string: "USD")
        let fraction = Array("1.50".utf8)
        fraction.withUnsafeBytes {
            batch.append(
                key: Self.key, kind: .fraction, payload: Int64(bitPattern: 1.5.bitPattern), text: $0
            )
        }
        Array("-0".utf8).withUnsafeBytes {
            batch.append(key: Self.key, kind: .integer, payload: 0, text: $0)
        }
        batch.append(key: Self.key, value: .array([.bool(true)]))
        batch.append(key: Self.key, kind: .null, payload: 0)

        let repeats = batch.takeRepeats()
        #expect(repeats.map(\.key) == Array(repeating: Self.key, count: 5))
        #expect(repeats.map(\.json) == [#""USD""#, "1.50", "-0", "[true]", "null"])
        #expect(batch.takeRepeats().isEmpty)
    }

    /// The batches of one worker share its log, so their rows' values interleave in it; each
    /// batch's columns hold its own values only, text included.
    @Test func batchesSharingALogKeepTheirOwnValues() {
        let interner = StringInterner()
        let log = BatchLog()
        var first = ColumnBatch(interner: interner, log: log)
        var second = ColumnBatch(interner: interner, log: log)
        for row in 0..<50 {
            first.beginRow(Self.header(Int32(row)))
            first.append(
                key: Self.key, value: .object(JSONObject([("a", .number(JSONNumber(Int64(row))))])))
            second.beginRow(Self.header(Int32(row)))
            second.append(key: Self.key, kind: .bool, payload: 1)
            second.append(key: Self.key + 1, string: "s\(row)")
        }
        let firstColumns = first.takeColumns()
        let secondColumns = second.takeColumns()

        #expect(firstColumns.count == 1 && firstColumns[0].count == 50)
        #expect(String(decoding: firstColumns[0].textBytes(7), as: UTF8.self) == #"{"a":7}"#)
        #expect(secondColumns.map(\.count) == [50, 50])
        #expect(secondColumns[0].kindMask == ValueKind.bool.bit)
        #expect(!secondColumns[0].hasRepeatedRows && !firstColumns[0].hasRepeatedRows)
        #expect(Self.rows(secondColumns[1]) == (0..<50).map { UInt32($0) })
    }

    /// Sealing renumbers rows by the given order and lays text out in it; a row's values keep
    /// the order they were appended in, so its first value stays first.
    @Test func columnsInRowOrderRenumberRowsAndKeepEachRowsValuesInOrder() {
        var batch = ColumnBatch(interner: StringInterner())
        for row in 0..<3 {
            batch.beginRow(Self.header(Int32(row)))
            batch.append(key: Self.key, value: .array([.number(JSONNumber(Int64(row)))]))
            if row == 1 { batch.append(key: Self.key, value: .array([])) }
        }
        let order: [UInt32] = [2, 0, 1]
        let columns = order.withUnsafeBufferPointer { batch.columns(inRowOrder: $0) }
        let column = columns[0]
        let texts = (0..<column.count).map {
            String(decoding: column.textBytes($0), as: UTF8.self)
        }

        #expect(Self.rows(column) == [0, 1, 2, 2])
        #expect(texts == ["[2]", "[0]", "[1]", "[]"])
        #expect(column.hasRepeatedRows)
    }

    /// Columns laid out in the log's sealing memory read the same as columns of their own.
    @Test func borrowedColumnsReadAsOwnedOnes() {
        var batch = ColumnBatch(interner: StringInterner())
        for row in 0..<300 {
            batch.beginRow(Self.header(Int32(row)))
            batch.append(key: Self.key, kind: .integer, payload: Int64(row))
            batch.append(key: Self.key + 1, value: .string(String(repeating: "x", count: row % 7)))
            guard row % 3 == 0 else { continue }
            Array("2.5".utf8).withUnsafeBytes {
                batch.append(
                    key: Self.key + 2, kind: .fraction,
                    payload: Int64(bitPattern: 2.5.bitPattern), text: $0)
            }
        }
        let order = (0..<UInt32(300)).reversed().map { $0 }
        let owned = order.withUnsafeBufferPointer { batch.columns(inRowOrder: $0) }
        let borrowed = order.withUnsafeBufferPointer {
            batch.columns(inRowOrder: $0, borrowing: true)
        }

        for (a, b) in zip(owned, borrowed) {
            #expect(Array(a.rows.buffer) == Array(b.rows.buffer))
            #expect(Array(a.kinds.buffer) == Array(b.kinds.buffer))
            #expect(Array(a.payloads.buffer) == Array(b.payloads.buffer))
            #expect(Array(a.text.buffer) == Array(b.text.buffer))
            #expect(a.kindMask == b.kindMask)
        }
        #expect(borrowed[2].numberPrefix(99) == Int64(bitPattern: 2.5.bitPattern))
    }

    /// Emptying the log keeps its memory (its pages stay faulted in) but the row memory budget
    /// counts only the bytes in use.
    @Test func anEmptiedLogKeepsItsMemoryAndCountsNone() {
        let log = BatchLog()
        var batch = ColumnBatch(interner: StringInterner(), log: log)
        batch.beginRow(Self.header(0))
        for value in 0..<1000 { batch.append(key: Self.key, kind: .integer, payload: Int64(value)) }
        #expect(log.usedBytes == 1000 * MemoryLayout<LoggedValue>.stride)

        batch.removeAll()
        log.removeAll()
        #expect(log.usedBytes == 0)
        #expect(log.storage.pointee.values.capacity >= 1000)
        log.release()
        #expect(log.storage.pointee.values.capacity == 0)
    }

    /// An empty string stored as text has no bytes, and a log may hold no text at all when
    /// every other value was interned: sealing it and reporting it as a repeat read no text.
    @Test func emptyStringsStoredAsTextSealAndReportWithoutAnyTextStored() {
        let interner = StringInterner()
        var closer = ColumnBatch(interner: interner)
        closer.beginRow(Self.header(0))
        Self.closeByNewValues(&closer, interner: interner)
        var batch = ColumnBatch(interner: interner)
        batch.beginRow(Self.header(0))
        batch.append(key: Self.key, string: "")
        batch.append(key: Self.key, string: "")

        #expect(batch.log.storage.pointee.text.base == nil)
        #expect(batch.takeRepeats().map(\.json) == [#""""#])
        let column = batch.takeColumns()[0]
        #expect(column.count == 2 && column.kind(1) == .string)
        #expect(column.textBytes(0).isEmpty && column.textBytes(1).isEmpty)
    }

    /// The row memory budget counts a batch's `sealingBytes` before it spills, so sealing it
    /// for a spill must take no more of the log's sealing memory than that.
    @Test func sealingForASpillTakesTheBytesTheBudgetCounts() {
        let log = BatchLog()
        var batch = ColumnBatch(interner: StringInterner(), log: log)
        for row in 0..<257 {
            batch.beginRow(Self.header(Int32(row)))
            batch.append(key: Self.key, kind: .integer, payload: Int64(row))
            batch.append(key: Self.key + 1, value: .string(String(repeating: "y", count: row % 13)))
            batch.append(key: Self.key + 2, value: .array([.number(JSONNumber(Int64(row)))]))
        }
        let counted = batch.sealingBytes
        let order = (0..<UInt32(257)).map { $0 }
        _ = order.withUnsafeBufferPointer { batch.columns(inRowOrder: $0, borrowing: true) }

        #expect(counted > 0)
        #expect(log.sealingBytes == counted)
    }
}
