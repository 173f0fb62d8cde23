import SluiceReader

/// Reads back the exact bytes of chosen lines of a file, for quarantine records of events
/// that were parsed (blocked events, conflicting duplicates) and so kept no raw copy.
///
/// Re-reading costs a second decompression of only the files that hold such lines, which is
/// cheaper than keeping every raw line of a run in memory. Where the first read left
/// checkpoints (`InflateCheckpoint`), each wanted line is read from the last checkpoint
/// before it, so only the stretches before wanted lines are decompressed again; otherwise a
/// file is read from its start up to its last wanted line.
enum RawLineFetcher {
    /// Ends a read once the last wanted line has gone by.
    private struct PastLastWanted: Error {}

    /// What fetches read, for the run's log.
    struct Effort: Sendable {
        /// Reads that resumed at a checkpoint rather than at a file's start.
        var resumedReads = 0
        /// Decompressed bytes passed through, from where each read started to its last
        /// wanted line's end.
        var plainBytes: Int64 = 0

        static func + (left: Effort, right: Effort) -> Effort {
            Effort(
                resumedReads: left.resumedReads + right.resumedReads,
                plainBytes: left.plainBytes + right.plainBytes)
        }
    }

    /// The wanted lines of `file` by number. With `checkpoints` from the file's first read and
    /// the `store` holding them, lines are read from the checkpoints before them; any line a
    /// resumed read did not give (its state unreadable, the file changed) is read from the
    /// file's start. A line that cannot be read at all is absent.
    static func fetch(
        lines wanted: Set<Int>, of file: InputFile, options: ReaderOptions,
        checkpoints: [InflateCheckpoint] = [], store: CheckpointStore? = nil,
        effort: inout Effort
    ) -> [Int: [UInt8]] {
        var found: [Int: [UInt8]] = [:]
        let reader = LogFileReader(file: file, options: options)
        if let store {
            for (checkpoint, lines) in groups(wanted.sorted(), by: checkpoints) {
                guard let checkpoint else { continue }
                read(lines, with: reader, from: (checkpoint, store), into: &found, &effort)
            }
        }

        let missing = wanted.filter { found[$0] == nil }
        if !missing.isEmpty {
            read(missing.sorted(), with: reader, from: nil, into: &found, &effort)
        }
        return found
    }

    /// `lines` (ascending) split by the last checkpoint at or before each, in file order; the
    /// lines before the first checkpoint come with none.
    static func groups(_ lines: [Int], by checkpoints: [InflateCheckpoint]) -> [(
        InflateCheckpoint?, [Int]
    )] {
        var groups: [(InflateCheckpoint?, [Int])] = []
        var next = 0
        var current: Int?
        for line in lines {
            while next < checkpoints.count, checkpoints[next].nextLine <= line { next += 1 }
            let index = next - 1
            if groups.isEmpty || current != index {
                groups.append((index >= 0 ? checkpoints[index] : nil, []))
                current = index
            }
            groups[groups.count - 1].1.append(line)
        }
        return groups
    }

    /// Reads `lines` (ascending) in one pass, from `resume`'s checkpoint or from the start.
    private static func read(
        _ lines: [Int], with reader: LogFileReader,
        from resume: (checkpoint: InflateCheckpoint, store: CheckpointStore)?,
        into found: inout [Int: [UInt8]], _ effort: inout Effort
    ) {
        guard let last = lines.last else { return }
        let wanted = Set(lines)
        let start = resume?.checkpoint.plainOffset ?? 0
        var reached = start
        func take(_ line: LogLine) throws {
            if wanted.contains(line.lineNumber) { found[line.lineNumber] = Array(line.bytes) }
            reached = line.byteOffset + Int64(line.bytes.count)
            if line.lineNumber >= last { throw PastLastWanted() }
        }

        // A read ends by throwing once past its last line, so its summary is not looked at.
        if let resume {
            _ = try? reader.forEachLine(resumingAt: resume.checkpoint, in: resume.store, take)
            if reached > start { effort.resumedReads += 1 }
        } else {
            _ = try? reader.forEachLine(take)
        }
        effort.plainBytes += reached - start
    }

    /// Fills `raw` of every record marked `rawPending`, reading each file once.
    static func fill(
        _ records: inout [QuarantineRecord], files: [InputFile], options: ReaderOptions
    ) {
        var wantedByFile: [String: Set<Int>] = [:]
        for record in records where record.rawPending {
            wantedByFile[record.file, default: []].insert(record.line)
        }
        var effort = Effort()
        for file in files {
            guard let wanted = wantedByFile[file.relativePath] else { continue }
            let found = fetch(lines: wanted, of: file, options: options, effort: &effort)
            for index in records.indices
            where records[index].rawPending && records[index].file == file.relativePath {
                records[index].raw = found[records[index].line]
                records[index].rawPending = false
            }
        }
    }
}
