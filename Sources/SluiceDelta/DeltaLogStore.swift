// Delta Transaction Log Protocol, "Delta Log Entries" and "Checkpoints": commits are
// `_delta_log/<version>.json` with the version zero-padded to 20 digits, classic checkpoints
// `<version>.checkpoint.parquet`; "Blob Store Requirements" asks for atomic, mutually
// exclusive creation of a commit file, which link(2) of a finished file gives on POSIX.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `_delta_log` folder of one table, as POSIX file operations.
///
/// Commit files are only ever created with `putIfAbsent`, never replaced; a failed call
/// leaves at most a hidden `.tmp-` file in the folder, which readers ignore. Safe to use
/// from several processes at once (that is what put-if-absent is for), not from several
/// threads on one instance.
struct DeltaLogStore {
    let table: String
    let directory: String

    init(table: String) {
        self.table = table
        directory = table + "/_delta_log"
    }

    static func commitName(_ version: Int64) -> String { padded(version) + ".json" }

    static func checkpointName(_ version: Int64) -> String {
        padded(version) + ".checkpoint.parquet"
    }

    static let lastCheckpointName = "_last_checkpoint"

    private static func padded(_ version: Int64) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// Whether the log folder exists at all.
    var exists: Bool {
        var info = stat()
        return stat(directory, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The versions of every `<20 digits>.json` commit file, ascending.
    func commitVersions() throws -> [Int64] {
        guard let handle = opendir(directory) else {
            throw failure("could not list the log folder '\(directory)'", version: nil)
        }
        defer { closedir(handle) }

        var versions: [Int64] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let version = Self.commitVersion(ofName: name) { versions.append(version) }
        }
        return versions.sorted()
    }

    static func commitVersion(ofName name: String) -> Int64? {
        let utf8 = Array(name.utf8)
        guard utf8.count == 25, name.hasSuffix(".json") else { return nil }
        guard utf8.prefix(20).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(String(decoding: utf8.prefix(20), as: UTF8.self))
    }

    /// The whole content of the log file `name`; `nil` when it does not exist.
    func read(_ name: String, version: Int64?) throws -> [UInt8]? {
        let path = directory + "/" + name
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 && errno == ENOENT { return nil }
        guard descriptor >= 0 else { throw failure("could not open '\(path)'", version: version) }
        defer { close(descriptor) }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("could not read '\(path)'", version: version) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk.prefix(count))
        }
    }

    /// Creates the table folder and its `_delta_log` when missing.
    func createDirectory() throws {
        for path in [table, directory] where mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw failure("could not create the folder '\(path)'", version: nil)
        }
    }

    /// Writes `name` only if no file of that name exists: the bytes go to a temporary
    /// file, are fsynced, and are then hard-linked to `name`, which fails with EEXIST when
    /// another writer got there first. The temporary file is removed either way.
    func putIfAbsent(_ name: String, _ bytes: [UInt8], version: Int64) throws {
        let temporary = try writeTemporary(name, bytes, version: version)
        defer { unlink(temporary) }

        if link(temporary, directory + "/" + name) != 0 {
            if errno == EEXIST {
                throw DeltaError(
                    .concurrentCommit,
                    "Another writer committed version \(version) first; the commit was not written. Read the table again and retry if the batch is still needed.",
                    table: table, version: version, errno: EEXIST)
            }
            throw failure("could not link the commit file '\(name)' into place", version: version)
        }
        syncDirectory()
    }

    /// Replaces `name` atomically (temporary file, fsync, rename): for checkpoints and
    /// `_last_checkpoint`, which may be rewritten with the same content.
    func replace(_ name: String, _ bytes: [UInt8], version: Int64) throws {
        let temporary = try writeTemporary(name, bytes, version: version)
        if rename(temporary, directory + "/" + name) != 0 {
            let error = failure("could not rename '\(temporary)' to '\(name)'", version: version)
            unlink(temporary)
            throw error
        }
        syncDirectory()
    }

    /// A hidden file beside `name` (`.tmp-<name>-<pid>-<random>`), whose name no Delta
    /// reader parses as a log file; written and fsynced.
    func writeTemporary(_ name: String, _ bytes: [UInt8], version: Int64) throws -> String {
        let path = "\(directory)/.tmp-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("could not create '\(path)'", version: version) }
        defer { close(descriptor) }

        do {
            try writeAll(bytes, to: descriptor, path: path, version: version)
            if fsync(descriptor) != 0 {
                throw failure("could not fsync '\(path)'", version: version)
            }
        } catch {
            unlink(path)
            throw error
        }
        return path
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String, version: Int64)
        throws
    {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + done, $0.count - done)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure("could not write '\(path)'", version: version) }
            done += count
        }
    }

    /// Makes a new name in the log folder durable; a failure here only weakens durability
    /// against power loss, so it is not reported.
    private func syncDirectory() {
        let handle = open(directory, O_RDONLY | O_CLOEXEC)
        guard handle >= 0 else { return }
        fsync(handle)
        close(handle)
    }

    func failure(_ what: String, version: Int64?) -> DeltaError {
        let code = errno
        let reason = String(cString: strerror(code))
        return DeltaError(.io, "\(what): \(reason).", table: table, version: version, errno: code)
    }
}
