import SluiceJSON

/// Parses every line into `tape`, reused; with `walks`, also visits every token once and
/// touches its bytes, as a loader that flattens every field would. Returns a checksum.
func tapePass(
    _ tape: inout JSONTape, _ bytes: UnsafeRawBufferPointer, _ lineRanges: [Range<Int>],
    walks: Bool
) -> Int {
    var sum = 0
    for range in lineRanges {
        let line = UnsafeRawBufferPointer(rebasing: bytes[range])
        guard (try? tape.parse(line)) != nil else { continue }
        guard walks else {
            sum &+= tape.memberCount(0)
            continue
        }

        for t in 0..<tape.count {
            switch tape.kind(t) {
            case .string: sum &+= tape.rawBytes(t, in: line).count
            case .number: sum &+= Int(truncatingIfNeeded: tape.int64(t) ?? 1)
            case .bool: sum &+= tape.bool(t) ? 1 : 0
            default: sum &+= tape.memberCount(t)
            }
        }
    }
    return sum
}
