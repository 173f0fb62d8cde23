import Testing

@testable import SluiceParquet

/// Pins the compact protocol bytes against hand-encoded expectations from the spec.
@Suite struct ThriftCompactWriterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var write: @Sendable (inout ThriftCompactWriter) -> Void
        var bytes: [UInt8]
    }

    static let cases: [Case] = [
        Case(
            testDescription: "short field delta, zigzag i32", write: { $0.writeI32(1, 1) },
            bytes: [0x15, 0x02]),
        Case(testDescription: "negative i32", write: { $0.writeI32(1, -3) }, bytes: [0x15, 0x05]),
        Case(
            testDescription: "long field delta writes the id", write: { $0.writeI32(20, -1) },
            bytes: [0x05, 0x28, 0x01]),
        Case(
            testDescription: "bool lives in the type nibble",
            write: {
                $0.writeBool(1, true); $0.writeBool(2, false)
            }, bytes: [0x11, 0x12]),
        Case(
            testDescription: "binary", write: { $0.writeString(3, "ab") },
            bytes: [0x38, 0x02, 0x61, 0x62]),
        Case(
            testDescription: "i64 varint over two bytes", write: { $0.writeI64(1, 300) },
            bytes: [0x16, 0xD8, 0x04]),
        Case(testDescription: "i16", write: { $0.writeI16(7, -2) }, bytes: [0x74, 0x03]),
        Case(
            testDescription: "nested struct restores the outer field id",
            write: { writer in
                writer.writeI32(1, 0)
                writer.writeStruct(2) { $0.writeI32(1, 5) }
                writer.writeI32(3, 0)
            },
            bytes: [0x15, 0x00, 0x1C, 0x15, 0x0A, 0x00, 0x15, 0x00]),
        Case(
            testDescription: "short list header",
            write: { writer in
                writer.writeListHeader(1, .i32, count: 2)
                writer.writeListI32(1)
                writer.writeListI32(-1)
            },
            bytes: [0x19, 0x25, 0x02, 0x01]),
        Case(
            testDescription: "long list header carries a varint size",
            write: { writer in
                writer.writeListHeader(1, .i32, count: 15)
                for _ in 0..<15 { writer.writeListI32(0) }
            },
            bytes: [0x19, 0xF5, 0x0F] + Array(repeating: 0, count: 15)),
        Case(
            testDescription: "list of structs, each with its own stop",
            write: { writer in
                writer.writeListHeader(1, .struct, count: 2)
                writer.writeListStruct { $0.writeI32(2, 1) }
                writer.writeListStruct { $0.writeEmptyStruct(1) }
            },
            bytes: [0x19, 0x2C, 0x25, 0x02, 0x00, 0x1C, 0x00, 0x00]),
    ]

    @Test(arguments: cases)
    func encodes(_ testCase: Case) {
        var writer = ThriftCompactWriter()
        testCase.write(&writer)
        #expect(writer.bytes == testCase.bytes)
    }
}
