/// How many dedupe candidates, and how many bytes of their messageIds, a worker's files held
/// per compressed byte, so that the next file's `FileOutcome` arrays are reserved once
/// instead of growing by doubling.
///
/// A growing array copies itself into a buffer twice its size each time it fills; at a few
/// megabytes a file, each new buffer is fresh memory the kernel must fault in and zero, and
/// the copy touches it all again. Reserved from an estimate with `slack` to spare, the
/// arrays are written once: pages reserved but never written are never faulted in, so an
/// estimate too high costs address space only, and one too low grows as before. A worker
/// reads one file at a time; a value is not shared.
struct OutcomeSizing {
    /// Headroom over the estimate: files of one night differ by a few percent in events per
    /// compressed byte, and missing the estimate by one event costs a doubling.
    static let slack = 1.125

    /// The most candidates reserved ahead (about 300 MB of candidates, a file of some 4
    /// million events): an estimate skewed by a small first file must not ask for more
    /// address space than the machine will grant; a larger file grows past it as before.
    static let maximumReservedCandidates = 1 << 22

    private var compressedBytes: Int64 = 0
    private var candidates = 0
    private var messageIdBytes = 0

    /// Adds a file read to its end (a damaged or unreadable file says nothing of its size).
    mutating func learn(from outcome: FileOutcome) {
        guard let summary = outcome.summary, !summary.isPartial, summary.compressedBytes > 0
        else { return }
        compressedBytes += summary.compressedBytes
        candidates += outcome.candidates.count
        messageIdBytes += outcome.messageIds.byteCount
    }

    /// Reserves `outcome`'s arrays for a file of `byteCount` compressed bytes, once a file
    /// has been learned; before that nothing is known and nothing is reserved.
    func reserve(_ outcome: inout FileOutcome, byteCount: Int64) {
        guard compressedBytes > 0, byteCount > 0 else { return }
        let scale = Double(byteCount) / Double(compressedBytes) * Self.slack
        let expected = min(Double(candidates) * scale, Double(Self.maximumReservedCandidates))
        let bytesPerId = Double(messageIdBytes) / Double(max(1, candidates))
        outcome.reserveCapacity(
            candidates: Int(expected), messageIdBytes: Int(expected * bytesPerId))
    }
}
