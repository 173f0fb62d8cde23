/// Where and why a file's stream stopped before its end.
public struct FileDamage: Sendable, Equatable {
    /// The decompressed byte offset up to which the stream was read.
    public let byteOffset: Int64

    /// What the decompressor or the operating system said.
    public let message: String

    /// Set when bytes were changed (a corrupt block, a failed CRC or checksum), not merely
    /// cut off: the first line holding bytes of the unit that failed (the gzip member, zstd
    /// frame, or bzip2, xz or other compressed stream being decoded), and that unit's
    /// decompressed offset. The lines from it on were decoded before the check failed, so
    /// they may not be what was written, though they were passed like any other.
    public var untrustedFrom: LinePlace?

    public init(byteOffset: Int64, message: String) {
        self.byteOffset = byteOffset
        self.message = message
    }
}

/// A stretch of a file whose lines may not be what was written: a unit that failed its check
/// once decoded (a gzip member whose CRC is wrong), which the reader read past, or the part
/// from the unit that failed to the damage that stopped the reading.
public struct UntrustedPart: Sendable, Equatable {
    /// The lines holding its bytes, the first one and the last one included; nil for a
    /// unit of no bytes (an empty gzip member), which no line holds.
    public var lines: ClosedRange<Int>?
    /// Where it starts and ends in the decompressed stream.
    public var byteOffset: Int64
    public var endOffset: Int64
    /// What the decompressor said of it.
    public var message: String

    public init(lines: ClosedRange<Int>?, byteOffset: Int64, endOffset: Int64, message: String) {
        self.lines = lines
        self.byteOffset = byteOffset
        self.endOffset = endOffset
        self.message = message
    }
}

/// A line by number, and a decompressed byte offset within or at the start of it.
public struct LinePlace: Sendable, Equatable {
    public var line: Int
    public var byteOffset: Int64

    public init(line: Int, byteOffset: Int64) {
        self.line = line
        self.byteOffset = byteOffset
    }
}

/// The counts of one `LogFileReader.forEachLine` pass.
public struct FileReadSummary: Sendable, Equatable {
    /// Every line, including blank, too-long and truncated ones.
    public var lineCount: Int

    /// Lines holding only JSON whitespace; counted, not handed to the callback.
    public var blankLineCount: Int

    /// Bytes read from the file.
    public var compressedBytes: Int64

    /// Bytes of the decompressed stream read.
    public var decompressedBytes: Int64

    /// The compression found in the bytes: `gzip`, `zstd`, `bzip2`, `xz`, `lzma`, `lz4` or
    /// `none` (libarchive's filter names).
    public var compression: String

    /// Set when the stream stopped early; every line before `damage.byteOffset` was passed.
    public var damage: FileDamage?

    /// Units that failed their check once decoded and that the pass read past, in order.
    public var failedUnits: [UntrustedPart] = []

    /// Whether the file was not read whole and as written: damage stopped the pass, or a
    /// unit failed its check.
    public var isPartial: Bool { damage != nil || !failedUnits.isEmpty }

    /// What `isPartial` is about: the damage's message, else the first failed unit's.
    public var partialMessage: String? { damage?.message ?? failedUnits.first?.message }

    /// Every stretch whose lines may not be what was written, in order: the failed units,
    /// then the part from the unit that damage found changed to where reading stopped.
    public var untrustedParts: [UntrustedPart] {
        guard let damage, let from = damage.untrustedFrom, from.line <= lineCount else {
            return failedUnits
        }
        return failedUnits + [
            UntrustedPart(
                lines: from.line...lineCount, byteOffset: from.byteOffset,
                endOffset: damage.byteOffset, message: damage.message)
        ]
    }

    /// `untrustedParts`, searchable by line.
    public var untrustedLines: UntrustedLines { UntrustedLines(untrustedParts) }

    /// The lines of a unit as a record names them: `line 3`, `lines 3 to 9`, `no line`.
    public static func describe(_ lines: ClosedRange<Int>?) -> String {
        guard let lines else { return "no line" }
        return lines.count == 1
            ? "line \(lines.lowerBound)" : "lines \(lines.lowerBound) to \(lines.upperBound)"
    }

    /// The lowercase hexadecimal SHA-256 of the whole file, when the pass was asked for it
    /// (`forEachLine(computingSHA256:)`) and every read succeeded.
    public var sha256: String?

    /// Where a later read of the file can resume, in order; taken only when the pass was asked
    /// for them and only for gzip read by ISA-L (`LogFileReader.forEachLine`).
    public var checkpoints: [InflateCheckpoint] = []

    /// The file as this pass read it: its identity when the pass opened it, provided it was
    /// still the same when the pass ended; nil when it changed meanwhile or `fstat` failed. A
    /// later read that must see the same bytes (`LogFileReader.forEachLine(expecting:...)`)
    /// is checked against it.
    public var identity: FileIdentity?

    public init(
        lineCount: Int = 0, blankLineCount: Int = 0, compressedBytes: Int64 = 0,
        decompressedBytes: Int64 = 0, compression: String = "none", damage: FileDamage? = nil
    ) {
        self.lineCount = lineCount
        self.blankLineCount = blankLineCount
        self.compressedBytes = compressedBytes
        self.decompressedBytes = decompressedBytes
        self.compression = compression
        self.damage = damage
    }
}
