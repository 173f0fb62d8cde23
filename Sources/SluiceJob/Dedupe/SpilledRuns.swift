#if canImport(Glibc)
    import Glibc
#endif

/// Sorted runs of dedupe entries in temporary files, merged back in key order.
///
/// The files live in a private directory under `$TMPDIR` (default `/tmp`) that `removeAll`
/// deletes; a run that crashes leaves it for the system's temporary-file cleaning. Merging
/// reads at most `maximumFanIn` runs at once, each through a small buffer, so memory and open
/// files stay bounded however many runs a night spills: past that many, groups of runs are
/// first merged into longer runs, in as many passes as it takes.
struct SpilledRuns {
    /// Entries read at once from each run while merging (384 KiB of 48-byte entries).
    static let readBufferEntries = 8192

    /// The most runs one merge reads at once: each takes a file descriptor and a read buffer
    /// (12 MiB of buffers in all). At the default `--dedupe-memory` a run holds 5.5 million
    /// entries, so only nights past 170 million events merge in more than one pass.
    static let maximumFanIn = 32

    /// Created with the first run, so a night that fits in memory touches no disk.
    private var directory: String?
    /// Runs written by `write`, the count the manifest reports.
    private(set) var count = 0
    /// Files made in all, merge passes' runs included; names the next one.
    private var files = 0

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
        let writer = try RunWriter(path: newFile())
        try entries.withUnsafeBytes { try writer.write($0) }
        try writer.close()
        count += 1
    }

    /// A new file's number, its directory made if need be.
    private mutating func newFile() throws -> String {
        _ = try makeDirectory()
        files += 1
        return path(files - 1)
    }

    /// Calls `body` with every entry of every run, in sorted order. Runs past
    /// `maximumFanIn` are first merged, a group at a time, into longer runs (the files they
    /// replace are deleted), so the last merge reads at most that many.
    mutating func merge(_ body: (DedupeResolver.Entry) -> Void) throws {
        var runs = Array(0..<files)
        while runs.count > Self.maximumFanIn {
            var longer: [Int] = []
            for start in stride(from: 0, to: runs.count, by: Self.maximumFanIn) {
                let group = Array(runs[start..<min(start + Self.maximumFanIn, runs.count)])
                guard group.count > 1 else {
                    longer += group
                    continue
                }
                let output = try newFile()
                let writer = try RunWriter(path: output)
                try Self.merge(group.map(path)) { try writer.append($0) }
                try writer.close()
                for run in group { unlink(path(run)) }
                longer.append(files - 1)
            }
            runs = longer
        }
        try Self.merge(runs.map(path)) { body($0) }
    }

    /// Merges the sorted runs at `paths` through a binary heap of their next entries.
    private static func merge(
        _ paths: [String], _ body: (DedupeResolver.Entry) throws -> Void
    ) throws {
        let readers = try paths.map { try RunReader(path: $0) }
        var heap: [(entry: DedupeResolver.Entry, run: Int)] = []
        heap.reserveCapacity(readers.count)
        for (run, reader) in readers.enumerated() {
            if let entry = try reader.next() { heap.append((entry, run)) }
        }
        for start in stride(from: heap.count / 2 - 1, through: 0, by: -1) {
            siftDown(&heap, from: start)
        }
        while let top = heap.first {
            try body(top.entry)
            if let next = try readers[top.run].next() {
                heap[0] = (next, top.run)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(&heap, from: 0) }
        }
    }

    /// Restores the heap order below `index`, smallest entry first.
    private static func siftDown(
        _ heap: inout [(entry: DedupeResolver.Entry, run: Int)], from index: Int
    ) {
        var parent = index
        while true {
            var smallest = parent
            let left = 2 * parent + 1
            if left < heap.count, heap[left].entry < heap[smallest].entry { smallest = left }
            if left + 1 < heap.count, heap[left + 1].entry < heap[smallest].entry {
                smallest = left + 1
            }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    /// Deletes the runs and their directory.
    mutating func removeAll() {
        for run in 0..<files { unlink(path(run)) }
        if let directory { rmdir(directory) }
        directory = nil
        count = 0
        files = 0
    }

    /// Writes one run's entries through a fixed buffer; `close` must be called, and says
    /// whether everything reached the file.
    private final class RunWriter {
        let fd: Int32
        let path: String
        var buffer: [DedupeResolver.Entry] = []
        var isClosed = false

        init(path: String) throws {
            self.path = path
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            if fd < 0 { throw JobError.io("create", path: path, errno: errno) }
            buffer.reserveCapacity(SpilledRuns.readBufferEntries)
        }

        deinit { if !isClosed { Glibc.close(fd) } }

        func append(_ entry: DedupeResolver.Entry) throws {
            buffer.append(entry)
            if buffer.count == SpilledRuns.readBufferEntries { try flush() }
        }

        func write(_ bytes: UnsafeRawBufferPointer) throws {
            let code = FileSystem.writeAll(fd, bytes)
            if code != 0 { throw JobError.io("write", path: path, errno: code) }
        }

        private func flush() throws {
            try buffer.withUnsafeBytes { try write($0) }
            buffer.removeAll(keepingCapacity: true)
        }

        func close() throws {
            try flush()
            isClosed = true
            if Glibc.close(fd) != 0 { throw JobError.io("close", path: path, errno: errno) }
        }
    }

    /// Reads one run's entries through a fixed buffer; its file closes at the run's end or
    /// when the reader goes away.
    private final class RunReader {
        let fd: Int32
        let path: String
        var buffer: [DedupeResolver.Entry] = []
        var position = 0
        var isClosed = false

        init(path: String) throws {
            self.path = path
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw JobError.io("open", path: path, errno: errno) }
        }

        deinit { if !isClosed { Glibc.close(fd) } }

        func next() throws -> DedupeResolver.Entry? {
            if position == buffer.count {
                guard !isClosed else { return nil }
                try refill()
                if buffer.isEmpty {
                    isClosed = true
                    Glibc.close(fd)
                    return nil
                }
            }
            position += 1
            return buffer[position - 1]
        }

        private func refill() throws {
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
