import SluiceHash
import SluiceJSON
import SluiceReader

/// Reads back the exact bytes of chosen lines of a file, for the quarantine records of
/// conflicts' losing copies: that a copy loses is known only after the ingest, which keeps no
/// raw line of an event it parsed (a blocked event's line is kept in its record instead).
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

    /// What the ingest learned of a wanted line, so that a line read back can be checked to
    /// be the same: where it began in the decompressed stream and its payload's fingerprint
    /// (`DedupeCandidate.offset` and `content`).
    struct ExpectedLine: Sendable, Equatable {
        var offset: Int64
        var content: Hash128
    }

    /// The wanted lines of `file` by number, each exactly as the ingest read it. With
    /// `checkpoints` from the file's first read and the `store` holding them, lines are read
    /// from the checkpoints before them; any line a resumed read did not give (its state
    /// unreadable, or the line not as the ingest read it) is read again from the file's start.
    ///
    /// Nothing is read unless the file still has the `identity` the ingest saw, and a line is
    /// given only when it starts where the ingest found it and fingerprints as its payload did;
    /// a line that cannot be read as it was is absent.
    static func fetch(
        lines wanted: [Int: ExpectedLine], of file: InputFile, identity: FileIdentity?,
        options: ReaderOptions, checkpoints: [InflateCheckpoint] = [],
        store: CheckpointStore? = nil, effort: inout Effort
    ) -> [Int: [UInt8]] {
        guard let identity else { return [:] }
        var found: [Int: [UInt8]] = [:]
        var check = LineCheck(wanted: wanted)
        let reader = LogFileReader(file: file, options: options)
        if let store {
            for (checkpoint, lines) in groups(wanted.keys.sorted(), by: checkpoints) {
                guard let checkpoint else { continue }
                read(
                    lines, with: reader, identity, from: (checkpoint, store), &check, into: &found,
                    &effort)
            }
        }

        let missing = wanted.keys.filter { found[$0] == nil }
        if !missing.isEmpty {
            read(missing.sorted(), with: reader, identity, from: nil, &check, into: &found, &effort)
        }
        return found
    }

    /// Checks lines read back against what the ingest learned of them.
    private struct LineCheck {
        let wanted: [Int: ExpectedLine]
        private var tape = JSONTape()
        private var fingerprint = PayloadFingerprint()

        init(wanted: [Int: ExpectedLine]) { self.wanted = wanted }

        /// Whether `line` is a wanted line as the ingest read it.
        mutating func accepts(_ line: LogLine) -> Bool {
            guard let expected = wanted[line.lineNumber], line.kind == .complete,
                line.byteOffset == expected.offset, (try? tape.parse(line.bytes)) != nil
            else { return false }
            return fingerprint.hash(line.bytes, tape: tape) == expected.content
        }
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
        _ lines: [Int], with reader: LogFileReader, _ identity: FileIdentity,
        from resume: (checkpoint: InflateCheckpoint, store: CheckpointStore)?,
        _ check: inout LineCheck, into found: inout [Int: [UInt8]], _ effort: inout Effort
    ) {
        guard let last = lines.last else { return }
        let wanted = Set(lines)
        let start = resume?.checkpoint.plainOffset ?? 0
        var reached = start
        func take(_ line: LogLine) throws {
            if wanted.contains(line.lineNumber), check.accepts(line) {
                found[line.lineNumber] = Array(line.bytes)
            }
            reached = line.byteOffset + Int64(line.bytes.count)
            if line.lineNumber >= last { throw PastLastWanted() }
        }

        // A read ends by throwing once past its last line, so its summary is not looked at.
        if let resume {
            _ = try? reader.forEachLine(
                resumingAt: resume.checkpoint, in: resume.store, expecting: identity, take)
            if reached > start { effort.resumedReads += 1 }
        } else {
            _ = try? reader.forEachLine(expecting: identity, take)
        }
        effort.plainBytes += reached - start
    }
}
