import Foundation
import SluiceParquet
import Testing

/// Pins the wording of the messages people read; other tests assert codes only.
@Suite struct ParquetErrorMessageTests {
    static func error(_ body: () throws -> Void) -> ParquetError? {
        do { try body() } catch let error as ParquetError { return error } catch {}
        return nil
    }

    @Test func requiredColumnWithNulls() throws {
        let path = try TemporaryDirectory.shared.path(for: "message required")
        let writer = try ParquetFileWriter(
            path: path, columns: [ParquetColumnSpec(name: "id", type: .string, isOptional: false)],
            options: .init())
        defer { writer.abort() }
        var buffer = ParquetColumnBuffer(type: .string)
        buffer.appendNull()

        let error = Self.error { try writer.write([buffer]) }
        #expect(
            error?.description
                == "parquet invalidBatch: Column 'id' is required but the batch has 1 nulls in it. (file '\(path)', column 'id')"
        )
    }

    @Test func rowGroupChunkForAnotherColumn() throws {
        let path = try TemporaryDirectory.shared.path(for: "message chunk order")
        let columns = [
            ParquetColumnSpec(name: "id", type: .string, isOptional: false),
            ParquetColumnSpec(name: "n", type: .int32),
        ]
        let writer = try ParquetFileWriter(path: path, columns: columns, options: .init())
        defer { writer.abort() }
        let chunks = try columns.reversed().map {
            try ParquetColumnChunkEncoder.encode(
                ParquetColumnBuffer(type: $0.type), spec: $0, options: .init(), path: path)
        }

        let error = Self.error { try writer.writeRowGroup(chunks) }
        #expect(
            error?.description
                == "parquet invalidBatch: Column chunk 0 was encoded for column 'n' (int32, optional) but the file's column 0 is 'id' (string, required); encode each column with the file's spec, in spec order. (file '\(path)', column 'id')"
        )
    }

    @Test func closedWriter() throws {
        let path = try TemporaryDirectory.shared.path(for: "message closed")
        let writer = try ParquetFileWriter(
            path: path, columns: [ParquetColumnSpec(name: "n", type: .int32)], options: .init())
        writer.abort()
        let error = Self.error { _ = try writer.close() }
        #expect(
            error?.description
                == "parquet writerClosed: The writer was already closed, aborted or failed; create a new one. (file '\(path)')"
        )
    }

    @Test func missingDirectory() throws {
        let path = TemporaryDirectory.shared.absentDirectory.appendingPathComponent("out.parquet")
            .path
        let error = Self.error {
            _ = try ParquetFileWriter(
                path: path, columns: [ParquetColumnSpec(name: "n", type: .int32)], options: .init())
        }
        let temporary = TemporaryDirectory.shared.absentDirectory
            .appendingPathComponent(".out.parquet.tmp-\(getpid())").path
        #expect(
            error?.description
                == "parquet io: Could not create the temporary file '\(temporary)': No such file or directory; check that the directory exists and is writable. (file '\(path)', errno 2)"
        )
    }
}
