import Testing

@testable import SluiceReader

/// Too-long and oversized lines, with the carry buffer and in place.
@Suite struct LineLimitTests {
    @Test(arguments: [3, 64, 1 << 20])
    func aTooLongLineKeepsItsPrefixAndTrueLength(blockSize: Int) throws {
        let long = String(repeating: "z", count: 250)
        let text = Array("{\"a\":1}\n\(long)\r\n{\"b\":2}\n".utf8)
        let fixtures = try Fixtures()
        let options = ReaderOptions(
            maxLineBytes: 100, oversizedEventBytes: 6, blockSize: blockSize, tooLongPrefixBytes: 16)
        let (read, summary) = try readAll(try fixtures.inputFile("l.log", text), options: options)

        #expect(read.count == 3)
        #expect(read[0].matches(ReadLine(1, 0, "{\"a\":1}")) && read[0].isOversized)
        #expect(
            read[1].matches(
                ReadLine(2, 8, String(repeating: "z", count: 16), .tooLong(totalBytes: 250))))
        #expect(read[1].isOversized)
        #expect(read[2].matches(ReadLine(3, 260, "{\"b\":2}")))
        #expect(summary.lineCount == 3 && summary.damage == nil)
    }

    @Test func aLineOfExactlyTheLimitIsWhole() throws {
        let exact = String(repeating: "q", count: 100)
        let fixtures = try Fixtures()
        let options = ReaderOptions(maxLineBytes: 100, blockSize: 7)
        let (read, _) = try readAll(
            try fixtures.inputFile("e.log", Array("\(exact)\n".utf8)), options: options)
        #expect(read == [ReadLine(1, 0, exact)])
    }

    /// The limit counts the line without its terminator: a CRLF line of exactly the limit
    /// loads, in place and through the carry, and one byte more is too long by that byte.
    @Test(arguments: [5, 64, 1 << 20])
    func theLimitLeavesOutTheCarriageReturn(blockSize: Int) throws {
        let exact = String(repeating: "q", count: 100)
        let fixtures = try Fixtures()
        let options = ReaderOptions(maxLineBytes: 100, blockSize: blockSize, tooLongPrefixBytes: 8)
        let text = Array("\(exact)\r\n\(exact)q\r\n\(exact)q\n{}\r\n".utf8)
        let (read, _) = try readAll(try fixtures.inputFile("c.log", text), options: options)

        #expect(read.count == 4)
        #expect(read[0].matches(ReadLine(1, 0, exact)))
        #expect(read[1].matches(ReadLine(2, 102, "qqqqqqqq", .tooLong(totalBytes: 101))))
        #expect(read[2].matches(ReadLine(3, 205, "qqqqqqqq", .tooLong(totalBytes: 101))))
        #expect(read[3].matches(ReadLine(4, 307, "{}")))
    }

    @Test func oversizedIsStrictlyOverTheLimit() throws {
        let fixtures = try Fixtures()
        let options = ReaderOptions(oversizedEventBytes: 3)
        let (read, _) = try readAll(
            try fixtures.inputFile("o.log", Array("abc\nabcd\n".utf8)), options: options)
        #expect(read.map(\.isOversized) == [false, true])
    }

    @Test func memoryStaysBoundedByTheLineLimit() {
        let options = ReaderOptions(maxLineBytes: 1000, tooLongPrefixBytes: 100)
        let splitter = LineSplitter(options: options)
        let block = [UInt8](repeating: UInt8(ascii: "w"), count: 64 * 1024)
        var kinds: [LogLine.Kind] = []
        for _ in 0..<48 { block.withUnsafeBytes { splitter.feed($0) { kinds.append($0.kind) } } }
        [UInt8(ascii: "\n")].withUnsafeBytes { splitter.feed($0) { kinds.append($0.kind) } }

        #expect(kinds == [.tooLong(totalBytes: 48 * 64 * 1024)])
        #expect(splitter.carryCapacity <= 1000)
    }
}
