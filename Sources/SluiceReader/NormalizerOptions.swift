/// What `SegmentNormalizer` does where the data leaves a choice.
public struct NormalizerOptions: Sendable, Equatable {
    /// What stands in for a missing or invalid `receivedAt`, which most exported or
    /// hand-written logs lack (Segment's servers set it; client libraries do not).
    public enum ReceivedAtFallback: Sendable, Equatable {
        /// The event's own time: `timestamp`, else `originalTimestamp`, else `sentAt`; when
        /// none is valid, receivedAt stays absent. The default: it keeps replays stable.
        case eventTime
        /// One fixed instant, normally when the run started (µs since the epoch, UTC).
        case runTime(micros: Int64)
        /// Reject the line with `missing_received_at`.
        case reject
    }

    /// See `ReceivedAtFallback`; the default keeps every event and is reproducible.
    public static let defaultReceivedAtFallback = ReceivedAtFallback.eventTime

    /// The prefix of a substituted messageId, so a fingerprint is never mistaken for a
    /// messageId a library generated.
    public static let fingerprintPrefix = "sluice-fp-"

    public var receivedAtFallback: ReceivedAtFallback

    /// Lines longer than this are flagged `oversized_event`; Segment's limit by default.
    public var oversizedEventBytes: Int

    public init(
        receivedAtFallback: ReceivedAtFallback = NormalizerOptions.defaultReceivedAtFallback,
        oversizedEventBytes: Int = ReaderOptions.defaultOversizedEventBytes
    ) {
        self.receivedAtFallback = receivedAtFallback
        self.oversizedEventBytes = oversizedEventBytes
    }
}
