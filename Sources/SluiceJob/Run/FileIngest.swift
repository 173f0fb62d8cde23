import SluiceHash
import SluiceJSON
import SluiceReader

/// What reading one input file produced: its events in line order, the lines that could not
/// be loaded, and the reader's summary.
struct FileIngest: Sendable {
    let file: InputFile
    var summary: FileReadSummary?
    var events: [SegmentEvent] = []
    var rejections: [QuarantineRecord] = []
    /// Set when the file could not be opened at all.
    var failure: String?
    /// The SHA-256 of the file's bytes as stored (compressed), or `nil` when unreadable.
    var sha256: String?

    /// Reads and normalises every line of `file`. Never throws: an unreadable file becomes
    /// `failure` and a file-level quarantine record.
    static func read(
        _ file: InputFile, options: ReaderOptions, normalizer: SegmentNormalizer
    ) -> FileIngest {
        var ingest = FileIngest(file: file)
        let reader = LogFileReader(file: file, options: options)
        do {
            ingest.summary = try reader.forEachLine { line in
                ingest.take(line, normalizer: normalizer)
            }
        } catch {
            ingest.failure = "\(error)"
            ingest.rejections.append(
                QuarantineRecord(
                    reason: "file_unreadable", detail: "\(error)", file: file.relativePath, line: 0,
                    offset: 0))
        }
        ingest.sha256 = try? SHA256.hexDigest(ofFileAt: file.absolutePath)
        if let damage = ingest.summary?.damage {
            ingest.rejections.append(
                QuarantineRecord(
                    reason: "file_damaged",
                    detail: "Reading stopped at decompressed byte \(damage.byteOffset): \(damage.message)",
                    file: file.relativePath, line: 0, offset: damage.byteOffset))
        }
        return ingest
    }

    private mutating func take(_ line: LogLine, normalizer: SegmentNormalizer) {
        let origin = EventOrigin(file: file.relativePath, line: line.lineNumber, byteOffset: line.byteOffset)
        switch line.kind {
        case .tooLong(let totalBytes):
            var record = QuarantineRecord(
                reason: "line_too_long",
                detail: "The line is \(totalBytes) bytes, over the limit; raise --max-line-bytes to load it.",
                file: origin.file, line: origin.line, offset: origin.byteOffset, raw: Array(line.bytes))
            record.rawLength = totalBytes
            rejections.append(record)
        case .truncatedByDamage:
            rejections.append(
                QuarantineRecord(
                    reason: "truncated_by_damage",
                    detail: "The file is damaged and this line was cut off where reading stopped.",
                    file: origin.file, line: origin.line, offset: origin.byteOffset, raw: Array(line.bytes)))
        case .complete:
            switch normalizer.normalize(line: line.bytes, origin: origin) {
            case .success(let event):
                events.append(event)
            case .failure(let rejection):
                rejections.append(
                    QuarantineRecord(
                        reason: rejection.reason, detail: rejection.detail, file: origin.file,
                        line: origin.line, offset: origin.byteOffset, raw: Array(line.bytes)))
            }
        }
    }
}
