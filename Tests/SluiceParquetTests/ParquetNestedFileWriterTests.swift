import Foundation
import SluiceParquet
import Testing

/// Schema checks and the file contract of the nested writer; the independent readers check
/// its output in SluiceDeltaTests (Delta checkpoints read by pyarrow, DuckDB, deltalake).
@Suite struct ParquetNestedFileWriterTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var fields: [ParquetNestedNode]
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "no fields", fields: []),
        Case(name: "empty name", fields: [.leaf("", .int64, .required)]),
        Case(
            name: "repeated sibling name",
            fields: [
                .group(
                    "g", .optional, nil,
                    [.leaf("a", .int64, .required), .leaf("a", .string, .optional)])
            ]),
    ])
    func invalidSchemaIsRefused(_ test: Case) throws {
        let path = try TemporaryDirectory.shared.path(for: "nested \(test.name)")
        let error = try #require(throws: ParquetError.self) {
            try ParquetNestedFileWriter(path: path, fields: test.fields, options: .init())
        }
        #expect(error.code == .invalidSchema)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func fileAppearsAtCloseAndNotAfterAbort() throws {
        let fields: [ParquetNestedNode] = [
            .group("g", .optional, nil, [.stringMap("m", .required)])
        ]
        let path = try TemporaryDirectory.shared.path(for: "nested close")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetNestedFileWriter(path: path, fields: fields, options: .init())
        writer.append([.group([.map([("k", "v")])])])
        writer.append([.null])
        #expect(!FileManager.default.fileExists(atPath: path))

        let size = try writer.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count == size)
        #expect(
            Array(bytes.prefix(4)) == Array("PAR1".utf8)
                && Array(bytes.suffix(4)) == Array("PAR1".utf8))
        #expect(writer.rowCount == 2)
        #expect(throws: ParquetError.self) { try writer.close() }

        let aborted = try TemporaryDirectory.shared.path(for: "nested abort")
        let other = try ParquetNestedFileWriter(path: aborted, fields: fields, options: .init())
        other.abort()
        #expect(!FileManager.default.fileExists(atPath: aborted))
    }
}
