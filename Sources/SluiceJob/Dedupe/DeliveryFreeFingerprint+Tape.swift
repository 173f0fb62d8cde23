import SluiceHash
import SluiceJSON

extension DeliveryFreeFingerprint {
    /// The fingerprint `hash(_:)` gives `line`, found from the line's tape instead of a scan
    /// of every byte: the top-level `sentAt` and `receivedAt` members are cut out by their
    /// token offsets. A delivery member whose value is not a string falls back to the scan.
    ///
    /// - Precondition: `tape` holds the parse of exactly `line`.
    mutating func hash(_ line: UnsafeRawBufferPointer, tape: JSONTape) -> Hash128 {
        guard tape.count > 0, tape.kind(0) == .object else { return hash(line) }
        var cuts = takeCuts()
        defer { self.cuts = cuts }
        for (key, value) in tape.members(0) where Self.isDeliveryKey(key, tape, line) {
            guard tape.kind(value) == .string else { return hash(line) }
            let name = tape.rawBytes(key, in: line)
            let text = tape.rawBytes(value, in: line)
            cuts.append(
                (
                    name.baseAddress! - line.baseAddress! - 1,
                    text.baseAddress! - line.baseAddress! + text.count + 1
                ))
        }
        guard !cuts.isEmpty else { return Fingerprint128.hash(line) }
        return hash(line, cutting: cuts)
    }

    /// A key spelled exactly `sentAt` or `receivedAt` in the line's bytes, as the scan reads it.
    private static func isDeliveryKey(
        _ key: Int, _ tape: JSONTape, _ line: UnsafeRawBufferPointer
    ) -> Bool {
        guard !tape.hasEscapes(key) else { return false }
        let raw = tape.rawBytes(key, in: line)
        switch raw.count {
        case 6: return raw.elementsEqual("sentAt".utf8)
        case 10: return raw.elementsEqual("receivedAt".utf8)
        default: return false
        }
    }
}
