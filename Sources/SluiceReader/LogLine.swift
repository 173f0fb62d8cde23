/// One line of a log file, as handed to the `LogFileReader.forEachLine` callback.
///
/// `bytes` points into the reader's buffers and is valid only during the callback: copy
/// what you keep. It holds the line exactly as written, without its `\n` or `\r\n`
/// terminator and, on the first line, without a UTF-8 byte order mark.
public struct LogLine {
    /// How much of the line `bytes` holds.
    public enum Kind: Sendable, Equatable {
        /// The whole line.
        case complete
        /// The line is longer than `ReaderOptions.maxLineBytes`: `bytes` is its first
        /// `tooLongPrefixBytes`, `totalBytes` its true length without the terminator.
        case tooLong(totalBytes: Int64)
        /// The stream was damaged inside this line: `bytes` is what was read of it (at most
        /// `maxLineBytes`, or the prefix when it was already too long). Never parse it as whole.
        case truncatedByDamage
    }

    /// The 1-based line number in the decompressed stream; blank lines count.
    public let lineNumber: Int

    /// The offset in the decompressed stream of the first byte of `bytes`.
    public let byteOffset: Int64

    /// The line's bytes; see the type's contract for their lifetime.
    public let bytes: UnsafeRawBufferPointer

    /// Whether `bytes` is the whole line.
    public let kind: Kind

    /// Whether the line is longer than `ReaderOptions.oversizedEventBytes`.
    public let isOversized: Bool

    /// For a `.truncatedByDamage` line, how many of its bytes were read before the damage
    /// (without a CR that ended them): more than `bytes.count` when `bytes` holds only the
    /// start of a line that had grown past `maxLineBytes`. Nil for other kinds.
    public var cutLength: Int64? = nil

    /// A line as the reader hands it out; for a caller that kept a copy of one (its bytes
    /// must stay valid while the value is used).
    public init(
        lineNumber: Int, byteOffset: Int64, bytes: UnsafeRawBufferPointer, kind: Kind,
        isOversized: Bool, cutLength: Int64? = nil
    ) {
        self.lineNumber = lineNumber
        self.byteOffset = byteOffset
        self.bytes = bytes
        self.kind = kind
        self.isOversized = isOversized
        self.cutLength = cutLength
    }
}
