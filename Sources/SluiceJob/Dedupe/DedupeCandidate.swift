import SluiceHash

/// What the dedupe needs of one parsed event: its key, its sort position and a fingerprint
/// of its payload without the delivery times, so plain resends and conflicting copies can be
/// told apart without keeping either payload.
///
/// The fingerprint is 128 bits (MurmurHash3 x64-128 of the canonical payload text): two
/// different payloads of one messageId collide with probability about 2^-128, so a conflict
/// is never mistaken for a plain duplicate in practice. MessageIds are compared by their
/// 128-bit key; `DedupeIndex` gives the odds of two ids sharing one.
struct DedupeCandidate: Sendable {
    /// `DedupeIndex.key(messageId)`, computed once on the worker thread; the messageId
    /// itself is in the file's `FileOutcome.messageIds`.
    var key: Hash128
    var receivedAt: Int64
    var line: Int32
    var offset: Int64
    var content: Hash128
    /// The plan's enforcement blocked this copy; its quarantine record is in `blocked`.
    var isBlocked: Bool
    /// Violation types of this copy, counted only if it wins.
    var violationTypes: [String]
}
