#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one log file, line by line, whatever its compression.
///
/// Memory is bounded by two blocks, one line of at most `maxLineBytes` and the decoder's own
/// state (bounded per codec; see each stream), whatever the file size; a pass that computes
/// the file's SHA-256 holds one more block while it hashes what the decoder did not read. A
/// reader is used for one pass by one thread; readers of different files may run
/// concurrently.
public final class LogFileReader {
    public let file: InputFile
    public let options: ReaderOptions

    public init(file: InputFile, options: ReaderOptions = ReaderOptions()) {
        self.file = file
        self.options = options
    }

    /// Passes every non-blank line to `body` in order and returns the file's counts.
    ///
    /// Damage (a truncated or corrupt stream, a failing read) ends the pass without throwing:
    /// the partial line cut by it is passed as `.truncatedByDamage` and `summary.damage` says
    /// where reading stopped and why, and, when bytes were changed rather than cut off, from
    /// which line on the lines passed came from the unit that failed its check
    /// (`FileDamage.untrustedFrom`). A gzip member that decodes whole but fails its check does
    /// not end the pass: its lines are passed, listed in `summary.failedUnits`, and the pass
    /// goes on with the next member. An empty file, or a compressed file of nothing, is zero
    /// lines.
    ///
    /// With `computingSHA256`, `summary.sha256` is the SHA-256 of the whole file, taken from
    /// the bytes the pass reads and, after damage, from the rest read to the end of the file
    /// (see `SourceFile`); it is nil when a read fails. Without it, nothing is hashed.
    ///
    /// With a `store`, a gzip file read by ISA-L leaves a checkpoint in it about every
    /// `ReaderOptions.checkpointInterval` decompressed bytes, listed in `summary.checkpoints`,
    /// where a later read can resume (`forEachLine(resumingAt:in:expecting:_:)`).
    ///
    /// `summary.identity` is the file's `FileIdentity` when it was the same at the pass's end
    /// as at its start; when it was not (the file was appended to, truncated or rewritten
    /// while read), `summary.damage` says so, as for a damaged file. With `expecting`, the
    /// file must still have that identity when it is opened, or nothing is read.
    ///
    /// - Throws: `ReadError` when the file cannot be opened or is not the `expecting` one, or
    ///   what `body` throws; after `body` throws nothing more is read and no summary is
    ///   returned.
    public func forEachLine(
        computingSHA256: Bool = false, checkpointingInto store: CheckpointStore? = nil,
        expecting identity: FileIdentity? = nil, _ body: (LogLine) throws -> Void
    ) throws -> FileReadSummary {
        let fd = try openFile(expecting: identity)
        defer { close(fd) }
        let openedAs = FileIdentity(fd: fd)
        let source = SourceFile(fd: fd, isDigesting: computingSHA256)

        var summary: FileReadSummary
        var magic = [UInt8](repeating: 0, count: 6)
        let sniffed = magic.withUnsafeMutableBytes {
            source.read(into: $0.baseAddress!, count: 6, at: 0)
        }
        if sniffed < 0 {
            let message = "reading the file failed: \(ReadError.describe(errno: errno))"
            summary = FileReadSummary(damage: FileDamage(byteOffset: 0, message: message))
        } else if sniffed == 0 {
            summary = FileReadSummary()
            // An empty `.gz` is not an empty log but a compressed one whose writer never
            // wrote its header: what it should hold is unknown.
            if InputDirectory.compressedExtensions.contains(where: file.relativePath.hasSuffix) {
                summary.damage = FileDamage(
                    byteOffset: 0,
                    message:
                        "the file is empty, though its name says it is compressed; its writer "
                        + "may not have finished it, so load it again once it has")
            }
        } else if let cut = Self.cutSignature(magic[..<sniffed], named: file.relativePath) {
            // A `.gz` of one byte, 0x1F: its writer stopped inside the magic number. Read as
            // plain text it would be one line of garbage and the file called complete.
            summary = FileReadSummary()
            summary.damage = FileDamage(
                byteOffset: 0,
                message:
                    "truncated \(cut) input: the file ends inside its \(cut) header; its writer "
                    + "may not have finished it, so load it again once it has")
        } else {
            let compression = Self.compression(ofMagic: magic[..<sniffed])
            let stream = makeStream(compression, source: source)
            let checkpointing = store.flatMap { store in
                (stream as? IsalGzipStream).map { (store, $0) }
            }
            summary = try pump(
                stream, LineSplitter(options: options), checkpointing: checkpointing, body)
        }

        summary.sha256 = source.finishDigest()
        let closedAs = FileIdentity(fd: fd)
        if let openedAs, closedAs == openedAs { summary.identity = openedAs }
        if let openedAs, let closedAs, closedAs != openedAs, summary.damage == nil {
            // Its lines may mix the bytes before and after the change, and its digest match
            // neither: the file is partial, as a damaged one is, so the run says so.
            summary.damage = FileDamage(
                byteOffset: summary.decompressedBytes,
                message:
                    "the file changed while it was read (from \(openedAs.size) to "
                    + "\(closedAs.size) bytes, or rewritten in place); its lines may mix two "
                    + "versions of it, so load it again once its writer has finished")
        }
        return summary
    }

    /// The stream for a compression: our own over the codec's library for the common ones,
    /// which hand over every byte decoded before damage; libarchive for the rest.
    /// libarchive opens the file by path itself, so a digest of such a file is read whole by
    /// `SourceFile.finishDigest()` after the pass.
    private func makeStream(_ compression: String, source: SourceFile) -> DecompressedStream {
        let blockSize = options.blockSize
        switch compression {
        case "gzip" where options.usesIsal:
            return IsalGzipStream(source: source, blockSize: blockSize)
        case "gzip": return GzipStream(source: source, blockSize: blockSize)
        case "zstd": return ZstdStream(source: source, blockSize: blockSize)
        case "bzip2": return Bzip2Stream(source: source, blockSize: blockSize)
        case "xz": return XzStream(source: source, blockSize: blockSize)
        default:
            return ArchiveStream(
                path: file.absolutePath, blockSize: blockSize, sniffedCompression: compression)
        }
    }

    /// Passes the lines after `checkpoint` to `body`, numbered and placed as in a read of the
    /// whole file, by resuming igzip with the state saved in `store`. Returns nil, having read
    /// nothing, when that state cannot be loaded; the caller then reads from the start.
    ///
    /// The file must be the one the checkpoint was taken in, unchanged: pass the identity
    /// that pass gave as `expecting` to have that checked. The summary counts only what this
    /// pass read, and holds no digest, no checkpoints, no identity and no untrusted line in
    /// its damage (the member read began before the checkpoint).
    ///
    /// - Throws: as `forEachLine(computingSHA256:checkpointingInto:expecting:_:)`.
    public func forEachLine(
        resumingAt checkpoint: InflateCheckpoint, in store: CheckpointStore,
        expecting identity: FileIdentity? = nil, _ body: (LogLine) throws -> Void
    ) throws -> FileReadSummary? {
        let fd = try openFile(expecting: identity)
        defer { close(fd) }

        let source = SourceFile(fd: fd)
        guard
            let stream = IsalGzipStream(
                source: source, blockSize: options.blockSize, resumingAt: checkpoint, in: store)
        else { return nil }
        let splitter = LineSplitter(options: options, resumingAt: checkpoint)
        var summary = try pump(stream, splitter, checkpointing: nil, body)
        summary.damage?.untrustedFrom = nil
        summary.failedUnits = []
        return summary
    }

    /// Opens the file, checking that it still has `identity` when one is given.
    private func openFile(expecting identity: FileIdentity? = nil) throws -> Int32 {
        let fd = open(file.absolutePath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw ReadError(
                .fileUnopenable, path: file.absolutePath,
                message:
                    "Cannot open the log file '\(file.relativePath)': \(ReadError.describe(errno: code)). Check that it exists and is readable.",
                errno: code)
        }
        if let identity, FileIdentity(fd: fd) != identity {
            close(fd)
            throw ReadError(
                .fileChanged, path: file.absolutePath,
                message:
                    "The log file '\(file.relativePath)' changed after this run read it, so its lines cannot be read again as they were. Leave input files alone while a run reads them."
            )
        }
        return fd
    }

    private func pump(
        _ stream: DecompressedStream, _ splitter: LineSplitter,
        checkpointing: (CheckpointStore, IsalGzipStream)?, _ body: (LogLine) throws -> Void
    ) throws -> FileReadSummary {
        var damage: FileDamage?
        var failedUnits: [UntrustedPart] = []
        var checkpoints: [InflateCheckpoint] = []
        var lastCheckpoint = splitter.streamOffset
        var unchecked = LinePlace(line: splitter.lineCount + 1, byteOffset: stream.uncheckedFrom)
        reading: while true {
            switch stream.next() {
            case .bytes(let block):
                try feed(block, splitter, noting: stream.uncheckedFrom, in: &unchecked, body)
                // A point igzip cannot resume at (a member's start or end) is skipped, and
                // the next block is tried.
                guard let (store, isal) = checkpointing,
                    splitter.streamOffset - lastCheckpoint >= options.checkpointInterval
                else { continue }
                if let saved = isal.saveState(into: store) {
                    lastCheckpoint = splitter.streamOffset
                    checkpoints.append(
                        InflateCheckpoint(
                            plainOffset: splitter.streamOffset, nextLine: splitter.nextLineNumber,
                            isMidLine: splitter.isMidLine, compressedOffset: saved.compressedOffset,
                            storeOffset: saved.storeOffset, stateBytes: saved.byteCount,
                            stateChecksum: saved.checksum))
                }
            case .end:
                try splitter.finish(damaged: false, body)
                break reading
            case .failedUnit(let message, let start):
                // Where the unit starts, when the unit before ended in a call that gave no
                // bytes (a zstd frame's checksum) and this one gave none either (it is empty).
                try feed(
                    UnsafeRawBufferPointer(start: nil, count: 0), splitter, noting: start,
                    in: &unchecked, body)
                // The unit's lines run from the one its first byte is in to the one its last
                // byte is in, which goes on into the next unit when the unit ends mid-line;
                // a unit of no bytes (an empty member) is in no line, wherever it sits.
                let last = splitter.isMidLine ? splitter.lineCount + 1 : splitter.lineCount
                let isEmpty = splitter.streamOffset == unchecked.byteOffset
                failedUnits.append(
                    UntrustedPart(
                        lines: isEmpty || last < unchecked.line ? nil : unchecked.line...last,
                        byteOffset: unchecked.byteOffset, endOffset: splitter.streamOffset,
                        message: message))
                try feed(
                    UnsafeRawBufferPointer(start: nil, count: 0), splitter,
                    noting: stream.uncheckedFrom, in: &unchecked, body)
            case .damage(let message):
                damage = FileDamage(byteOffset: splitter.streamOffset, message: message)
                // A unit may have ended after the last block, in a call that gave no bytes.
                try feed(
                    UnsafeRawBufferPointer(start: nil, count: 0), splitter,
                    noting: stream.uncheckedFrom, in: &unchecked, body)
                if stream.isCorrupt { damage?.untrustedFrom = unchecked }
                try splitter.finish(damaged: !stream.endsWithTrailingBytes, body)
                break reading
            }
        }

        var summary = FileReadSummary(
            lineCount: splitter.lineCount, blankLineCount: splitter.blankLineCount,
            compressedBytes: stream.compressedBytes, decompressedBytes: splitter.streamOffset,
            compression: stream.compression, damage: damage)
        summary.checkpoints = checkpoints
        summary.failedUnits = failedUnits
        return summary
    }

    /// Feeds `block` to `splitter`; when the stream's unchecked bytes now start at
    /// `boundary`, past `unchecked`, within or at the end of the block, `unchecked` becomes
    /// that offset and the number of the line holding its byte (the line then pending or the
    /// next). A boundary reported late, behind the block, is not taken: the older one names
    /// more lines as unchecked, never fewer.
    private func feed(
        _ block: UnsafeRawBufferPointer, _ splitter: LineSplitter, noting boundary: Int64,
        in unchecked: inout LinePlace, _ body: (LogLine) throws -> Void
    ) throws {
        let start = splitter.streamOffset
        guard boundary > unchecked.byteOffset, boundary >= start,
            boundary <= start + Int64(block.count)
        else { return try splitter.feed(block, body) }
        let cut = Int(boundary - start)
        try splitter.feed(UnsafeRawBufferPointer(rebasing: block[..<cut]), body)
        unchecked = LinePlace(line: splitter.lineCount + 1, byteOffset: boundary)
        try splitter.feed(UnsafeRawBufferPointer(rebasing: block[cut...]), body)
    }

    /// The magic numbers files start with, by libarchive's filter name, and the name ending
    /// that says a file is compressed so (lz4 has none Sluice takes).
    private static let signatures: [(name: String, magic: [UInt8], ending: String?)] = [
        ("gzip", [0x1F, 0x8B], ".gz"), ("zstd", [0x28, 0xB5, 0x2F, 0xFD], ".zst"),
        ("bzip2", [0x42, 0x5A, 0x68], ".bz2"), ("xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], ".xz"),
        ("lz4", [0x04, 0x22, 0x4D, 0x18], nil),
    ]

    /// The compression named by a file's first bytes, in libarchive's filter names.
    static func compression(ofMagic magic: ArraySlice<UInt8>) -> String {
        for (name, signature, _) in signatures where magic.starts(with: signature) { return name }

        // A zstd file may open with a skippable frame: magic 0x184D2A50 to 0x184D2A5F.
        let isSkippable =
            magic.count >= 4 && magic.first! & 0xF0 == 0x50
            && magic.dropFirst().starts(with: [0x2A, 0x4D, 0x18])
        return isSkippable ? "zstd" : "none"
    }

    /// The compression whose name ending `path` has, when `whole` (all of a file shorter than
    /// its magic number) is the start of that magic number: the file was cut inside it.
    static func cutSignature(_ whole: ArraySlice<UInt8>, named path: String) -> String? {
        guard let signature = signatures.first(where: { $0.ending.map(path.hasSuffix) ?? false })
        else { return nil }
        let isCut = whole.count < signature.magic.count && signature.magic.starts(with: whole)
        // A zstd file may open with a skippable frame's magic, 0x184D2A5? little-endian.
        let isCutSkippable =
            signature.name == "zstd" && whole.count < 4 && whole.first! & 0xF0 == 0x50
            && [0x2A, 0x4D].starts(with: whole.dropFirst())
        return isCut || isCutSkippable ? signature.name : nil
    }
}
