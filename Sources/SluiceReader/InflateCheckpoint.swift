/// A point in a gzip file where a later read can resume inflating instead of starting over:
/// ISA-L's inflate state as it stood after `plainOffset` decompressed bytes, saved in a
/// `CheckpointStore`, with where the file's line numbering stood there.
///
/// A read with `LogFileReader.forEachLine(computingSHA256:checkpointingInto:expecting:_:)`
/// takes them; `LogFileReader.forEachLine(resumingAt:in:expecting:_:)` resumes at one. They
/// are only good for the file as it was read (pass that read's `FileReadSummary.identity` as
/// `expecting` to have that checked) and for the store they were saved in.
public struct InflateCheckpoint: Sendable, Equatable {
    /// Decompressed bytes before the checkpoint.
    public let plainOffset: Int64

    /// The number of the first line that starts at or after `plainOffset`; a resumed read
    /// numbers its lines from it, as a read of the whole file does.
    public let nextLine: Int

    /// Whether a line that started before `plainOffset` goes on past it; a resumed read skips
    /// the rest of that line.
    let isMidLine: Bool

    /// The file offset of the first compressed byte the inflater had not consumed.
    let compressedOffset: Int64

    /// Where the saved state lies in its store, and its length.
    let storeOffset: Int64
    let stateBytes: Int

    /// The CRC-32 of the saved state: a state whose bytes changed in the store is refused,
    /// since igzip trusts its tables and pointers without checking them.
    let stateChecksum: UInt32
}
