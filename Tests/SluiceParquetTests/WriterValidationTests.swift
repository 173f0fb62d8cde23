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

    static func chunk(_ spec: ParquetColumnSpec, rows: Int) throws -> ParquetEncodedColumnChunk {
        var buffer = ParquetColumnBuffer(type: spec.type)
        for row in 0..<rows {
            if spec.type == .string {
                buffer.append(string: "id-\(row)")
            } else {
                buffer.append(Int32(row))
            }
        }
        return try ParquetColumnChunkEncoder.encode(
            buffer, spec: spec, options: .init(), path: "chunk")
    }

    enum MismatchedRowGroup: String, CaseIterable, Sendable {
        case tooFewChunks = "too few chunks"
        case wrongOrder = "chunks in the wrong order"
        case optionalForRequired = "optional chunk for a required column"
        case rowCountsDiffer = "row counts differ"

        func chunks() throws -> [ParquetEncodedColumnChunk] {
            let (id, n) = (WriterValidationTests.columns[0], WriterValidationTests.columns[1])
            switch self {
            case .tooFewChunks: return [try WriterValidationTests.chunk(id, rows: 2)]
            case .wrongOrder:
                return [
                    try WriterValidationTests.chunk(n, rows: 2),
                    try WriterValidationTests.chunk(id, rows: 2),
                ]
            case .optionalForRequired:
                let optionalID = ParquetColumnSpec(name: "id", type: .string)
                return [
                    try WriterValidationTests.chunk(optionalID, rows: 2),
                    try WriterValidationTests.chunk(n, rows: 2),
                ]
            case .rowCountsDiffer:
                return [
                    try WriterValidationTests.chunk(id, rows: 2),
                    try WriterValidationTests.chunk(n, rows: 3),
                ]
            }
        }
    }

    @Test(arguments: MismatchedRowGroup.allCases)
    func rejectsRowGroupAndChangesNothing(_ mismatch: MismatchedRowGroup) throws {
        let path = try TemporaryDirectory.shared.path(for: "row group \(mismatch.rawValue)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, columns: Self.columns, options: .init())
        try writer.write(Self.buffers(ids: ["a"], numbers: [1]))
        let (written, buffered) = (writer.writtenBytes, writer.bufferedBytes)
        #expect {
            try writer.writeRowGroup(mismatch.chunks())
        } throws: { ($0 as? ParquetError)?.code == .invalidBatch }

        #expect(writer.writtenBytes == written && writer.bufferedBytes == buffered)
        #expect(writer.rowCount == 1)
        try writer.writeRowGroup([
            Self.chunk(Self.columns[0], rows: 2), Self.chunk(Self.columns[1], rows: 2),
        ])
        let summary = try writer.close()
        #expect(summary.rowCount == 3 && summary.rowGroupCount == 2)
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
