import SluiceHash

#if canImport(Glibc)
    import Glibc
#endif

/// The messageIds earlier runs committed, by received day, so tonight's resends of last
/// night's events are counted as prior duplicates instead of loaded twice.
///
/// Layout: `OUT/_dedupe/day=YYYY-MM-DD/<run>.keys`, one file per run and received day,
/// holding the run's keys sorted ascending, 16 bytes each after an 8-byte magic and an 8-byte
/// count. A key is the 128-bit MurmurHash3 fingerprint of the messageId: two different ids
/// share a key with probability about n²/2^129 (below 10^-18 for ten billion ids), so the
/// index is exact in practice while costing 16 bytes an id whatever the id's length.
///
/// A key file counts only when its run's manifest exists and the run was not superseded by a
/// rerun of its batch, so a crashed run's keys never hide tomorrow's events. Lookups stream
/// one file at a time against tonight's sorted keys (a merge), so memory stays at tonight's
/// keys whatever the window holds. Files of days that fell out of the window are removed by
/// the run that notices.
struct DedupeIndex {
    static let folder = "_dedupe"
    static let magic: [UInt8] = Array("SLKEYS01".utf8)

    let outputDirectory: String

    var root: String { outputDirectory + "/" + Self.folder }

    /// The seed of every key; key files on disk hold keys made with it, so it never changes.
    private static let keySeed: UInt64 = 0x5EED_D00D

    /// The key of a messageId.
    static func key(_ messageId: String) -> Hash128 {
        Fingerprint128.hash(messageId, seed: keySeed)
    }

    /// The key of the messageId whose UTF-8 is `messageId`; equal to `key(_:)` of its text.
    static func key(utf8 messageId: UnsafeRawBufferPointer) -> Hash128 {
        Fingerprint128.hash(messageId, seed: keySeed)
    }

    /// The received days that have key files, in order.
    func days() -> [String] {
        FileSystem.listDirectory(root).compactMap {
            $0.hasPrefix("day=") ? String($0.dropFirst(4)) : nil
        }
    }

    /// Marks which of `keys` (sorted ascending by key) an eligible run already committed.
    ///
    /// - Parameters:
    ///   - days: the received days to look in.
    ///   - isEligible: whether a run's keys count (committed and not superseded, and not of
    ///     tonight's batch).
    ///   - isWithinWindow: whether a match of the key at a position, found on a day (as a day
    ///     number since 1970), counts: each key looks only within its own event's window.
    /// - Returns: for each position in `keys`, the run that committed it first, or `nil`.
    func priorRuns(
        of keys: [Hash128], days: [String], isEligible: (String) -> Bool,
        isWithinWindow: (Int, Int64) -> Bool = { _, _ in true }
    ) throws -> [String?] {
        var found = [String?](repeating: nil, count: keys.count)
        guard !keys.isEmpty else { return found }
        for day in days {
            let folder = root + "/day=" + day
            guard let number = Backfill.dayNumber(day) else { continue }
            for name in FileSystem.listDirectory(folder) where name.hasSuffix(".keys") {
                let run = String(name.dropLast(5))
                guard isEligible(run) else { continue }
                try merge(file: folder + "/" + name, run: run, keys: keys, found: &found) {
                    isWithinWindow($0, number)
                }
            }
        }
        return found
    }

    private func merge(
        file: String, run: String, keys: [Hash128], found: inout [String?],
        counts: (Int) -> Bool
    ) throws {
        let bytes = try FileSystem.readFile(file)
        guard bytes.count >= 16, Array(bytes[0..<8]) == Self.magic else {
            throw JobError(
                .output,
                "The dedupe index file '\(file)' is damaged (bad header); remove it and rerun the batch that wrote it, or run 'sluice gc'."
            )
        }
        let count = Int(Self.readUInt64(bytes, at: 8))
        guard bytes.count == 16 + count * 16 else {
            throw JobError(
                .output,
                "The dedupe index file '\(file)' is damaged (its length does not match its count); remove it and rerun the batch that wrote it."
            )
        }
        var i = 0
        var j = 0
        while i < keys.count && j < count {
            let other = Hash128(
                high: Self.readUInt64(bytes, at: 16 + j * 16),
                low: Self.readUInt64(bytes, at: 24 + j * 16))
            if keys[i] < other {
                i += 1
            } else if other < keys[i] {
                j += 1
            } else {
                if found[i] == nil, counts(i) { found[i] = run }
                i += 1
            }
        }
    }

    /// Every key one run committed, over all days.
    func keys(ofRun run: String) throws -> Set<Hash128> {
        var keys: Set<Hash128> = []
        for day in days() {
            let path = root + "/day=" + day + "/" + run + ".keys"
            guard FileSystem.exists(path) else { continue }
            let bytes = try FileSystem.readFile(path)
            guard bytes.count >= 16, Array(bytes[0..<8]) == Self.magic else { continue }
            let count = Int(Self.readUInt64(bytes, at: 8))
            guard bytes.count == 16 + count * 16 else { continue }
            for j in 0..<count {
                keys.insert(
                    Hash128(
                        high: Self.readUInt64(bytes, at: 16 + j * 16),
                        low: Self.readUInt64(bytes, at: 24 + j * 16)))
            }
        }
        return keys
    }

    /// One received day's key file, built and not yet written.
    struct DayFile: Sendable {
        let day: String
        let bytes: [UInt8]
    }

    /// The key files of a run's keys, one per received day in day order: each day's keys
    /// sorted ascending after the magic and the count, all big-endian.
    static func files(keysByDay: [String: [Hash128]]) -> [DayFile] {
        keysByDay.sorted { $0.key < $1.key }.map { day, keys in
            DayFile(day: day, bytes: fileBytes(keys))
        }
    }

    /// One key file's bytes. The keys are sorted straight into the file's bytes and turned
    /// big-endian in place there: a night's keys take tens of megabytes, and a sorted copy
    /// would be that much more fresh memory for the kernel to fault in and zero.
    private static func fileBytes(_ keys: [Hash128]) -> [UInt8] {
        let byteCount = 16 + keys.count * 16
        return [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(
                UnsafeMutableBufferPointer(rebasing: buffer[0..<byteCount]))
            raw.copyBytes(from: magic)
            raw.storeBytes(of: UInt64(keys.count).bigEndian, toByteOffset: 8, as: UInt64.self)

            let start = raw.baseAddress! + 16
            precondition(
                Int(bitPattern: start) % MemoryLayout<Hash128>.alignment == 0,
                "Key file bytes at \(start) are not aligned for 128-bit keys")
            let sorted = start.bindMemory(to: Hash128.self, capacity: keys.count)
            HashOrderSort.sort(
                [keys], into: UnsafeMutableBufferPointer(start: sorted, count: keys.count),
                key: { $0 }, by: <)
            for position in 0..<keys.count {
                let key = sorted[position]
                let offset = 16 + position * 16
                raw.storeBytes(of: key.high.bigEndian, toByteOffset: offset, as: UInt64.self)
                raw.storeBytes(of: key.low.bigEndian, toByteOffset: offset + 8, as: UInt64.self)
            }
            start.bindMemory(to: UInt8.self, capacity: keys.count * 16)
            count = byteCount
        }
    }

    /// Writes one of a run's key files (from `files(keysByDay:)`), atomically, and returns its
    /// path.
    func write(run: String, file: DayFile) throws -> String {
        let path = root + "/day=" + file.day + "/" + run + ".keys"
        try AtomicFile.write(file.bytes, to: path)
        return path
    }

    /// Removes the key files of `runs` (superseded by a rerun, or never committed).
    func remove(runs: Set<String>) {
        for day in days() {
            let folder = root + "/day=" + day
            for name in FileSystem.listDirectory(folder) where name.hasSuffix(".keys") {
                if runs.contains(String(name.dropLast(5))) {
                    FileSystem.removeFile(folder + "/" + name)
                }
            }
            rmdir(folder)
        }
    }

    /// The key file of `run` on `day`.
    func keyFilePath(_ run: String, _ day: String) -> String {
        root + "/day=" + day + "/" + run + ".keys"
    }

    /// Removes every day folder before `firstKeptDay` (days compare as `YYYY-MM-DD` text).
    func expire(before firstKeptDay: String) -> [String] {
        expire(days().filter { $0 < firstKeptDay })
    }

    /// Removes the folders of `days` and returns them.
    private func expire(_ days: [String]) -> [String] {
        var expired: [String] = []
        for day in days {
            let folder = root + "/day=" + day
            for name in FileSystem.listDirectory(folder) {
                FileSystem.removeFile(folder + "/" + name)
            }
            rmdir(folder)
            expired.append(day)
        }
        return expired
    }

    /// The big-endian `UInt64` at `offset`, which must leave 8 bytes.
    static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        precondition(offset >= 0 && offset + 8 <= bytes.count, "key file read past its end")
        return bytes.withUnsafeBytes {
            UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
    }
}
