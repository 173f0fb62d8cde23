import Foundation

/// Runs `scripts/parquet-readback.py` (pyarrow, DuckDB, polars) on a file and decodes its JSON.
///
/// Python is `$SLUICE_PYTHON`, else `.venv/bin/python` under the package root; when neither
/// exists the read throws, so a test that needs an independent reader fails rather than
/// passing without one.
enum PythonReader {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func python() throws -> String {
        if let configured = ProcessInfo.processInfo.environment["SLUICE_PYTHON"] {
            guard FileManager.default.isExecutableFile(atPath: configured) else {
                throw Missing(description: "SLUICE_PYTHON '\(configured)' is not executable")
            }
            return configured
        }
        let venv = packageRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: venv) else {
            throw Missing(description: "no Python reader: set SLUICE_PYTHON or run scripts/setup")
        }
        return venv
    }

    /// The read-back document: `pyarrow`, `duckdb`, `polars` and `metadata` sections.
    static func read(_ path: String) throws -> ReadBack {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        let script = packageRoot.appendingPathComponent("scripts/parquet-readback.py").path
        process.arguments = [script, path]
        let output = Pipe()
        let errors = Pipe()
        (process.standardOutput, process.standardError) = (output, errors)

        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self)
            throw Failed(description: "readback of '\(path)' failed: \(text)")
        }
        return try JSONDecoder().decode(ReadBack.self, from: data)
    }
}

/// The canonical JSON `parquet-readback.py` prints; every value is a string or null.
struct ReadBack: Decodable {
    struct Table: Decodable {
        var num_rows: Int
        var schema: [Field]
        var columns: [String: [String?]]
    }

    struct Field: Decodable, Equatable {
        var name: String
        var type: String
        var nullable: Bool?
    }

    struct Metadata: Decodable {
        var created_by: String
        var num_rows: Int
        var key_value_metadata: [String: String]
        var columns: [Column]
        var row_groups: [Group]
    }

    struct Column: Decodable {
        var name: String
        var physical_type: String
        var converted_type: String
        var max_definition_level: Int
        var logical_type: [String: LogicalValue]
    }

    enum LogicalValue: Decodable, Equatable {
        case text(String)
        case flag(Bool)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .flag(flag)
            } else {
                self = .text(try container.decode(String.self))
            }
        }
    }

    struct Group: Decodable {
        var num_rows: Int
        var columns: [Chunk]
    }

    struct Chunk: Decodable {
        var encodings: [String]
        var compression: String
        var num_values: Int
        var has_dictionary_page: Bool
        var total_compressed_size: Int
        var null_count: Int?
        var min: String?
        var max: String?
    }

    var pyarrow: Table
    var duckdb: Table
    var polars: Table
    var metadata: Metadata
}
