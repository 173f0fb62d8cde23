import Foundation
import SluiceParquet
import Testing

/// The temporary-file contract: nothing at the final path before `close`, nothing at all
/// after `abort` or a failure, and the temporary file gone once the file is in place.
@Suite struct FileLifecycleTests {
    static let columns = [ParquetColumnSpec(name: "n", type: .int64)]

    static func batch(_ values: [Int64]) -> [ParquetColumnBuffer] {
        var buffer = ParquetColumnBuffer(type: .int64)
        for value in values { buffer.append(value) }
        return [buffer]
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    @Test func finalPathAppearsOnlyAtClose() throws {
        let path = try TemporaryDirectory.shared.path(for: "lifecycle close")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, columns: Self.columns, options: .init())
        #expect(!Self.exists(path))
        #expect(Self.exists(Self.temporaryPath(for: path)))

        try writer.write(Self.batch([1, 2, 3]))
        #expect(!Self.exists(path))
        #expect(writer.rowCount == 3)
        #expect(writer.writtenBytes == 4)
        #expect(writer.bufferedBytes > 0)
        let summary = try writer.close()
        #expect(Self.exists(path))

        #expect(!Self.exists(Self.temporaryPath(for: path)))
        #expect(summary.path == path)
        #expect(summary.rowCount == 3)
    }

    @Test func abortLeavesNothing() throws {
        let path = try TemporaryDirectory.shared.path(for: "lifecycle abort")
        let writer = try ParquetFileWriter(path: path, columns: Self.columns, options: .init())
        try writer.write(Self.batch([1, 2, 3]))
        writer.abort()

        #expect(!Self.exists(path))
        #expect(!Self.exists(Self.temporaryPath(for: path)))
        writer.abort()
        #expect(throws: ParquetError.self) { try writer.close() }
    }

    @Test func droppingAnUnclosedWriterRemovesItsTemporaryFile() throws {
        let path = try TemporaryDirectory.shared.path(for: "lifecycle dropped")
        do {
            let writer = try ParquetFileWriter(path: path, columns: Self.columns, options: .init())
            try writer.write(Self.batch([1]))
        }
        #expect(!Self.exists(path))
        #expect(!Self.exists(Self.temporaryPath(for: path)))
    }

    @Test func closeReplacesAnExistingFileAtomically() throws {
        let path = try TemporaryDirectory.shared.path(for: "lifecycle replace")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let writer = try ParquetFileWriter(path: path, columns: Self.columns, options: .init())

        try writer.write(Self.batch([7]))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("old".utf8))
        _ = try writer.close()
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(written.prefix(4) == Data("PAR1".utf8))
        #expect(written.suffix(4) == Data("PAR1".utf8))
    }

    @Test func staleTemporaryFileOfACrashedRunIsReplaced() throws {
        let path = try TemporaryDirectory.shared.path(for: "lifecycle stale")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stale = Self.temporaryPath(for: path)
        try Data("left by a crash".utf8).write(to: URL(fileURLWithPath: stale))

        let writer = try ParquetFileWriter(path: path, columns: Self.columns, options: .init())
        try writer.write(Self.batch([1]))
        _ = try writer.close()
        #expect(Self.exists(path))
        #expect(!Self.exists(stale))
    }

    @Test func failedCloseRemovesTheTemporaryFile() throws {
        // A non-empty directory at the final path makes the rename fail.
        let path = try TemporaryDirectory.shared.path(for: "lifecycle failed rename")
        try FileManager.default.createDirectory(
            atPath: path + "/occupied", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, columns: Self.columns, options: .init())
        try writer.write(Self.batch([1, 2]))

        do {
            _ = try writer.close()
            Issue.record("close renamed over a directory")
        } catch let error as ParquetError {
            #expect(error.code == .io)
            #expect(error.errno != nil)
        }
        #expect(!Self.exists(Self.temporaryPath(for: path)))
        #expect(Self.exists(path + "/occupied"))
        #expect(throws: ParquetError.self) { try writer.write(Self.batch([3])) }
    }

    @Test func missingDirectoryFailsWithErrnoAndCreatesNothing() throws {
        let directory = TemporaryDirectory.shared.absentDirectory.path
        let path = directory + "/out.parquet"
        do {
            _ = try ParquetFileWriter(path: path, columns: Self.columns, options: .init())
            Issue.record("writer created in a missing directory")
        } catch let error as ParquetError {
            #expect(error.code == .io)
            #expect(error.errno == ENOENT)
            #expect(error.path == path)
        }
        #expect(!Self.exists(directory))
    }
}
