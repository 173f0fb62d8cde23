#if canImport(Glibc)
    import Glibc
#endif

/// Sorted runs of dedupe entries in temporary files, merged back in key order.
///
/// The files live in a private directory under `$TMPDIR` (default `/tmp`) that `removeAll`
/// deletes; a run that crashes leaves it for the system's temporary-file cleaning. Merging
/// reads every run through a small buffer, so memory is the buffers, not the runs.
struct SpilledRuns {
    /// Entries read at once from each run while merging.
    static let readBufferEntries = 8192

    /// Created with the first run, so a night that fits in memory touches no disk.
    private var directory: String?
    private(set) var count = 0

    init() {}

    private mutating func makeDirectory() throws -> String {
        if let directory { return directory }
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((base + "/sluice-dedupe-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) })
        else {
            throw JobError.io(
                "create a temporary directory for the dedupe under", path: base, errno: errno)
        }
        let path = String(cString: made)
        directory = path
        return path
    }

    private func path(_ run: Int) -> String { (directory ?? "") + "/run-\(run).bin" }

    /// Writes one sorted run.
    mutating func write(_ entries: [DedupeResolver.Entry]) throws {
        _ = try makeDirectory()
        let file = path(count)
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw JobError.io("create", path: file, errno: errno) }
        defer { close(fd) }
        let code = entries.withUnsafeBytes { FileSystem.writeAll(fd, $0) }
        if code != 0 { throw JobError.io("write", path: file, errno: code) }
        count += 1
    }

    /// Calls `body` with every entry of every run, in sorted order.
    func merge(_ body: (DedupeResolver.Entry) -> Void) throws {
        var readers = try (0..<count).map { try RunReader(path: path($0)) }
        var heads = try readers.indices.map { try readers[$0].next() }
        while true {
            var best: Int?
            for i in heads.indices {
                guard let head = heads[i] else { continue }
                if let b = best, !(head < heads[b]!) { continue }
                best = i
            }
            guard let chosen = best else { return }
            body(heads[chosen]!)
            heads[chosen] = try readers[chosen].next()
        }
    }

    /// Deletes the runs and their directory.
    mutating func removeAll() {
        for run in 0..<count { unlink(path(run)) }
        if let directory { rmdir(directory) }
        directory = nil
        count = 0
    }

    /// Reads one run's entries through a fixed buffer.
    private struct RunReader {
        let fd: Int32
        let path: String
        var buffer: [DedupeResolver.Entry] = []
        var position = 0

        init(path: String) throws {
            self.path = path
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw JobError.io("open", path: path, errno: errno) }
        }

        mutating func next() throws -> DedupeResolver.Entry? {
            if position == buffer.count {
                try refill()
                if buffer.isEmpty {
                    close(fd)
                    return nil
                }
            }
            position += 1
            return buffer[position - 1]
        }

        private mutating func refill() throws {
            let stride = MemoryLayout<DedupeResolver.Entry>.stride
            var entries = [DedupeResolver.Entry](
                repeating: DedupeResolver.Entry(
                    key: .init(high: 0, low: 0), receivedAt: 0, file: 0, index: 0,
                    content: .init(high: 0, low: 0)),
                count: SpilledRuns.readBufferEntries)
            var filled = 0
            try entries.withUnsafeMutableBytes { raw in
                while filled < raw.count {
                    let got = read(fd, raw.baseAddress! + filled, raw.count - filled)
                    if got < 0 {
                        if errno == EINTR { continue }
                        throw JobError.io("read", path: path, errno: errno)
                    }
                    if got == 0 { break }
                    filled += got
                }
            }
            buffer = Array(entries[0..<(filled / stride)])
            position = 0
        }
    }
}
