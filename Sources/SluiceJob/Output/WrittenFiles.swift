#if canImport(Glibc)
    import Glibc
#endif

/// The final paths this run has put in place so far, so a failing run can take them back.
struct WrittenFiles: Sendable {
    private(set) var paths: [String] = []

    mutating func add(_ path: String) {
        paths.append(path)
    }

    /// Removes every file this run wrote; used only when the run fails before its manifest.
    mutating func removeAll() {
        for path in paths {
            FileSystem.removeFile(path)
            // Leave no empty partition folder behind: at most `hr=`, `day=` and the table's own
            // folder, and rmdir never removes a folder that still holds anything.
            var folder = FileSystem.directoryName(of: path)
            for _ in 0..<3 where rmdir(folder) == 0 {
                folder = FileSystem.directoryName(of: folder)
            }
        }
        paths.removeAll()
    }
}
