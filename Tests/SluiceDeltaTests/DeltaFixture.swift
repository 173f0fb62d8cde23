import Foundation
import SluiceDelta
import SluiceJSON
import SluiceParquet
import Testing

/// One row of the test tables: every column type the writer supports, partitioned by day.
struct EventRow {
    var id: Int64
    var name: String?
    var score: Double?
    var active: Bool?
    /// Microseconds since the epoch.
    var at: Int64?
    var payload: String?
}

/// A table folder under a fresh temporary directory (removed with the fixture), with helpers
/// to write its data files.
final class DeltaFixture: Sendable {
    let base: String
    let root: String
    /// The Parquet type of `payload`: `.json` as Sluice writes event properties, or
    /// `.string`, which polars' own reader needs.
    let payloadType: ParquetColumnType

    /// The table schema: the data columns, then the partition column `day`.
    static let schema = [
        DeltaField(name: "id", type: .long, nullable: false),
        DeltaField(name: "name", type: .string),
        DeltaField(name: "score", type: .double),
        DeltaField(name: "active", type: .boolean),
        DeltaField(name: "at", type: .timestamp),
        DeltaField(name: "payload", type: .string),
        DeltaField(name: "day", type: .string),
    ]

    var parquetColumns: [ParquetColumnSpec] {
        Self.dataColumns + [ParquetColumnSpec(name: "payload", type: payloadType)]
    }

    static let dataColumns = [
        ParquetColumnSpec(name: "id", type: .int64, isOptional: false),
        ParquetColumnSpec(name: "name", type: .string),
        ParquetColumnSpec(name: "score", type: .double),
        ParquetColumnSpec(name: "active", type: .boolean),
        ParquetColumnSpec(name: "at", type: .timestampMicros),
    ]

    init(payloadType: ParquetColumnType = .json) throws {
        self.payloadType = payloadType
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sluice-delta-\(UUID().uuidString)")
        self.base = base.path
        root = base.appendingPathComponent("events").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }

    /// Writes `rows` as `day=<day>/<name>` and returns its `add`, statistics included.
    func writeFile(
        _ name: String, day: String, rows: [EventRow], columns: [DeltaField] = DeltaFixture.schema
    ) throws -> DeltaAddFile {
        try writeFile(
            name, folder: "day=\(day)/", partitionValues: [("day", day)], rows: rows,
            columns: columns)
    }

    /// Writes `rows` as `<folder><name>` (folder empty or ending in `/`).
    func writeFile(
        _ name: String, folder: String, partitionValues: [(String, String)], rows: [EventRow],
        columns: [DeltaField]
    ) throws -> DeltaAddFile {
        let relative = folder + name
        try FileManager.default.createDirectory(
            atPath: root + "/" + folder, withIntermediateDirectories: true)
        let writer = try ParquetFileWriter(
            path: root + "/" + relative, columns: parquetColumns, options: ParquetWriterOptions())
        try writer.write(buffers(rows))
        let summary = try writer.close()
        return DeltaAddFile(
            summary: summary, relativePath: relative, partitionValues: partitionValues,
            modificationTime: 1_796_000_000_000, columns: columns)
    }

    func buffers(_ rows: [EventRow]) -> [ParquetColumnBuffer] {
        var buffers = parquetColumns.map { ParquetColumnBuffer(type: $0.type) }
        for row in rows {
            buffers[0].append(row.id)
            if let name = row.name {
                buffers[1].append(string: name)
            } else {
                buffers[1].appendNull()
            }
            if let score = row.score { buffers[2].append(score) } else { buffers[2].appendNull() }
            if let active = row.active {
                buffers[3].append(active)
            } else {
                buffers[3].appendNull()
            }
            if let at = row.at { buffers[4].append(at) } else { buffers[4].appendNull() }
            if let payload = row.payload {
                buffers[5].append(string: payload)
            } else {
                buffers[5].appendNull()
            }
        }
        return buffers
    }

    /// Copies the table folder to a sibling and returns the copy's root.
    func copy(named name: String) throws -> String {
        let target = base + "/" + name
        try FileManager.default.copyItem(atPath: root, toPath: target)
        return target
    }

    func removeLogFile(_ name: String, in table: String? = nil) throws {
        try FileManager.default.removeItem(atPath: (table ?? root) + "/_delta_log/" + name)
    }

    func logFileNames(in table: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: (table ?? root) + "/_delta_log")
            .sorted()
    }
}

/// Runs `Python/read_delta.py` (deltalake and polars) on a table.
enum DeltaReader {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `SLUICE_PYTHON`, else `.venv/bin/python` under the package root.
    static var python: String {
        ProcessInfo.processInfo.environment["SLUICE_PYTHON"] ?? packageRoot + "/.venv/bin/python"
    }

    /// What deltalake and polars see; a missing Python or a reader error fails the test.
    static func read(
        _ table: String, version: Int64? = nil, appIds: [String] = [],
        countWhere: [(String, String, String)] = []
    ) throws -> JSONValue {
        var arguments = [table]
        if let version { arguments += ["--version", String(version)] }
        for appId in appIds { arguments += ["--app-id", appId] }
        for (column, op, value) in countWhere { arguments += ["--count-where", column, op, value] }
        return try run("read_delta.py", arguments)
    }

    /// What pyarrow sees in one checkpoint file: its columns and rows.
    static func readCheckpoint(_ path: String) throws -> JSONValue {
        try run("read_checkpoint.py", [path])
    }

    /// Runs `Python/<script>` and parses its JSON output.
    static func run(_ script: String, _ arguments: [String]) throws -> JSONValue {
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "no Python at '\(python)': set SLUICE_PYTHON or create .venv with deltalake and polars")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [packageRoot + "/Tests/SluiceDeltaTests/Python/" + script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(
            decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        try #require(process.terminationStatus == 0, "\(script) failed: \(errorText)")
        return try JSONParser().parse(Array(data))
    }
}

extension JSONValue {
    /// The integer at this value, for terse assertions.
    var int: Int64? { numberValue?.int64 }

    var strings: [String] { arrayValue?.compactMap(\.stringValue) ?? [] }
}
