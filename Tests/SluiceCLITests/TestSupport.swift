import Foundation
import Testing

/// Runs the built `sluice` binary and the independent Python readers for end-to-end tests.
enum TestSupport {
    /// The package root, from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The shared material beside the repository (read-only).
    static let shared = packageRoot + "/../shared"

    /// The binary under test: `SLUICE_BINARY`, else the debug build `swift test` made.
    static var binary: String {
        ProcessInfo.processInfo.environment["SLUICE_BINARY"] ?? packageRoot + "/.build/debug/sluice"
    }

    /// The Python with pyarrow, DuckDB and jsonschema: `SLUICE_PYTHON`, else `.venv`.
    static var python: String {
        ProcessInfo.processInfo.environment["SLUICE_PYTHON"] ?? packageRoot + "/.venv/bin/python"
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to completion, capturing its output.
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:])
        throws -> Result
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Checks that a run was refused as a usage error (status 2), saying `message` on stderr,
    /// and committed nothing to `output`.
    static func expectRefused(
        _ result: Result, saying message: String, output: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.status == 2, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(try manifests(in: output).isEmpty, sourceLocation: sourceLocation)
    }

    /// Runs `sluice` with arguments.
    static func sluice(_ arguments: [String]) throws -> Result {
        try run(binary, arguments)
    }

    /// Runs a Python check script from `Tests/SluiceCLITests/Python` and decodes its JSON stdout.
    static func pythonCheck(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        #expect(
            FileManager.default.isExecutableFile(atPath: python),
            "no Python at \(python): run scripts/setup")
        let path = packageRoot + "/Tests/SluiceCLITests/Python/" + script
        let result = try run(python, [path] + arguments)
        #expect(result.status == 0, "\(script) failed: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return object as? [String: Any] ?? [:]
    }

    /// A fresh empty directory under the system temporary directory.
    static func scratchDirectory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "sluice-test-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Reads and decodes a JSON file.
    static func readJSON(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// The discard records run `runId` wrote under `output`, file by file in name order; none
    /// when it wrote no discards folder.
    static func discardRecords(in output: String, runId: String) throws -> [[String: Any]] {
        let folder = output + "/_discards/run=" + runId
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return try names.sorted().flatMap { name in
            try run("/bin/gzip", ["-dc", folder + "/" + name]).stdout
                .split(separator: "\n")
                .compactMap {
                    try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
        }
    }

    /// The manifests in an output directory, oldest first.
    static func manifests(in output: String) throws -> [String] {
        let folder = output + "/_manifests"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let paths = names.filter { $0.hasSuffix(".json") }.map { folder + "/" + $0 }
        // Run ids start with the second the run started; two runs in one second sort by start.
        let started = paths.map { (try? readJSON($0)["started_at"] as? String) ?? "" }
        return zip(paths, started).sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }
}
