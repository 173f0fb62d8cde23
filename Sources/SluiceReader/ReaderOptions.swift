/// How `LogFileReader` reads a file. Every default is chosen for real Segment logs.
public struct ReaderOptions: Sendable, Equatable {
    /// Lines longer than this are reported as too long instead of being held whole: 1 MiB is
    /// 32 times Segment's own event limit, so only a broken writer produces such a line, and
    /// it bounds the reader's memory per file.
    public static let defaultMaxLineBytes = 1 << 20

    /// Segment refuses events over 32 KB; longer lines are still parsed but flagged.
    public static let defaultOversizedEventBytes = 32 * 1024

    /// Decompressed bytes asked for per read: 1 MiB amortises the per-call cost of the
    /// decompressor and the newline scan while staying well inside the L2/L3 caches.
    public static let defaultBlockSize = 1 << 20

    /// How much of a too-long line is kept for its quarantine record: 64 KiB shows the
    /// start of the event (its type, messageId and names) without holding the whole line.
    public static let defaultTooLongPrefixBytes = 64 * 1024

    /// Decompressed bytes between two checkpoints of a checkpointed gzip read: one a MiB is
    /// one a read at the default block size. A state takes about 53 KiB (igzip's tables and
    /// 32 KiB of history), so the store grows by about 5% of the bytes read, and a line read
    /// back later starts on average half a MiB after the checkpoint before it.
    public static let defaultCheckpointInterval: Int64 = 1 << 20

    /// The longest line (without its terminator) passed whole; see `defaultMaxLineBytes`.
    public var maxLineBytes: Int

    /// The line length above which an event is flagged as oversized.
    public var oversizedEventBytes: Int

    /// The read size: the decompressed block asked of gzip, zstd, bzip2 and xz (also their
    /// compressed bytes read per call), and the bytes read from the file per call for the
    /// formats libarchive decodes (it sizes its output blocks itself).
    public var blockSize: Int

    /// The prefix of a too-long line handed to the callback; at most `maxLineBytes`.
    public var tooLongPrefixBytes: Int

    /// Whether gzip goes through ISA-L first (see `IsalGzipStream`); tests turn it off to
    /// compare against zlib alone.
    var usesIsal = true

    /// See `defaultCheckpointInterval`; tests take checkpoints closer together.
    var checkpointInterval = ReaderOptions.defaultCheckpointInterval

    public init(
        maxLineBytes: Int = ReaderOptions.defaultMaxLineBytes,
        oversizedEventBytes: Int = ReaderOptions.defaultOversizedEventBytes,
        blockSize: Int = ReaderOptions.defaultBlockSize,
        tooLongPrefixBytes: Int = ReaderOptions.defaultTooLongPrefixBytes
    ) {
        precondition(
            maxLineBytes > 0 && blockSize > 0,
            "maxLineBytes \(maxLineBytes) and blockSize \(blockSize) must be positive")
        self.maxLineBytes = maxLineBytes
        self.oversizedEventBytes = oversizedEventBytes
        self.blockSize = blockSize
        self.tooLongPrefixBytes = min(max(tooLongPrefixBytes, 0), maxLineBytes)
    }
}
