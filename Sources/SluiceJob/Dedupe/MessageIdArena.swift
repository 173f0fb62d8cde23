/// The messageIds of one file's dedupe candidates, by candidate index, in one byte buffer.
///
/// A night keeps every candidate until its tables are written, but reads a messageId only
/// for the few records that name one (quarantine, discards). As `String`s, 36-character ids
/// cost a heap allocation each, about 64 bytes with its header; here they cost their bytes
/// plus an 8-byte end offset, which no file's ids can overflow.
struct MessageIdArena: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }

    /// Bytes of all messageIds held.
    var byteCount: Int { bytes.count }

    /// Makes room for `ids` more messageIds of `bytes` bytes in all without growing.
    mutating func reserveCapacity(ids: Int, bytes byteCount: Int) {
        ends.reserveCapacity(ends.count + ids)
        bytes.reserveCapacity(bytes.count + byteCount)
    }

    mutating func append(_ messageId: String) {
        var id = messageId
        id.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the messageId whose UTF-8 is `messageId`, copying the bytes.
    mutating func append(_ messageId: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: messageId)
        ends.append(bytes.count)
    }

    /// Appends every messageId of `other`, after this arena's.
    mutating func append(contentsOf other: MessageIdArena) {
        let shift = bytes.count
        bytes += other.bytes
        ends += other.ends.map { $0 + shift }
    }

    /// The messageId of candidate `index`.
    subscript(index: Int) -> String {
        let start = index == 0 ? 0 : ends[index - 1]
        return String(decoding: bytes[start..<ends[index]], as: UTF8.self)
    }
}
