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

    /// The row memory budget decides when a worker spills, so the bytes a column reports must
    /// not change with how its storage is laid out.
    @Test func valuesGrowByDoublingAndReportTheirBytes() {
        var batch = ColumnBatch(interner: StringInterner())
        batch.beginRow(Self.header(0))
        for value in 0..<100 { batch.append(key: Self.key, kind: .integer, payload: Int64(value)) }
        let column = batch.takeColumns()[0]

        #expect(column.rows.capacity == 128)
        #expect(column.allocatedBytes == 128 * (4 + 1 + 8))
        #expect(column.payloads[99] == 99)
    }

    @Test func everyFieldAnAppendTouchesSitsInTheFirstSixtyFourBytes() {
        typealias Storage = ColumnValues.Storage
        let textStart = MemoryLayout<Storage>.offset(of: \.text)!
        let textEnd = textStart + MemoryLayout<RawBuffer<UInt8>>.size
        #expect(textEnd <= Storage.hotBytes)
        #expect(MemoryLayout<Storage>.offset(of: \.rowsBase) == 0)
        // A night of distinct keys has a column per key, so the storage stays this small.
        #expect(MemoryLayout<Storage>.size <= 72)
    }
}
