import Testing

@testable import SluiceParquet

/// Column buffers keep value semantics over their shared raw storage: copies never see each
/// other's appends or resets, however the storage grows or is emptied.
@Suite struct ColumnStorageTests {
    static func strings(_ buffer: ParquetColumnBuffer) -> [String?] {
        var values: [String?] = []
        var value = 0
        for level in buffer.definitionLevels {
            guard level == 1 else {
                values.append(nil)
                continue
            }
            let start = value == 0 ? 0 : buffer.ends[value - 1]
            let bytes = UnsafeRawBufferPointer(rebasing: buffer.utf8[start..<buffer.ends[value]])
            values.append(String(decoding: bytes, as: UTF8.self))
            value += 1
        }
        return values
    }

    @Test(arguments: [0, 1, 63, 64, 65, 1000])
    func copiesAreIndependent(prefixLength: Int) {
        var original = ParquetColumnBuffer(type: .string)
        original.append(string: String(repeating: "a", count: prefixLength))
        var copy = original
        copy.append(string: "b")
        original.appendNulls(2)
        let prefix = String(repeating: "a", count: prefixLength)
        #expect(Self.strings(original) == [prefix, nil, nil])
        #expect(Self.strings(copy) == [prefix, "b"])

        let kept = copy
        copy.removeAll(keepingCapacity: true)
        copy.append(string: "d")
        #expect(Self.strings(kept) == [prefix, "b"])
        #expect(Self.strings(copy) == ["d"])
        #expect(copy.nullCount == 0 && original.nullCount == 2)
    }

    @Test func growsAcrossManyAppends() {
        var buffer = ParquetColumnBuffer(type: .json)
        var expected: [String?] = []
        for index in 0..<2_000 {
            if index % 7 == 0 {
                buffer.appendNull()
                expected.append(nil)
            } else {
                buffer.append(string: "[\(index)]")
                expected.append("[\(index)]")
            }
        }
        #expect(Self.strings(buffer) == expected)
        #expect(buffer.count == 2_000)
    }

    @Test func fixedWidthCopiesAreIndependent() {
        var original = ParquetColumnBuffer(type: .int64)
        for value in 0..<100 { original.append(Int64(value)) }
        var copy = original
        copy.append(Int64(-1))
        original.removeAll(keepingCapacity: true)
        original.append(Int64(7))
        #expect(Array(copy.values(as: Int64.self)) == (0..<100).map(Int64.init) + [-1])
        #expect(Array(original.values(as: Int64.self)) == [7])
        #expect(copy.estimatedByteSize == 101 + 101 * 8)
    }
}
