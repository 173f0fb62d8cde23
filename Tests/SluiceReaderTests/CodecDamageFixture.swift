@testable import SluiceReader

/// One damaged (or whole) file for a codec, and what reading it must give.
struct CodecDamageFixture {
    /// What kind of damage the reader must report.
    enum Damage: Equatable {
        case truncated, corrupt, trailing
        /// Corrupt data may also read as a stream cut short, depending on where it lands.
        case corruptOrTruncated
        /// A unit failed its check and the stream read past it: no damage stops the read,
        /// and the unit from `untrustedFrom` to `failedUnitEnd` is the file's one failed unit.
        case readPast
    }

    let bytes: [UInt8]

    /// The decompressed content the file was made from.
    let text: [UInt8]

    /// The decompressed offsets where reading may stop; one offset when it is known exactly.
    let stop: ClosedRange<Int>

    /// The offset up to which the delivered bytes must be the original's; bytes after it
    /// (from a block whose data is corrupt) may be anything.
    let verifiedUpTo: Int

    /// Nil for a file that must read cleanly.
    let damage: Damage?

    /// For corrupt damage: the decompressed offset of the unit that failed its check, whose
    /// lines the reader must name untrusted (`FileDamage.untrustedFrom`); for corrupt data
    /// that may read as a cut, the offset when it reads as corrupt.
    let untrustedFrom: Int?

    /// For a unit read past: the decompressed offset where it ends.
    var failedUnitEnd: Int?

    init(
        _ bytes: [UInt8], text: [UInt8], stop: ClosedRange<Int>, verifiedUpTo: Int? = nil,
        damage: Damage?, untrustedFrom: Int? = nil
    ) {
        self.bytes = bytes
        self.text = text
        self.stop = stop
        self.verifiedUpTo = verifiedUpTo ?? stop.upperBound
        self.damage = damage
        self.untrustedFrom = untrustedFrom
    }

    init(
        _ bytes: [UInt8], text: [UInt8], stop: Int, damage: Damage?, untrustedFrom: Int? = nil
    ) {
        self.init(
            bytes, text: text, stop: stop...stop, damage: damage, untrustedFrom: untrustedFrom)
    }

    /// A file read whole past one unit that failed its check, the part of `text` from
    /// `untrustedFrom` to `failedUnitEnd`; bytes from `verifiedUpTo` on may be anything.
    static func readPast(
        _ bytes: [UInt8], text: [UInt8], failed: Range<Int>, verifiedUpTo: Int? = nil
    ) -> Self {
        var fixture = Self(
            bytes, text: text, stop: text.count...text.count, verifiedUpTo: verifiedUpTo,
            damage: .readPast, untrustedFrom: failed.lowerBound)
        fixture.failedUnitEnd = failed.upperBound
        return fixture
    }

    /// The number of the line holding byte `offset` of `text`, or starting at it.
    func line(at offset: Int) -> Int {
        text[..<offset].filter { $0 == 0x0A }.count + 1
    }

    /// The lines the reader passes for `text` read up to `offset`: every line ended by a
    /// newline before it, then the rest as a fragment cut by damage (or as a last line).
    static func lines(of text: [UInt8], upTo offset: Int, damaged: Bool) -> [ReadLine] {
        var lines: [ReadLine] = []
        var start = 0
        for index in 0..<offset where text[index] == 0x0A {
            lines.append(ReadLine(lines.count + 1, Int64(start), bytes: Array(text[start..<index])))
            start = index + 1
        }
        if start < offset {
            let kind: LogLine.Kind = damaged ? .truncatedByDamage : .complete
            lines.append(
                ReadLine(lines.count + 1, Int64(start), bytes: Array(text[start..<offset]), kind))
        }
        return lines
    }

    /// The message the reader must give, or its start when the library's reason follows.
    func expectedMessage(_ codec: Codec) -> (text: String, isPrefix: Bool)? {
        let member = codec == .zstd ? "frame" : "stream"
        let article = codec == .xz ? "an" : "a"
        switch damage {
        case nil, .corruptOrTruncated?:
            return nil
        case .readPast?:
            return ("corrupt \(codec) data (", true)
        case .truncated?:
            return (
                "truncated \(codec) input: the file ends inside \(article) \(codec) \(member)",
                false
            )
        case .corrupt?:
            return ("corrupt \(codec) data (", true)
        case .trailing?:
            return (
                "the file goes on after its last \(codec) \(member) with bytes that are not \(codec) (",
                true
            )
        }
    }
}
