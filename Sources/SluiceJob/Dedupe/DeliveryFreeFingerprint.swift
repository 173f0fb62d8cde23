import SluiceHash

/// Fingerprints an event line without its delivery times, straight from the raw bytes.
///
/// The line's top-level `sentAt` and `receivedAt` members (key and value, and their comma)
/// are cut out and the rest is hashed (128-bit MurmurHash3). A retry re-sent by the same
/// client fingerprints alike; copies that differ anywhere else, including in member order or
/// whitespace, fingerprint apart and are only suspects: the run reads both lines back and
/// compares them structurally (`PayloadFingerprint`) before calling them conflicting.
/// Scanning bytes costs a fraction of hashing the parsed tree, and suspects are rare.
///
/// - Precondition: the line is one valid JSON object (the parser has accepted it).
struct DeliveryFreeFingerprint {
    private var scratch: [UInt8] = []
    /// The cuts of the last line, kept for their capacity.
    var cuts: [(start: Int, end: Int)] = []

    /// `cuts` emptied and moved out, so filling it allocates nothing once it has grown.
    mutating func takeCuts() -> [(start: Int, end: Int)] {
        var taken: [(start: Int, end: Int)] = []
        swap(&taken, &cuts)
        taken.removeAll(keepingCapacity: true)
        return taken
    }

    mutating func hash(_ line: UnsafeRawBufferPointer) -> Hash128 {
        var cuts: [(start: Int, end: Int)] = []
        var index = 0
        var depth = 0
        let count = line.count
        while index < count {
            let byte = line[index]
            switch byte {
            case UInt8(ascii: "\""):
                let keyStart = index
                index = Self.skipString(line, from: index)
                if depth == 1, Self.isDeliveryKey(line, keyStart, index), Self.isKey(line, index) {
                    index = Self.skipMember(line, from: index)
                    cuts.append((keyStart, index))
                }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
            index += 1
        }
        return hash(line, cutting: cuts)
    }

    /// Hashes `line` without the byte ranges `cuts` (delivery members from the opening quote
    /// of the key to just past the value, in order), each with its comma.
    mutating func hash(_ line: UnsafeRawBufferPointer, cutting cuts: [(start: Int, end: Int)])
        -> Hash128
    {
        scratch.removeAll(keepingCapacity: true)
        var copyFrom = 0
        for (start, end) in cuts {
            var valueEnd = end
            scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[copyFrom..<start]))
            // Drop the member's comma too, so a copy without the member matches.
            if valueEnd < line.count, line[valueEnd] == UInt8(ascii: ",") {
                valueEnd += 1
            } else if let comma = scratch.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }),
                scratch[comma] == UInt8(ascii: ",")
            {
                scratch.removeSubrange(comma...)
            }
            copyFrom = valueEnd
        }
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[copyFrom..<line.count]))
        return scratch.withUnsafeBytes { Fingerprint128.hash($0) }
    }

    /// The index just past the string starting at `start` (a quote).
    private static func skipString(_ line: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start + 1
        while index < line.count {
            switch line[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return line.count
    }

    /// Whether the string just ended at `end` is followed (after whitespace) by a colon.
    private static func isKey(_ line: UnsafeRawBufferPointer, _ end: Int) -> Bool {
        var index = end
        while index < line.count, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
        return index < line.count && line[index] == UInt8(ascii: ":")
    }

    private static let sentAt = Array("\"sentAt\"".utf8)
    private static let receivedAt = Array("\"receivedAt\"".utf8)

    private static func isDeliveryKey(_ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int)
        -> Bool
    {
        let length = end - start
        let candidate =
            length == sentAt.count ? sentAt : (length == receivedAt.count ? receivedAt : nil)
        guard let candidate else { return false }
        for offset in 0..<length where line[start + offset] != candidate[offset] { return false }
        return true
    }

    /// From just past a key: skips the colon and the value, returning the index of what
    /// follows the value (a comma or the closing brace).
    private static func skipMember(_ line: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while index < line.count, line[index] != UInt8(ascii: ":") { index += 1 }
        index += 1
        var depth = 0
        while index < line.count {
            let byte = line[index]
            switch byte {
            case UInt8(ascii: "\""):
                index = skipString(line, from: index)
                if depth == 0 { return index }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return index }
                depth -= 1
                if depth == 0 { return index + 1 }
            case UInt8(ascii: ","):
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return line.count
    }
}
