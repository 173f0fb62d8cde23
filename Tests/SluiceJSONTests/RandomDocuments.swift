/// SplitMix64: a small seeded generator, so every run of a randomised test sees the same
/// inputs and a failure can be replayed.
struct SeededRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}

/// Writes random valid JSON documents that exercise every part of the grammar: all
/// escapes, raw multi-byte UTF-8, number shapes, repeated keys, nesting and whitespace.
struct RandomDocuments {
    var random: SeededRandom

    static let stringPieces = [
        "a", "messageId", "x y", "\\n", "\\\"", "\\\\", "\\/", "\\b\\f\\r\\t", "\\u0041", "\\u00e9",
        "\\uD83D\\uDE00", "\\u0000", "é", "€", "😀", "\u{10FFFF}", "\u{7F}", "0123456789abcdef",
    ]
    static let numbers = [
        "0", "-0", "1", "-17", "3.25", "1e5", "2E-3", "-0.0e+0", "9223372036854775807",
        "-9223372036854775808", "18446744073709551616", "1e400", "12.500",
    ]
    static let whitespace = ["", "", "", " ", "\n", "\t", "\r\n  "]

    mutating func document() -> String {
        value(depth: 0)
    }

    private mutating func space() -> String { random.pick(RandomDocuments.whitespace) }

    mutating func string() -> String {
        let pieces = (0..<random.below(4)).map { _ in random.pick(RandomDocuments.stringPieces) }
        return "\"" + pieces.joined() + "\""
    }

    private mutating func value(depth: Int) -> String {
        let kind = depth > 4 ? random.below(4) : random.below(7)
        switch kind {
        case 0: return random.pick(["true", "false", "null"])
        case 1: return random.pick(RandomDocuments.numbers)
        case 2, 3: return string()
        case 4:
            let elements = (0..<random.below(5)).map { _ in
                space() + value(depth: depth + 1) + space()
            }
            return "[" + elements.joined(separator: ",") + "]"
        default:
            let keys = ["a", "b", "\\u0061", "type", "é", ""]
            let members = (0..<random.below(5)).map { _ in
                space() + "\"" + random.pick(keys) + "\"" + space() + ":" + space()
                    + value(depth: depth + 1) + space()
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// Bytes that steer a mutation towards the parser's decision points.
    static let interestingBytes: [UInt8] =
        Array("{}[],:\"\\ 0123456789eE.-+tfnu/".utf8)
        + [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]

    /// Applies one to three random edits: replace, insert or delete a byte, duplicate or
    /// delete a range, or truncate.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<(1 + random.below(3)) {
            let position = bytes.isEmpty ? 0 : random.below(bytes.count)
            let byte =
                random.below(4) == 0
                ? UInt8(truncatingIfNeeded: random.next())
                : random.pick(RandomDocuments.interestingBytes)
            switch random.below(6) {
            case 0 where !bytes.isEmpty: bytes[position] = byte
            case 1: bytes.insert(byte, at: position)
            case 2 where !bytes.isEmpty: bytes.remove(at: position)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + 1 + random.below(8))
                bytes.insert(contentsOf: bytes[position..<end], at: random.below(bytes.count))
            case 4 where !bytes.isEmpty:
                bytes.removeSubrange(position..<min(bytes.count, position + 1 + random.below(8)))
            default:
                bytes.removeSubrange(position..<bytes.count)
            }
        }
        return bytes
    }
}
