import Testing

@testable import SluiceJob

/// A batch answers a repeat of its column's last string from the slot only while the key's
/// dictionary would still intern it: a closing made through another batch that shares the
/// dictionary, or by the interner, turns the repeat back into stored text.
@Suite struct RecentStringTests {
    static let key: UInt32 = 3

    /// The kinds a batch stored under `key`, in order.
    static func kinds(_ batch: inout ColumnBatch) -> [ValueKind] {
        guard let index = batch.keys.firstIndex(of: key) else { return [] }
        let column = batch.takeColumns()[index]
        return (0..<column.count).map { column.kind($0) }
    }

    /// A batch whose dictionary for `key` has passed its check with `value` as its last value.
    static func settledBatch(_ interner: StringInterner, value: String) -> ColumnBatch {
        var batch = ColumnBatch(interner: interner)
        batch.beginRow(RowHeader(candidate: 0, receivedAt: 0, partitionMicros: 0, file: 0, line: 0))
        for _ in 0...KeyDictionary.checkAfterLookups { batch.append(key: key, string: value) }
        #expect(interner.dictionary(key)!.hasPassedCheck)
        batch.removeAll()
        batch.beginRow(RowHeader(candidate: 1, receivedAt: 0, partitionMicros: 0, file: 0, line: 1))
        batch.append(key: key, string: value)
        return batch
    }

    @Test func aRepeatIsInternedWhileTheDictionaryIsOpen() {
        var batch = Self.settledBatch(StringInterner(), value: "USD")
        batch.append(key: Self.key, string: "USD")
        #expect(Self.kinds(&batch) == [.internedString, .internedString])
    }

    @Test func aRepeatIsStoredAsTextOnceAnotherBatchFilledTheSharedDictionary() {
        let interner = StringInterner()
        var batch = Self.settledBatch(interner, value: "USD")
        var other = ColumnBatch(interner: interner)
        other.beginRow(RowHeader(candidate: 2, receivedAt: 0, partitionMicros: 0, file: 0, line: 2))
        let chunk = String(repeating: "z", count: KeyDictionary.maximumEntryBytes - 16)
        var added = 0
        while !interner.dictionary(Self.key)!.isClosed, added < 10_000 {
            other.append(key: Self.key, string: "\(added) \(chunk)")
            added += 1
        }

        batch.append(key: Self.key, string: "USD")
        #expect(Self.kinds(&batch) == [.internedString, .string])
    }

    @Test func aRepeatIsStoredAsTextOnceTheDictionaryClosed() {
        let interner = StringInterner()
        var batch = Self.settledBatch(interner, value: "USD")
        interner.dictionary(Self.key)!.close()

        batch.append(key: Self.key, string: "USD")
        #expect(Self.kinds(&batch) == [.internedString, .string])
    }
}
