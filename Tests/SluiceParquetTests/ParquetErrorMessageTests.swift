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
