import Testing

@testable import SluiceJob

/// A key's dictionary gives one id per distinct value and stops interning, keeping every id
/// it gave, once interning stops paying.
@Suite struct KeyDictionaryTests {
    static func intern(_ text: String, _ dictionary: KeyDictionary) -> UInt32? {
        var text = text
        return text.withUTF8 { dictionary.intern(UnsafeRawBufferPointer($0)) }
    }

    static func entry(_ id: UInt32, _ dictionary: KeyDictionary) -> String {
        String(decoding: dictionary.entry(Int(id)), as: UTF8.self)
    }

    @Test func repeatedValuesShareOneIdAndReadBack() {
        let dictionary = KeyDictionary()
        let values = ["USD", "EUR", "", "USD", "é", "EUR", "a much longer value than eight bytes"]
        let ids = values.map { Self.intern($0, dictionary)! }
        #expect(ids == [0, 1, 2, 0, 3, 1, 4])
        #expect(dictionary.count == 5)
        for (value, id) in zip(values, ids) { #expect(Self.entry(id, dictionary) == value) }
    }

    /// Entries copy out in id order, empty ones included, after whatever the target already
    /// holds, with each end offset counted from the target's start.
    @Test func entriesCopyOutInIdOrderAfterAnOffset() {
        let dictionary = KeyDictionary()
        let values = ["USD", "", "é", "USD", "a value longer than sixteen bytes", ""]
        for value in values { _ = Self.intern(value, dictionary) }
        let distinct = ["USD", "", "é", "a value longer than sixteen bytes"]
        #expect(dictionary.entryByteCount == distinct.map(\.utf8.count).reduce(0, +))

        var bytes = [UInt8](repeating: 0xAA, count: 5 + dictionary.entryByteCount)
        var ends = [Int](repeating: -1, count: dictionary.count)
        let end = bytes.withUnsafeMutableBytes { bytes in
            ends.withUnsafeMutableBufferPointer { ends in
                dictionary.copyEntries(to: bytes.baseAddress!, from: 5, ends: ends.baseAddress!)
            }
        }
        #expect(end == bytes.count)
        #expect(Array(bytes[5...]) == Array(distinct.joined().utf8))
        #expect(bytes[..<5].allSatisfy { $0 == 0xAA })
        #expect(ends == [8, 8, 10, 43])
    }

    @Test func emptyDictionaryCopiesNothing() {
        let dictionary = KeyDictionary()
        var end = -1
        var target: UInt8 = 0
        var ends = 0
        withUnsafeMutableBytes(of: &target) { target in
            end = dictionary.copyEntries(to: target.baseAddress!, from: 3, ends: &ends)
        }
        #expect(end == 3 && dictionary.entryByteCount == 0)
    }

    @Test func growingPastManyEntriesKeepsEveryId() {
        let dictionary = KeyDictionary()
        var ids: [UInt32] = []
        for round in 0..<3 {
            for index in 0..<2_000 {
                let id = Self.intern("value \(index)", dictionary)!
                if round == 0 { ids.append(id) } else { #expect(id == ids[index]) }
            }
        }
        #expect(dictionary.count == 2_000)
        #expect(!dictionary.isClosed)
    }

    @Test func mostlyNewValuesCloseTheDictionaryAndKeepItsIds() {
        let dictionary = KeyDictionary()
        var given: [(String, UInt32)] = []
        for index in 0..<KeyDictionary.checkAfterLookups {
            if let id = Self.intern("id-\(index)", dictionary) { given.append(("id-\(index)", id)) }
        }
        #expect(dictionary.isClosed)
        #expect(Self.intern("id-0", dictionary) == nil)
        for (value, id) in given { #expect(Self.entry(id, dictionary) == value) }
    }

    @Test func longValuesAreNotInternedAndAFullDictionaryCloses() {
        let dictionary = KeyDictionary()
        let long = String(repeating: "x", count: KeyDictionary.maximumEntryBytes + 1)
        #expect(Self.intern(long, dictionary) == nil)
        #expect(!dictionary.isClosed)

        // Each new value is looked up twice, so the dictionary keeps paying until it is full.
        let chunk = String(repeating: "y", count: KeyDictionary.maximumEntryBytes - 16)
        var added = 0
        while added < 10_000, Self.intern("\(added) \(chunk)", dictionary) != nil {
            _ = Self.intern("\(added) \(chunk)", dictionary)
            added += 1
        }
        #expect(dictionary.isClosed)
        #expect(added * KeyDictionary.maximumEntryBytes >= KeyDictionary.maximumBytes)
        #expect(Self.entry(0, dictionary) == "0 \(chunk)")
    }

    @Test func anInternerKeepsOneDictionaryPerKey() {
        let interner = StringInterner()
        var text = "USD"
        let first = text.withUTF8 { interner.intern(UnsafeRawBufferPointer($0), key: 7) }
        let other = text.withUTF8 { interner.intern(UnsafeRawBufferPointer($0), key: 2) }
        #expect(first == 0 && other == 0)
        #expect(interner.dictionary(3) == nil)
        #expect(interner.dictionary(7)?.count == 1)
        #expect(interner.checkMemory() > 0)
        #expect(!interner.isFrozen)
    }

    /// Past its byte limit an interner closes every dictionary: values are stored as text from
    /// then on, and ids already given stay readable.
    @Test func anInternerClosesItsDictionariesPastItsByteLimit() {
        let interner = StringInterner(byteLimit: 4096)
        var kept = "kept"
        let keptId = kept.withUTF8 { interner.intern(UnsafeRawBufferPointer($0), key: 1) }
        for index in 0..<64 {
            var value = "value \(index) " + String(repeating: "x", count: 100)
            _ = value.withUTF8 { interner.intern(UnsafeRawBufferPointer($0), key: 2) }
        }
        #expect(!interner.isFrozen)

        #expect(interner.checkMemory() > 4096)

        #expect(interner.isFrozen)
        #expect(kept.withUTF8 { interner.intern(UnsafeRawBufferPointer($0), key: 1) } == nil)
        let entry = interner.entry(keptId!, key: 1)
        #expect(String(decoding: entry, as: UTF8.self) == "kept")
        #expect(StringInterner.byteLimit(forRowMemory: 1 << 20) == 1 << 19)
        #expect(StringInterner.byteLimit(forRowMemory: 1 << 30) == StringInterner.maximumBytes)
    }
}
