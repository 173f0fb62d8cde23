import SluiceHash

/// What the dedupe needs of one parsed event: its key, its sort position and a fingerprint
/// of its payload without the delivery times, so plain resends and conflicting copies can be
/// told apart without keeping either payload.
///
/// The fingerprint (`PayloadFingerprint`) is equal for two copies exactly when their payloads
/// are equal as JSON without `sentAt` and `receivedAt`, so it alone tells a plain duplicate
/// from a conflict; two different payloads share one with probability about 2^-64 a member
/// in which they differ. MessageIds are compared by their 128-bit key; `DedupeIndex` gives
/// the odds of two ids sharing one.
///
/// A plain value without references (a copy's violation types are in its file's
/// `FileOutcome.violationTypes`): a night holds millions of candidates, and copying, sorting
/// and freeing arrays of them then costs no reference counting per candidate. The fields are
/// laid out widest first, so a candidate takes 56 bytes rather than 64: every event of a
/// night keeps one until the run ends.
struct DedupeCandidate: Sendable, BitwiseCopyable {
    /// `DedupeIndex.key(messageId)`, computed once on the worker thread; the messageId
    /// itself is in the file's `FileOutcome.messageIds`.
    var key: Hash128
    var content: Hash128
    var receivedAt: Int64
    var offset: Int64
    var line: Int32
    /// The plan's enforcement blocked this copy; its quarantine record is in `blocked`.
    var isBlocked: Bool
    /// The copy's line came from a part of its file that failed its integrity check, so it
    /// takes no part in the dedupe (its `key` is its own) and is quarantined, never loaded
    /// (`FileOutcome.withdraw(_:file:)`).
    var isWithdrawn = false

    /// Takes the fields in the order callers have always named them, which the widest-first
    /// layout above no longer gives the memberwise initialiser.
    init(
        key: Hash128, receivedAt: Int64, line: Int32, offset: Int64, content: Hash128,
        isBlocked: Bool
    ) {
        (self.key, self.content, self.receivedAt) = (key, content, receivedAt)
        (self.offset, self.line, self.isBlocked) = (offset, line, isBlocked)
    }
}
