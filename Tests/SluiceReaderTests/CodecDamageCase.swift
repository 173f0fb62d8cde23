/// The kinds of damage (and of whole files) every codec's stream is tested on.
enum CodecDamageCase: String, CaseIterable, Sendable, CustomStringConvertible {
    case whole, cutInsideABlock, cutInsideTheSecondMember, cutJustAfterABlock
    case cutJustAfterAMember, cutAtAMemberBoundary, failedCheck, failedCheckInTheSecondMember
    case corruptSecondMemberBlock
    case flippedByte, trailingGarbage, trailingZeros, trailingThreeZeros, emptyPayload
    case emptyMemberBetween
    case smallFileCut, smallFileFailedCheck

    var description: String { rawValue }

    /// The lines of every fixture (about 180 kB), split into six chunks (each its own block,
    /// three per member) whose ends fall inside lines.
    static let text = ndjson(sampleLines(2_400))
    static let chunks = stride(from: 0, to: text.count, by: text.count / 6 + 1).map {
        Array(text[$0..<min($0 + text.count / 6 + 1, text.count)])
    }
    static let smallText = ndjson(sampleLines(20))

    /// The two-member, six-block file per codec, built once.
    static let files: [Codec: BlockedFile] = Dictionary(
        uniqueKeysWithValues: Codec.allCases.map {
            ($0, BlockedFile($0, members: [Array(chunks[0..<3]), Array(chunks[3...])]))
        })

    func fixture(_ codec: Codec) -> CodecDamageFixture {
        let file = Self.files[codec]!
        let blocks = file.blocks
        let text = Array(Self.chunks.joined())
        let firstMember = file.members[0]
        // zstd and bzip2 decode a block only once it is whole; LZMA2 decodes as it reads.
        let isBlockAtomic = codec != .xz

        switch self {
        case .whole:
            return .init(file.bytes, text: text, stop: text.count, damage: nil)
        case .cutInsideABlock:
            let cut = (blocks[0].compressed + blocks[1].compressed) / 2
            let upper = isBlockAtomic ? blocks[0].decompressed : blocks[1].decompressed
            return .init(
                Array(file.bytes.prefix(cut)), text: text, stop: blocks[0].decompressed...upper,
                damage: .truncated)
        case .cutInsideTheSecondMember:
            let cut = (blocks[2].compressed + blocks[3].compressed) / 2
            let upper = isBlockAtomic ? blocks[2].decompressed : blocks[3].decompressed
            return .init(
                Array(file.bytes.prefix(cut)), text: text, stop: blocks[2].decompressed...upper,
                damage: .truncated)
        case .cutJustAfterABlock:
            // A bzip2 block's last bits are written with the next block: one more byte.
            let cut = blocks[0].compressed + (codec == .bzip2 ? 2 : 1)
            return .init(
                Array(file.bytes.prefix(cut)), text: text, stop: blocks[0].decompressed,
                damage: .truncated)
        case .cutJustAfterAMember:
            return .init(
                Array(file.bytes.prefix(firstMember.compressed + 3)), text: text,
                stop: firstMember.decompressed, damage: .truncated)
        case .cutAtAMemberBoundary:
            return .init(
                Array(file.bytes.prefix(firstMember.compressed)), text: text,
                stop: firstMember.decompressed, damage: nil)
        case .failedCheck:
            // The data is intact and only its check is wrong: the block (zstd: the frame) is
            // handed over whole, then the damage at its end, as each stream documents; a zstd
            // frame is read past, to the next.
            let (position, stop) = Self.checkByte(codec, file)
            var bytes = file.bytes
            bytes[position] ^= 0x01
            guard codec != .zstd else { return .readPast(bytes, text: text, failed: 0..<stop) }
            return .init(bytes, text: text, stop: stop, damage: .corrupt, untrustedFrom: 0)
        case .failedCheckInTheSecondMember:
            // Only the second member's lines are untrusted, from the line that straddles the
            // members.
            let (position, stop) = Self.checkByte(codec, file, member: 1)
            var bytes = file.bytes
            bytes[position] ^= 0x01
            if codec == .zstd {
                return .readPast(bytes, text: text, failed: firstMember.decompressed..<stop)
            }
            return .init(
                bytes, text: text, stop: stop, damage: .corrupt,
                untrustedFrom: firstMember.decompressed)
        case .corruptSecondMemberBlock:
            // The second member's first block is corrupt: it may fail before giving a byte,
            // or decode to wrong bytes that only the member's check finds (zstd's raw
            // literals, bzip2's block CRC), so reading stops anywhere in that member; the
            // zstd frame here is the second case, and read past as the last frame.
            var bytes = file.bytes
            bytes[(blocks[2].compressed + blocks[3].compressed) / 2 + 1] ^= 0x10
            if codec == .zstd {
                return .readPast(
                    bytes, text: text, failed: firstMember.decompressed..<text.count,
                    verifiedUpTo: firstMember.decompressed)
            }
            return .init(
                bytes, text: text, stop: firstMember.decompressed...text.count,
                verifiedUpTo: firstMember.decompressed, damage: .corruptOrTruncated,
                untrustedFrom: firstMember.decompressed)
        case .flippedByte:
            var bytes = file.bytes
            bytes[(blocks[0].compressed + blocks[1].compressed) / 2] ^= 0x10
            return .init(
                bytes, text: text, stop: blocks[0].decompressed...text.count,
                verifiedUpTo: blocks[0].decompressed, damage: .corruptOrTruncated,
                untrustedFrom: 0)
        case .trailingGarbage:
            // What came before the garbage was checked, so every line stays trusted.
            return .init(
                file.bytes + Array("garbage\n".utf8), text: text, stop: text.count,
                damage: .trailing)
        case .trailingZeros:
            // Four null bytes are xz stream padding (.xz format, section 2.2), not damage.
            return .init(
                file.bytes + [0, 0, 0, 0], text: text, stop: text.count,
                damage: codec == .xz ? nil : .trailing)
        case .trailingThreeZeros:
            // xz stream padding comes in fours; three null bytes are trailing bytes for all.
            return .init(
                file.bytes + [0, 0, 0], text: text, stop: text.count, damage: .trailing)
        case .emptyPayload:
            return .init(BlockedFile(codec, members: [[]]).bytes, text: [], stop: 0, damage: nil)
        case .emptyMemberBetween:
            let members = [Array(Self.chunks[0..<2]), [], Array(Self.chunks[2...])]
            return .init(
                BlockedFile(codec, members: members).bytes, text: text, stop: text.count,
                damage: nil)
        case .smallFileCut:
            let small = BlockedFile(codec, members: [[Self.smallText]]).bytes
            let upper = isBlockAtomic ? 0 : Self.smallText.count
            return .init(
                Array(small.prefix(small.count / 2)), text: Self.smallText, stop: 0...upper,
                damage: .truncated)
        case .smallFileFailedCheck:
            let small = BlockedFile(codec, members: [[Self.smallText]])
            var bytes = small.bytes
            bytes[Self.checkByte(codec, small).position] ^= 0x01
            if codec == .zstd {
                return .readPast(bytes, text: Self.smallText, failed: 0..<Self.smallText.count)
            }
            return .init(
                bytes, text: Self.smallText, stop: Self.smallText.count, damage: .corrupt,
                untrustedFrom: 0)
        }
    }

    /// A byte of the first check the decoder verifies in member `member`, and the
    /// decompressed offset where that check is verified: zstd's frame checksum (the frame's
    /// last 4 bytes), bzip2's first block CRC (bytes 10 to 13 of the stream, after "BZh9" and
    /// the block magic), xz's first block check (the block's last 8 bytes, CRC64).
    static func checkByte(_ codec: Codec, _ file: BlockedFile, member: Int = 0) -> (
        position: Int, stop: Int
    ) {
        let start = member == 0 ? 0 : file.members[member - 1].compressed
        let firstBlock = file.blocks.firstIndex { $0.compressed > start }!
        switch codec {
        case .zstd:
            return (file.members[member].compressed - 1, file.members[member].decompressed)
        case .bzip2: return (start + 12, file.blocks[firstBlock].decompressed)
        case .xz:
            return (file.blocks[firstBlock].compressed - 1, file.blocks[firstBlock].decompressed)
        }
    }
}
