import Foundation
import SluiceParquet
import Testing

/// Bad schemas and batches throw stable codes; a rejected batch leaves the writer usable.
@Suite struct WriterValidationTests {
    static let columns = [
        ParquetColumnSpec(name: "id", type: .string, isOptional: false),
        ParquetColumnSpec(name: "n", type: .int32),
    ]

    @Test(arguments: [
        ("no columns", [ParquetColumnSpec]()),
        ("empty name", [ParquetColumnSpec(name: "", type: .int32)]),
        (
            "duplicate name",
            [
                ParquetColumnSpec(name: "a", type: .int32),
                ParquetColumnSpec(name: "a", type: .int64),
            ]
        ),
    ])
    func rejectsSchema(_ name: String, _ columns: [ParquetColumnSpec]) throws {
        let path = try TemporaryDirectory.shared.path(for: "schema \(name)")
        do {
            _ = try ParquetFileWriter(path: path, columns: columns, options: .init())
            Issue.record("schema accepted")
        } catch let error as ParquetError {
            #expect(error.code == .invalidSchema)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    static func buffers(ids: [String?], numbers: [Int32?]) -> [ParquetColumnBuffer] {
        var id = ParquetColumnBuffer(type: .string)
        for value in ids { if let value { id.append(string: value) } else { id.appendNull() } }
        var number = ParquetColumnBuffer(type: .int32)
        for value in numbers { if let value { number.append(value) } else { number.appendNull() } }
        return [id, number]
    }

    @Test(arguments: [
        ("null in a required column", buffers(ids: ["a", nil], numbers: [1, 2])),
        ("row counts differ", buffers(ids: ["a", "b"], numbers: [1])),
        ("too few buffers", [buffers(ids: ["a"], numbers: [1])[0]]),
        (
            "wrong buffer type",
            [buffers(ids: ["a"], numbers: [1])[1], buffers(ids: ["a"], numbers: [1])[1]]
        ),
    ])
    func rejectsBatchAndStaysUsable(_ name: String, _ batch: [ParquetColumnBuffer]) throws {
        let path = try TemporaryDirectory.shared.path(for: "batch \(name)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, columns: Self.columns, options: .init())
        do {
            try writer.write(batch)
            Issue.record("batch accepted")
        } catch let error as ParquetError {
            #expect(error.code == .invalidBatch)
        }

        try writer.write(Self.buffers(ids: ["x", "y"], numbers: [nil, 5]))
        let summary = try writer.close()
        #expect(summary.rowCount == 2)
        #expect(summary.columnStatistics.map(\.nullCount) == [0, 1])
    }

    @Test func writeAfterCloseThrowsWriterClosed() throws {
        let path = try TemporaryDirectory.shared.path(for: "closed")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, columns: Self.columns, options: .init())
        _ = try writer.close()
        do {
            try writer.write(Self.buffers(ids: ["a"], numbers: [1]))
            Issue.record("write after close accepted")
        } catch let error as ParquetError {
            #expect(error.code == .writerClosed)
        }
        writer.abort()
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
