import Foundation

/// One scratch directory per test process under the system temporary directory; tests
/// remove their own files, the directory itself stays behind empty.
final class TemporaryDirectory: Sendable {
    static let shared = TemporaryDirectory()
    let url: URL

    private init() {
        let name = "sluice-parquet-tests-\(ProcessInfo.processInfo.processIdentifier)"
        url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A fresh path for a case's file; an earlier file of the same name is removed.
    func path(for name: String) throws -> String {
        let safe = name.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let path = url.appendingPathComponent(String(safe) + ".parquet").path
        try? FileManager.default.removeItem(atPath: path)
        return path
    }
}
