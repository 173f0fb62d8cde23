import SluiceHash
import SluiceJSON
import SluiceReader

/// What processing one input file produced, apart from the rows (which live in the
/// worker's `ColumnBatch`es): the dedupe candidates in line order, the lines that could not
/// be loaded, and what enforcement removed.
struct FileOutcome: Sendable {
    let file: InputFile
    /// How the read went, with the file's SHA-256 taken from the read's own bytes.
    var summary: FileReadSummary?
    /// Set when the file could not be opened at all.
    var failure: String?
    /// The dedupe candidates in line order; add them with `append(_:messageId:line:)`.
    private(set) var candidates: [DedupeCandidate] = []
    /// Each candidate's messageId, by candidate index.
    private(set) var messageIds = MessageIdArena()
    /// Lines that are not events (bad JSON, too long, cut off by damage) and file-level
    /// damage records (line 0).
    var rejections: [QuarantineRecord] = []
    /// Quarantine records of blocked copies, by candidate index.
    var blocked: [Int32: QuarantineRecord] = [:]
    /// The violation types of copies that broke a rule, by candidate index; counted only
    /// for winners.
    var violationTypes: [Int32: [String]] = [:]
    /// Raw lines of copies whose messageId showed another payload before them, by candidate
    /// index (see `ConflictWatch`); the losers among them need no reading back.
    var keptLines: [Int32: [UInt8]] = [:]
    /// Omitted properties, by candidate index; kept only for winners.
    var omissions: [(candidate: Int32, record: DiscardRecord)] = []
    var substitutions: [String: Int] = [:]
    var oversizedEvents = 0
    /// The candidate index each part of the file starts at, in part order: rows name their
    /// candidate by part and index within it (`RowHeader`), since a part processed by another
    /// worker numbers its candidates from 0 (see `appendPart`). A file read whole is one part.
    private(set) var partStarts: [Int32] = [0]

    /// Makes room for `candidates` candidates whose messageIds take `messageIdBytes` bytes,
    /// so that they are appended without growing (and copying) the arrays.
    mutating func reserveCapacity(candidates count: Int, messageIdBytes: Int) {
        candidates.reserveCapacity(count)
        messageIds.reserveCapacity(ids: count, bytes: messageIdBytes)
    }

    /// Adds the next candidate and its messageId.
    mutating func append(_ candidate: DedupeCandidate, messageId: String) {
        candidates.append(candidate)
        messageIds.append(messageId)
    }

    /// Takes every candidate on a line of `untrusted` out of the dedupe, for the file's
    /// reading says those lines came from a part of it that failed its integrity check: each
    /// gets a key of its own, made from `file` (the file's index in the run) and its index,
    /// which no messageId's key matches but by a 128-bit collision, so it neither wins over
    /// nor loses to another copy of its messageId. The run quarantines such copies and loads
    /// none of their rows.
    mutating func withdraw(_ untrusted: UntrustedLines, file: Int) {
        for index in candidates.indices
        where untrusted.part(holding: Int(candidates[index].line)) != nil {
            var position = (UInt64(UInt32(truncatingIfNeeded: file)) << 32 | UInt64(index))
            candidates[index].key = withUnsafeBytes(of: &position) {
                Fingerprint128.hash($0, seed: Self.withdrawnKeySeed)
            }
            candidates[index].isWithdrawn = true
        }
    }

    /// Gives every rejected line of `untrusted` the reason `failed_integrity_check`: what made
    /// it fail (bad JSON, a cut) may be the damage itself, so the reason it was read with is
    /// kept in the detail, after what its part's check said.
    mutating func distrustRejections(_ untrusted: UntrustedLines) {
        for index in rejections.indices {
            guard let part = untrusted.part(holding: rejections[index].line) else { continue }
            let read = rejections[index]
            rejections[index].reason = "failed_integrity_check"
            rejections[index].detail =
                "\(Self.untrustedDetail(part)) As read, the line was rejected as \(read.reason): \(read.detail)"
        }
    }

    /// What the quarantine record of a line of an untrusted part says.
    static func untrustedDetail(_ part: UntrustedPart?) -> String {
        let unit = part?.byteOffset ?? 0
        return
            "The file is damaged: this line was decoded from the part of it that starts at decompressed byte \(unit) (a gzip member, zstd frame, or bzip2, xz or other compressed stream), whose integrity check failed once it was read (\(part?.message ?? "damage")), so the line may not be what was written. Load the file again from a good copy."
    }

    /// Keeps the keys of withdrawn copies apart from the keys of messageIds.
    private static let withdrawnKeySeed: UInt64 = 0x5769_7468_6472_6177

    /// Appends the outcome of the file's next part, the lines after the ones this outcome
    /// holds: its candidates follow this outcome's, and what it keyed by candidate index is
    /// moved by as many. The part must hold no parts of its own, nor a read summary.
    mutating func appendPart(_ part: FileOutcome) {
        precondition(part.partStarts == [0] && part.summary == nil, "a part appended twice")
        let start = Int32(candidates.count)
        partStarts.append(start)
        candidates += part.candidates
        messageIds.append(contentsOf: part.messageIds)
        rejections += part.rejections
        for (index, record) in part.blocked { blocked[index + start] = record }
        for (index, types) in part.violationTypes { violationTypes[index + start] = types }
        for (index, line) in part.keptLines { keptLines[index + start] = line }
        omissions += part.omissions.map { ($0.candidate + start, $0.record) }
        substitutions.merge(part.substitutions, uniquingKeysWith: +)
        oversizedEvents += part.oversizedEvents
    }

    /// The candidate index of a row's candidate: `index` within part `part`.
    @inline(__always)
    func candidate(part: Int32, index: Int32) -> Int {
        Self.candidate(part: part, index: index, partStarts: partStarts)
    }

    /// `candidate(part:index:)` for a file whose `partStarts` are `partStarts`, for callers
    /// that keep only those (the table stage asks it of every row).
    @inline(__always)
    static func candidate(part: Int32, index: Int32, partStarts: [Int32]) -> Int {
        Int(partStarts[Int(part)]) + Int(index)
    }

    /// Adds the next candidate and its messageId, read with the `line` it was normalised from.
    mutating func append(
        _ candidate: DedupeCandidate, messageId: EventText, line: UnsafeRawBufferPointer
    ) {
        candidates.append(candidate)
        messageId.withUTF8(in: line) { messageIds.append($0) }
    }
}
