#if canImport(Glibc)
    import Glibc
#endif

/// Removes what crashed runs left behind, at the start of a run that holds the output lock:
/// temporary files, and data, quarantine, discards and dedupe files of runs that never
/// wrote their manifest. Committed runs' files are never touched.
enum LeftoverSweeper {
    /// Sweeps `outputDirectory` and returns the paths removed, relative to it.
    static func sweep(_ outputDirectory: String, history: RunHistory) -> [String] {
        var removed: [String] = []
        walk(outputDirectory, relative: "", history: history, removed: &removed)
        return removed
    }

    private static func walk(
        _ path: String, relative: String, history: RunHistory, removed: inout [String]
    ) {
        for name in FileSystem.listDirectory(path) {
            let child = path + "/" + name
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            if relative.isEmpty && name == OutputLock.fileName { continue }
            if relative.isEmpty && name == NightlyRun.manifestFolder {
                // Manifests are the commits themselves; only a manifest's unfinished write is
                // a leftover there.
                for file in temporaryFiles(in: child) {
                    FileSystem.removeFile(child + "/" + file)
                    removed.append(childRelative + "/" + file)
                }
                continue
            }
            if FileSystem.isDirectory(child) {
                if name.hasPrefix("run="), !history.isCommitted(String(name.dropFirst(4))) {
                    removeTree(child)
                    removed.append(childRelative)
                    continue
                }
                let before = removed.count
                walk(child, relative: childRelative, history: history, removed: &removed)
                // A folder the sweep emptied (a partition, or the table, of a crashed run's
                // new table) goes too; rmdir leaves any folder that still holds something.
                if removed.count > before, rmdir(child) == 0 { removed.append(childRelative) }
                continue
            }
            if isLeftover(name, history: history) {
                FileSystem.removeFile(child)
                removed.append(childRelative)
            }
        }
    }

    /// Temporary files always are; `part-<run>-<n>.parquet` and `<run>.keys` are when `<run>`
    /// has no manifest.
    static func isLeftover(_ name: String, history: RunHistory) -> Bool {
        if isTemporary(name) { return true }
        if name.hasPrefix("part-"), name.hasSuffix(".parquet") {
            let stem = name.dropFirst(5).dropLast(8)
            guard let dash = stem.lastIndex(of: "-") else { return false }
            return !history.isCommitted(String(stem[..<dash]))
        }
        if name.hasSuffix(".keys") { return !history.isCommitted(String(name.dropLast(5))) }
        return false
    }

    /// Whether `name` is a file an `AtomicFile` writes before it commits (`.<name>.tmp-<pid>`),
    /// which outlives its writer only when the writer failed or was killed.
    static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(".tmp-")
    }

    /// The temporary files directly in `directory` (see `isTemporary`).
    static func temporaryFiles(in directory: String) -> [String] {
        FileSystem.listDirectory(directory).filter {
            isTemporary($0) && !FileSystem.isDirectory(directory + "/" + $0)
        }
    }

    static func removeTree(_ path: String) {
        for name in FileSystem.listDirectory(path) {
            let child = path + "/" + name
            if FileSystem.isDirectory(child) {
                removeTree(child)
            } else {
                FileSystem.removeFile(child)
            }
        }
        rmdir(path)
    }
}
