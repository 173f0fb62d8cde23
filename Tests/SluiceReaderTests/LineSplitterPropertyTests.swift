import Testing

@testable import SluiceReader

/// The splitter against a plain reference over random streams and random block cuts.
@Suite struct LineSplitterPropertyTests {
    /// The reference: split the whole stream at once by the documented rules.
    func reference(_ stream: [UInt8], _ options: ReaderOptions) -> ([ReadLine], Int, Int) {
        var pieces = stream.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if stream.last == 0x0A || stream.isEmpty { pieces.removeLast() }
        var lines: [ReadLine] = []
        var blank = 0
        var offset: Int64 = 0
        for (index, piece) in pieces.enumerated() {
            var bytes = piece
            var start = offset
            offset += Int64(piece.count + 1)
            let total = Int64(bytes.count - (bytes.last == 0x0D ? 1 : 0))
            if total > Int64(options.maxLineBytes) {
                bytes = Array(bytes.prefix(options.tooLongPrefixBytes))
                if index == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                    bytes.removeFirst(3); start += 3
                }
                lines.append(ReadLine(index + 1, start, bytes: bytes, .tooLong(totalBytes: total)))
                continue
            }
            if bytes.last == 0x0D { bytes.removeLast() }
            if index == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                bytes.removeFirst(3); start += 3
            }
            if bytes.allSatisfy({ [0x20, 0x09, 0x0D, 0x0A].contains($0) }) {
                blank += 1
                continue
            }
            lines.append(ReadLine(index + 1, start, bytes: bytes))
        }
        return (lines, pieces.count, blank)
    }

    @Test func randomStreamsSplitLikeTheReference() throws {
        var random = SeededGenerator(state: 7)
        let alphabet: [UInt8] = [
            0x0A, 0x0A, 0x0D, 0x20, 0x09, 0xEF, 0xBB, 0xBF, 0x7B, 0x7D, 0x61, 0x00,
        ]
        for round in 0..<2_000 {
            let count = Int.random(in: 0..<300, using: &random)
            var stream = (0..<count).map { _ in alphabet.randomElement(using: &random)! }
            if Bool.random(using: &random) { stream = [0xEF, 0xBB, 0xBF] + stream }
            let options = ReaderOptions(
                maxLineBytes: Int.random(in: 1...40, using: &random),
                tooLongPrefixBytes: Int.random(in: 0...40, using: &random))

            let splitter = LineSplitter(options: options)
            var lines: [ReadLine] = []
            var position = 0
            while position < stream.count {
                let cut = min(stream.count, position + Int.random(in: 1...50, using: &random))
                stream[position..<cut].withUnsafeBytes { block in
                    splitter.feed(block) { lines.append(ReadLine($0)) }
                }
                position = cut
            }
            splitter.finish(damaged: false) { lines.append(ReadLine($0)) }

            let (expected, lineCount, blank) = reference(stream, options)
            #expect(
                lines.count == expected.count && zip(lines, expected).allSatisfy { $0.matches($1) },
                "round \(round)")
            #expect(
                splitter.lineCount == lineCount && splitter.blankLineCount == blank,
                "round \(round)")
            #expect(splitter.streamOffset == Int64(stream.count))
        }
    }
}
