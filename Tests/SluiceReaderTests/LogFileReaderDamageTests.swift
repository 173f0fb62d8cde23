import Foundation
import Testing

@testable import SluiceReader

/// Damaged files: every line before the damage, the cut line as a fragment, and the offset
/// where reading stopped.
@Suite struct LogFileReaderDamageTests {
    static let lines = sampleLines(20_000)
    static let text = ndjson(lines)

    /// Checks that `read` is the original lines up to the damage, then at most one fragment
    /// that is a prefix of the next line, and that the damage offset is where they end.
    func expectPrefix(_ read: [ReadLine], _ summary: FileReadSummary, sourceLines: [String])
        -> Int
    {
        var offset: Int64 = 0
        for (index, line) in read.enumerated() {
            let original = Array(sourceLines[index].utf8)
            #expect(line.number == index + 1)
            #expect(line.offset == offset)
            if line.kind == .truncatedByDamage {
                #expect(index == read.count - 1)
                #expect(original.starts(with: line.text) && line.text.count < original.count)
                offset += Int64(line.text.count)
            } else {
                #expect(line.kind == .complete && line.text == original)
                offset += Int64(original.count + 1)
            }
        }
        #expect(summary.damage?.byteOffset == offset)
        #expect(summary.decompressedBytes == offset)
        #expect(summary.lineCount == read.count)
        return read.count
    }

    /// An empty file named as compressed is a log whose writer never wrote its header: it is
    /// damaged (the run counts it partial), where an empty plain log is just empty.
    @Test(arguments: ["e.gz", "e.zst", "e.bz2", "e.xz", "e.jsonl", "e.log"])
    func anEmptyFileIsDamagedOnlyWhenNamedCompressed(name: String) throws {
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(try fixtures.inputFile(name, []))
        #expect(read.isEmpty)
        let isCompressedName = !name.hasSuffix(".jsonl") && !name.hasSuffix(".log")
        #expect((summary.damage != nil) == isCompressedName, "\(name): \(summary)")
    }

    @Test func truncatedGzipKeepsEveryDecodedLine() throws {
        let compressed = try compress(Self.text, with: "gzip")
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("t.gz", Array(compressed.prefix(compressed.count / 2)))
        let (read, summary) = try readAll(file)

        #expect(
            summary.damage?.message == "truncated gzip input: the file ends inside a gzip member")
        #expect(read.last?.kind == .truncatedByDamage)
        let count = expectPrefix(read, summary, sourceLines: Self.lines)
        #expect(count > Self.lines.count / 3 && count < Self.lines.count)
    }

    @Test func gzipWithBadCRCPassesAllLinesAndNamesTheFailedMember() throws {
        var compressed = try compress(Self.text, with: "gzip")
        compressed[compressed.count - 8] ^= 0xFF
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(try fixtures.inputFile("c.gz", compressed))

        #expect(summary.damage == nil)
        #expect(
            summary.failedUnits == [
                UntrustedPart(
                    lines: 1...Self.lines.count, byteOffset: 0, endOffset: Int64(Self.text.count),
                    message: "corrupt gzip data (incorrect data check)")
            ])
        #expect(summary.isPartial)
        #expect(read.map(\.text) == Self.lines.map { Array($0.utf8) })
    }

    /// A member whose check fails is read past: the members after it are read and trusted,
    /// where reading used to stop at the failure and leave their lines in no count. Its ISIZE
    /// check failing alone (the CRC right) is read past the same way.
    @Test(arguments: [(true, -8), (false, -8), (true, -4), (false, -4)])
    func theMembersAfterAFailedOneAreRead(usesIsal: Bool, position: Int) throws {
        let split = Self.text.count / 3 + 17
        var first = try compress(Array(Self.text[..<split]), with: "gzip")
        first[first.count + position] ^= 0xFF
        let second = try compress(Array(Self.text[split...]), with: "gzip")
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("m.gz", first + second)
        let straddling = Self.text[..<split].filter { $0 == 0x0A }.count + 1

        var options = ReaderOptions()
        options.usesIsal = usesIsal
        let (read, summary) = try readAll(file, options: options)
        #expect(summary.damage == nil)
        #expect(read.map(\.text) == Self.lines.map { Array($0.utf8) })
        let check = position == -8 ? "incorrect data check" : "incorrect length check"
        #expect(
            summary.failedUnits == [
                UntrustedPart(
                    lines: 1...straddling, byteOffset: 0, endOffset: Int64(split),
                    message: "corrupt gzip data (\(check))")
            ])
    }

    /// An empty member that fails its check holds no line, wherever it sits (between lines or
    /// inside one): it makes the file partial and distrusts nothing. It used to pass unseen
    /// at a line boundary and to distrust the line around it inside one.
    @Test(arguments: [1000, 1017])
    func anEmptyFailedMemberIsNamedAndHoldsNoLine(split: Int) throws {
        let head = Array(Self.text[..<split])
        let cut = head.lastIndex(of: 0x0A)! + 1
        let first = try compress(split == 1000 ? Array(head[..<cut]) : head, with: "gzip")
        var empty = try compress([], with: "gzip")
        empty[empty.count - 8] ^= 0xFF
        let rest = Array(Self.text[(split == 1000 ? cut : split)...])
        let last = try compress(rest, with: "gzip")
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("e.gz", first + empty + last)
        let (read, summary) = try readAll(file)

        #expect(read.map(\.text) == Self.lines.map { Array($0.utf8) })
        #expect(summary.damage == nil)
        #expect(summary.failedUnits.count == 1)
        #expect(summary.failedUnits.first?.lines == nil)
        #expect(summary.isPartial)
        #expect(summary.untrustedParts.allSatisfy { $0.lines == nil })
    }

    /// A last member whose check fails and whose trailer is cut short: the failed member and
    /// the cut are both said.
    @Test func aFailedMemberCutInsideItsTrailerIsAlsoACut() throws {
        var compressed = try compress(Self.text, with: "gzip")
        compressed[compressed.count - 8] ^= 0xFF
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(
            try fixtures.inputFile("c.gz", Array(compressed.dropLast(2))))

        #expect(read.count == Self.lines.count)
        #expect(summary.failedUnits.first?.lines == 1...Self.lines.count)
        #expect(summary.damage?.message.hasPrefix("truncated gzip input") == true)
    }

    /// A member that fails its check makes its own lines untrusted, from the line its first
    /// byte falls in, and not the lines of the member before it, whichever inflater reads it
    /// and however the blocks split the text.
    @Test(arguments: [true, false])
    func aFailedCheckDistrustsOnlyTheFailingMember(usesIsal: Bool) throws {
        // The first member ends inside a line, so that line holds bytes of both.
        let split = Self.text.count / 3 + 17
        let first = try compress(Array(Self.text[..<split]), with: "gzip")
        var second = try compress(Array(Self.text[split...]), with: "gzip")
        second[second.count - 8] ^= 0xFF
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("m.gz", first + second)
        let straddling = Self.text[..<split].filter { $0 == 0x0A }.count + 1

        for blockSize in [ReaderOptions.defaultBlockSize, 4096, 777] {
            var options = ReaderOptions(blockSize: blockSize)
            options.usesIsal = usesIsal
            let (read, summary) = try readAll(file, options: options)
            let failed = summary.failedUnits.first
            #expect(failed?.message == "corrupt gzip data (incorrect data check)")
            #expect(failed?.lines == straddling...Self.lines.count, "block \(blockSize)")
            #expect(failed?.byteOffset == Int64(split))
            #expect(read.count == Self.lines.count)
        }
    }

    /// A cut leaves the bytes before it as written, and bytes after the last member leave
    /// every member checked: neither distrusts a line.
    @Test func cutsAndTrailingBytesDistrustNoLine() throws {
        let compressed = try compress(Self.text, with: "gzip")
        let fixtures = try Fixtures()
        let cut = try fixtures.inputFile("t.gz", Array(compressed.prefix(compressed.count / 2)))
        let trailing = try fixtures.inputFile("g.gz", compressed + Array("garbage".utf8))
        for file in [cut, trailing] {
            let (_, summary) = try readAll(file)
            #expect(summary.damage != nil)
            #expect(summary.damage?.untrustedFrom == nil)
        }
    }

    /// Corrupt deflate data either stops the inflater or decodes to bytes whose check then
    /// fails; either way every line of the member is untrusted.
    @Test func gzipWithCorruptDeflateDataDistrustsTheMember() throws {
        var compressed = try compress(Self.text, with: "gzip")
        for i in 0..<16 { compressed[compressed.count / 2 + i] = 0xFF }
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(try fixtures.inputFile("c.gz", compressed))

        #expect(summary.partialMessage?.hasPrefix("corrupt gzip data (") == true)
        #expect(summary.untrustedParts.first?.lines?.lowerBound == 1)
        // A corrupt stream may decode to wrong bytes before zlib notices; only the lines
        // before the corrupt half are known.
        #expect(read.count < Self.lines.count + 1)
        let before = read.prefix { $0.text == Array(Self.lines[$0.number - 1].utf8) }
        #expect(before.count > Self.lines.count / 3)
    }

    @Test func bytesAfterTheLastGzipMemberAreDamage() throws {
        let member = try compress(Self.text, with: "gzip")
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(
            try fixtures.inputFile("g.gz", member + Array("garbage".utf8)))

        #expect(
            summary.damage
                == FileDamage(
                    byteOffset: Int64(Self.text.count),
                    message:
                        "the file goes on after its last gzip member with bytes that are not gzip "
                        + "(incorrect header check, from byte \(member.count) of the file)"
                ))
        #expect(read.count == Self.lines.count)
    }

    @Test func gzipCutInsideTheHeaderIsDamageAtZero() throws {
        let compressed = try compress(Self.text, with: "gzip")
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(
            try fixtures.inputFile("h.gz", Array(compressed.prefix(6))))
        #expect(read.isEmpty)
        #expect(
            summary.damage
                == FileDamage(
                    byteOffset: 0,
                    message: "truncated gzip input: the file ends inside a gzip member"))
        #expect(summary.compression == "gzip")
    }

    @Test(arguments: ["zstd", "bzip2", "xz"])
    func truncatedCLICompressedStreamsReportDamage(tool: String) throws {
        // Large enough (2.3 MB) for several bzip2 blocks and a cut inside a later one.
        let lines = sampleLines(30_000)
        let compressed = try compress(ndjson(lines), with: tool)
        let fixtures = try Fixtures()
        let cut = Array(compressed.prefix(compressed.count * 3 / 4))
        let (read, summary) = try readAll(try fixtures.inputFile("t.log", cut))

        #expect(summary.damage != nil)
        #expect(summary.damage?.untrustedFrom == nil)
        #expect(summary.compression == tool)
        _ = expectPrefix(read, summary, sourceLines: lines)
    }

    /// A zstd frame with a checksum ends in a call that gives no bytes; when the next frame
    /// fails before its first byte, its start must still be where the untrusted lines begin,
    /// not the start of the file.
    @Test(arguments: [4, 8, 12, 20])
    func aFrameFailingBeforeItsFirstByteDistrustsOnlyItself(position: Int) throws {
        let split = Self.text.count / 3 + 17
        let first = try compress(Array(Self.text[..<split]), with: "zstd")
        var second = try compress(Array(Self.text[split...]), with: "zstd")
        for offset in position..<position + 4 { second[offset] = 0xFF }
        let fixtures = try Fixtures()
        let (_, summary) = try readAll(try fixtures.inputFile("f.zst", first + second))
        let straddling = Self.text[..<split].filter { $0 == 0x0A }.count + 1
        #expect(summary.decompressedBytes == Int64(split))
        #expect(summary.damage?.message.hasPrefix("corrupt zstd data (") == true)
        #expect(summary.damage?.untrustedFrom?.byteOffset == Int64(split), "\(position)")
        #expect(summary.damage?.untrustedFrom?.line == straddling)
    }

    /// A zstd frame whose checksum fails is read past as a gzip member is: its lines are
    /// passed and named, the frames after it are read and trusted (they used to be in no
    /// count), whatever the read blocks, and bytes after the last frame are still trailing.
    @Test(arguments: [false, true])
    func theFramesAfterAFailedZstdFrameAreRead(endsWithJunk: Bool) throws {
        let thirds = [0, Self.text.count / 3 + 17, Self.text.count * 2 / 3 + 5, Self.text.count]
        var frames = try (0..<3).map {
            try compress(Array(Self.text[thirds[$0]..<thirds[$0 + 1]]), with: "zstd")
        }
        frames[1][frames[1].count - 2] ^= 0xFF
        let junk = endsWithJunk ? Array("junk".utf8) : []
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("m.zst", frames.joined() + junk)
        let lineAt = { (offset: Int) in Self.text[..<offset].filter { $0 == 0x0A }.count + 1 }

        for blockSize in [ReaderOptions.defaultBlockSize, 4096, 777] {
            let (read, summary) = try readAll(file, options: ReaderOptions(blockSize: blockSize))
            #expect(read.map(\.text) == Self.lines.map { Array($0.utf8) }, "block \(blockSize)")
            #expect(
                summary.failedUnits == [
                    UntrustedPart(
                        lines: lineAt(thirds[1])...lineAt(thirds[2]),
                        byteOffset: Int64(thirds[1]), endOffset: Int64(thirds[2]),
                        message: "corrupt zstd data (Restored data doesn't match checksum)")
                ])
            #expect(summary.damage?.message.hasPrefix("the file goes on after") ?? !endsWithJunk)
            #expect(summary.damage?.untrustedFrom == nil)
        }
    }

    /// An empty zstd frame that fails its checksum right after a whole frame holds no line.
    /// A frame with a checksum ends in a call that gives no bytes, so the failed frame's
    /// start was not seen and the whole frame before it was named untrusted (a night of such
    /// a file was refused as having no trusted line).
    @Test(arguments: [false, true])
    func anEmptyFailedZstdFrameAfterAWholeOneHoldsNoLine(isFollowed: Bool) throws {
        let first = try compress(Self.text, with: "zstd")
        var empty = try compress([], with: "zstd")
        empty[empty.count - 1] ^= 0xFF
        let last = isFollowed ? try compress(Array(Self.text.prefix(1000)), with: "zstd") : []
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(try fixtures.inputFile("e.zst", first + empty + last))

        #expect(read.count >= Self.lines.count)
        #expect(summary.damage == nil)
        #expect(summary.failedUnits.count == 1)
        #expect(summary.failedUnits.first?.lines == nil)
        #expect(summary.failedUnits.first?.byteOffset == Int64(Self.text.count))
        #expect(summary.untrustedParts.allSatisfy { $0.lines == nil })
    }

    /// A frame compressed with a zstd dictionary cannot be read without it: the record says
    /// which dictionary and how to load the file, where libzstd says only "Dictionary
    /// mismatch", and names no line as changed (the bytes are not damaged).
    @Test func aZstdFrameNeedingADictionarySaysWhichAndWhatToDo() throws {
        let fixtures = try Fixtures()
        for index in 0..<100 {
            try fixtures.write(
                "samples/\(index)", ndjson(Array(Self.lines[index * 4..<index * 4 + 4])))
        }
        let root = fixtures.root
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c",
            "zstd -q --train '\(root)'/samples/* --dictID=4242 -o '\(root)/dictionary' 2>/dev/null"
                + " && zstd -q -D '\(root)/dictionary' -c < '\(root)/samples/0' > '\(root)/d.zst'",
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let plain = try compress(ndjson(Array(Self.lines.prefix(3))), with: "zstd")
        let needing = Array(try Data(contentsOf: URL(fileURLWithPath: root + "/d.zst")))
        let (read, summary) = try readAll(try fixtures.inputFile("d.zst", plain + needing))

        #expect(read.count == 3)
        #expect(
            summary.damage?.message
                == "the zstd frame at byte \(plain.count) of the file was compressed with "
                + "dictionary 4242, which Sluice is not given: decompress the file with it "
                + "(zstd -d -D <dictionary>) and load the result")
        #expect(summary.damage?.untrustedFrom == nil)
    }

    /// Null bytes between two xz streams that are no padding stop the read, as xz refuses
    /// the file, and the message says the streams after them were not read; it said they
    /// came after the last stream.
    @Test func badPaddingBetweenXzStreamsSaysTheStreamsAfterWereNotRead() throws {
        let stream = try compress(Array(Self.text.prefix(1000)), with: "xz")
        let fixtures = try Fixtures()
        let (_, summary) = try readAll(try fixtures.inputFile("p.xz", stream + [0, 0, 0] + stream))
        #expect(
            summary.damage?.message
                == "the xz streams of the file are separated by 3 null bytes from byte \(stream.count) of the file, which are no stream padding: padding comes in fours; the streams after them were not read"
        )
        #expect(summary.damage?.untrustedFrom == nil)
    }

    /// libarchive's formats (lz4 here) do not say where their checked parts end: a failed
    /// check distrusts every line, while a cut, which changes no byte, distrusts none.
    @Test func libarchiveFormatsDistrustTheWholeFileOnlyWhenCorrupt() throws {
        let compressed = try compress(Self.text, with: "lz4")
        let fixtures = try Fixtures()
        let cut = try fixtures.inputFile("c.log", Array(compressed.dropLast(20)))
        let (_, cutSummary) = try readAll(cut)
        #expect(cutSummary.damage?.message.lowercased().contains("truncated") == true)
        #expect(cutSummary.damage?.untrustedFrom == nil)

        // The frame's content checksum is its last 4 bytes.
        var flipped = compressed
        flipped[flipped.count - 2] ^= 0x01
        let (_, summary) = try readAll(try fixtures.inputFile("f.log", flipped))
        #expect(summary.damage != nil)
        #expect(summary.damage?.untrustedFrom?.line == 1)
    }

    /// libarchive ends an lz4 or lzma stream at the first bytes that do not go on with it,
    /// without an error: a gzip member or plain lines after the frame would be lost unseen.
    /// They are damage after the last line read, at the offset where the data ends, and
    /// nothing before them is distrusted. libarchive reads four bytes past an lz4 frame
    /// looking for the next, so four stray bytes (`{}` and two newlines) once went unseen.
    @Test(arguments: [("lz4", false), ("lz4", true), ("lzma", false), ("lzma", true)])
    func bytesAfterALibarchiveStreamAreDamage(tool: String, fourBytes: Bool) throws {
        let head = Self.text.prefix(1000)
        let first = Array(head[...head.lastIndex(of: 0x0A)!])
        let compressed = try compress(first, with: tool)
        let after =
            fourBytes
            ? Array("{}\n\n".utf8) : try compress(Array("{\"b\":2}\n".utf8), with: "gzip")
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(try fixtures.inputFile("a.log", compressed + after))

        #expect(read.count == first.filter { $0 == 0x0A }.count)
        #expect(summary.decompressedBytes == Int64(first.count))
        let message = summary.damage?.message ?? ""
        let expected =
            "the file goes on after its \(tool) data ends at byte \(compressed.count) with "
            + "\(after.count) bytes"
        #expect(message.hasPrefix(expected), "\(message)")
        #expect(summary.damage?.untrustedFrom == nil)
    }

    /// A last line without a newline in a whole member, followed by a stray newline: the
    /// line is complete as written, not cut by the bytes after it.
    @Test func theLastLineBeforeTrailingBytesIsWhole() throws {
        let compressed = try compress(Array("{\"a\":1}\n{\"b\":2}".utf8), with: "gzip")
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(try fixtures.inputFile("a.gz", compressed + [0x0A]))
        #expect(read == [ReadLine(1, 0, "{\"a\":1}"), ReadLine(2, 8, "{\"b\":2}")])
        #expect(summary.damage != nil)
    }

    /// A byte or two after the last member that cannot start another (a newline, not gzip's
    /// magic number) are bytes after the last member, not a member cut short; a lone 0x1F
    /// may be one, and stays a cut.
    @Test(
        arguments: [([0x0A], false), ([0x41, 0x0A], false), ([0x1F], true)] as [([UInt8], Bool)])
    func fewBytesAfterTheLastMemberAreNotACut(after: [UInt8], isCut: Bool) throws {
        let compressed = try compress(Self.text, with: "gzip")
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(try fixtures.inputFile("a.gz", compressed + after))

        #expect(read.count == Self.lines.count)
        let message = summary.damage?.message ?? ""
        let expected =
            isCut ? "truncated gzip input" : "the file goes on after its last gzip member"
        #expect(message.hasPrefix(expected), "\(message)")
        #expect(summary.damage?.untrustedFrom == nil)
    }

    /// A file named as compressed that ends inside its magic number (a `.gz` of the one byte
    /// 0x1F, a zstd skippable frame's first three bytes) is a cut file, not a plain line of
    /// garbage in a complete one.
    @Test(
        arguments: [
            ("a.gz", [0x1F]), ("a.zst", [0x28, 0xB5]), ("a.xz", [0xFD, 0x37, 0x7A]),
            ("b.zst", [0x50, 0x2A, 0x4D]),
        ] as [(String, [UInt8])])
    func aFileCutInsideItsMagicNumberIsDamage(name: String, bytes: [UInt8]) throws {
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(try fixtures.inputFile(name, bytes))
        #expect(read.isEmpty)
        #expect(summary.damage?.message.contains("ends inside its") == true)
    }

    /// An lzma stream cut short makes liblzma say only that it cannot go on; once every byte
    /// was read that is a cut, so the lines before it load.
    @Test func anLzmaStreamCutShortIsTruncatedNotCorrupt() throws {
        let compressed = try compress(Self.text, with: "lzma")
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("c.log", Array(compressed.prefix(compressed.count / 2)))
        let (read, summary) = try readAll(file)

        #expect(read.count > 1)
        #expect(summary.damage?.message.hasPrefix("truncated lzma input: ") == true)
        #expect(summary.damage?.untrustedFrom == nil)
    }

    /// A member that starts with gzip's magic number is a member, whatever fails in it (its
    /// header, its first block, the check of an empty member): damage to it (or a member
    /// that failed its check, read past), not bytes after the last member.
    @Test(arguments: [("header", 3), ("emptyCheck", -8)])
    func aLaterMemberFailingBeforeItsFirstByteIsCorrupt(name: String, position: Int) throws {
        let first = try compress(Array(Self.text.prefix(1000)), with: "gzip")
        var second = try compress(name == "emptyCheck" ? [] : Array("{}\n".utf8), with: "gzip")
        // Byte 3 is the header's flags: reserved bits set; -8 is the empty member's CRC.
        second[position < 0 ? second.count + position : position] ^= 0xE0
        let fixtures = try Fixtures()
        for usesIsal in [true, false] {
            var options = ReaderOptions()
            options.usesIsal = usesIsal
            let (_, summary) = try readAll(
                try fixtures.inputFile("\(name).gz", first + second), options: options)
            #expect(summary.partialMessage?.hasPrefix("corrupt gzip data (") == true, "\(name)")
            #expect(summary.untrustedParts.first?.byteOffset == 1000)
        }
    }

    @Test func smallTruncatedZstdIsDamageAtZero() throws {
        let compressed = try compress(ndjson(sampleLines(100)), with: "zstd")
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("s.zst", Array(compressed.prefix(compressed.count / 2)))
        let (read, summary) = try readAll(file)
        #expect(read.isEmpty)
        #expect(
            summary.damage
                == FileDamage(
                    byteOffset: 0,
                    message: "truncated zstd input: the file ends inside a zstd frame"))
        #expect(summary.compression == "zstd")
    }

    @Test func aBzip2HeaderCutShortIsDamageNotText() throws {
        let compressed = try compress(ndjson(sampleLines(100)), with: "bzip2")
        let fixtures = try Fixtures()
        let (read, summary) = try readAll(
            try fixtures.inputFile("b.bz2", Array(compressed.prefix(8))))
        #expect(read.isEmpty)
        #expect(
            summary.damage
                == FileDamage(
                    byteOffset: 0,
                    message: "truncated bzip2 input: the file ends inside a bzip2 stream"))
        #expect(summary.compression == "bzip2")
    }

    @Test func damageInsideATooLongLineReportsItsPrefix() throws {
        let text = Array("{\"a\":1}\n".utf8) + Array(repeating: UInt8(ascii: "y"), count: 500_000)
        let compressed = try compress(text, with: "gzip")
        let fixtures = try Fixtures()
        let options = ReaderOptions(maxLineBytes: 1000, blockSize: 4096, tooLongPrefixBytes: 10)
        let file = try fixtures.inputFile("l.gz", Array(compressed.dropLast(8)))
        let (read, summary) = try readAll(file, options: options)

        #expect(
            read == [ReadLine(1, 0, "{\"a\":1}"), ReadLine(2, 8, "yyyyyyyyyy", .truncatedByDamage)])
        #expect(summary.damage?.byteOffset == Int64(text.count))
        // Only its start is kept, so how much was read is said as well.
        var cutLengths: [Int64?] = []
        _ = try LogFileReader(file: file, options: options).forEachLine {
            cutLengths.append($0.cutLength)
        }
        #expect(cutLengths == [nil, 500_000])
    }

    @Test func aDirectoryReadAsAFileIsDamageNotACrash() throws {
        let fixtures = try Fixtures()
        let file = InputFile(relativePath: "d.log", absolutePath: fixtures.root, byteCount: 0)
        let (read, summary) = try readAll(file)
        #expect(read.isEmpty)
        #expect(
            summary.damage
                == FileDamage(byteOffset: 0, message: "reading the file failed: Is a directory"))
    }

    @Test func aMissingFileThrowsFileUnopenable() throws {
        let file = InputFile(
            relativePath: "gone.log", absolutePath: "/nonexistent/gone.log", byteCount: 0)
        #expect {
            _ = try readAll(file)
        } throws: { error in
            (error as? ReadError)?.code == .fileUnopenable && (error as? ReadError)?.errno == 2
        }
    }
}
