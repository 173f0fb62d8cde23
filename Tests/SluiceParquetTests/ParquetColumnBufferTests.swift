import SluiceParquet
import Testing

/// Buffer bookkeeping the writer relies on.
@Suite struct ParquetColumnBufferTests {
    @Test func countsRowsNullsAndBytes() {
        var buffer = ParquetColumnBuffer(type: .string)
        buffer.reserveCapacity(rows: 10, utf8Bytes: 100)
        buffer.append(string: "abc")
        buffer.appendNull()
        buffer.append(string: "")
        #expect(buffer.count == 3)
        #expect(buffer.nullCount == 1)
        #expect(buffer.estimatedByteSize == 3 + 3 + 2 * 4)

        buffer.removeAll(keepingCapacity: true)
        #expect(buffer.count == 0)
        #expect(buffer.nullCount == 0)
        #expect(buffer.estimatedByteSize == 0)
    }
}
