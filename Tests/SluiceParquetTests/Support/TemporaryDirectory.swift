import Foundation

/// Scratch file paths in the system temporary directory, unique to this test process. Tests
/// remove their own files, so nothing is left behind.
final class TemporaryDirectory: Sendable {
    static let shared = TemporaryDirectory()
    let url: URL
    let prefix: String

    private init() {
        url = FileManager.default.temporaryDirectory
        prefix = "sluice-parquet-test-\(ProcessInfo.processInfo.processIdentifier)-"
    }

    /// A fresh path for a case's file; an earlier file of the same name is removed.
    func path(for name: String) throws -> String {
        let safe = name.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let path = url.appendingPathComponent(prefix + String(safe) + ".parquet").path
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    /// A directory path that does not exist.
    var absentDirectory: URL { url.appendingPathComponent(prefix + "absent-directory") }
}
