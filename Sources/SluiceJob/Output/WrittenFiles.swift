/// The final paths this run has put in place so far, so a failing run can take them back.
struct WrittenFiles {
    private(set) var paths: [String] = []

    mutating func add(_ path: String) {
        paths.append(path)
    }

    /// Removes every file this run wrote; used only when the run fails before its manifest.
    mutating func removeAll() {
        for path in paths { FileSystem.removeFile(path) }
        paths.removeAll()
    }
}
