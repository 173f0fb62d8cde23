import Testing

@testable import SluiceParquet

/// String bytes of column buffers keep value semantics: copies never see each other's appends
/// or resets, however the shared allocation is grown or emptied.
@Suite struct ByteStorageTests {
    static func text(_ storage: ByteStorage) -> String {
        storage.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    static func append(_ text: String, to storage: inout ByteStorage) {
        var text = text
        text.withUTF8 { storage.append(contentsOf: UnsafeRawBufferPointer($0)) }
    }

    @Test(arguments: [0, 1, 63, 64, 65, 1000])
    func copiesAreIndependent(prefixLength: Int) {
        var original = ByteStorage()
        Self.append(String(repeating: "a", count: prefixLength), to: &original)
        var copy = original
        Self.append("b", to: &copy)
        Self.append("c", to: &original)
        #expect(Self.text(original) == String(repeating: "a", count: prefixLength) + "c")
        #expect(Self.text(copy) == String(repeating: "a", count: prefixLength) + "b")

        let kept = copy
        copy.removeAll(keepingCapacity: true)
        Self.append("d", to: &copy)
        #expect(Self.text(kept) == String(repeating: "a", count: prefixLength) + "b")
        #expect(Self.text(copy) == "d")
    }

    @Test func growsAcrossManyAppends() {
        var storage = ByteStorage()
        var expected = ""
        for index in 0..<2_000 {
            Self.append("\(index),", to: &storage)
            expected += "\(index),"
        }
        #expect(Self.text(storage) == expected)
        #expect(storage.count == expected.utf8.count)
    }

    @Test func columnBufferCopiesKeepTheirStrings() {
        var buffer = ParquetColumnBuffer(type: .string)
        buffer.append(string: "first")
        var copy = buffer
        copy.append(string: "second")
        buffer.removeAll(keepingCapacity: true)
        buffer.append(string: "other")
        #expect(Self.text(copy.bytes) == "firstsecond")
        #expect(copy.ends == [5, 11])
        #expect(Self.text(buffer.bytes) == "other")
    }
}
