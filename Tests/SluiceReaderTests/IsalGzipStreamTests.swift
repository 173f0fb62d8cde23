import Foundation
import Testing

@testable import SluiceReader

/// ISA-L is only a fast path: every gzip file must read exactly as with zlib alone.
@Suite struct IsalGzipStreamTests {
    static let text = ndjson(sampleLines(5_000))

    static func fixtures() throws -> [(String, [UInt8])] {
        let whole = try compress(text, with: "gzip")
        let parts = try stride(from: 0, to: text.count, by: 9_973).map {
            try compress(Array(text[$0..<min($0 + 9_973, text.count)]), with: "gzip")
        }
        let members = parts.flatMap { $0 }
        // RFC 1952 reserves FLG bits 5 to 7; a decompressor must report a member setting one.
        var reserved = whole
        reserved[3] |= 0x20
        var laterReserved = parts
        laterReserved[1][3] |= 0x80
        var crc = whole
        crc[crc.count - 6] ^= 0x01
        var corrupt = whole
        for i in 0..<8 { corrupt[whole.count / 3 + i] = 0xA5 }
        var cases = [
            ("whole", whole), ("members", members), ("bad crc", crc), ("corrupt", corrupt),
            ("trailing zeros", whole + [0, 0, 0, 0]),
            ("trailing text", members + Array("x\n".utf8)),
            ("empty member", try compress([], with: "gzip")),
            ("reserved flag", reserved),
            ("reserved flag in the second member", laterReserved.flatMap { $0 }),
        ]
        // Runs of flipped deflate bytes in a small file: ISA-L writes output before it finds
        // such damage, bytes no decoder vouches for, and they once reached the lines.
        let small = try compress(Array(text.prefix(4_000)), with: "gzip")
        for start in stride(from: 12, to: small.count - 68, by: 37) {
            var flipped = small
            for i in start..<start + 60 { flipped[i] ^= 0xFF }
            cases.append(("small, 60 bytes flipped at \(start)", flipped))
        }
        for cut in stride(from: 1, to: whole.count, by: whole.count / 23) {
            cases.append(("whole cut at \(cut)", Array(whole.prefix(cut))))
        }
        for cut in stride(from: 7, to: members.count, by: members.count / 17) {
            cases.append(("members cut at \(cut)", Array(members.prefix(cut))))
        }
        return cases
    }

    @Test(arguments: [1 << 20, 4096, 777])
    func readsExactlyAsZlib(blockSize: Int) throws {
        let fixtures = try Fixtures()
        for (name, bytes) in try Self.fixtures() {
            let file = try fixtures.inputFile("f.gz", bytes)
            var zlibOptions = ReaderOptions(blockSize: blockSize)
            zlibOptions.usesIsal = false
            let (zlibLines, zlibSummary) = try readAll(file, options: zlibOptions)
            let (isalLines, isalSummary) = try readAll(
                file, options: ReaderOptions(blockSize: blockSize))
            #expect(isalLines == zlibLines, "\(name)")
            #expect(isalSummary == zlibSummary, "\(name)")
        }
    }

    @Test(arguments: [1 << 20, 4096])
    func wellFormedFilesNeverFallBack(blockSize: Int) throws {
        let fixtures = try Fixtures()
        for (name, bytes) in try Self.fixtures()
        where ["whole", "members", "empty member"].contains(name) {
            let path = try fixtures.write("f.gz", bytes)
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            let stream = IsalGzipStream(fd: fd, blockSize: blockSize)
            var total = 0
            draining: while true {
                switch stream.next() {
                case .bytes(let block): total += block.count
                case .end: break draining
                case .damage(let message), .failedUnit(let message, _):
                    Issue.record("\(name): \(message)")
                    break draining
                }
            }
            #expect(total == (name == "empty member" ? 0 : Self.text.count), "\(name)")
            // A member boundary in the first bytes of a read is the one case left to zlib.
            if blockSize == 1 << 20 { #expect(!stream.hasFallenBack, "\(name)") }
        }
    }
}
