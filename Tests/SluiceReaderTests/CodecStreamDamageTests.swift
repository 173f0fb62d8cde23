import Testing

@testable import SluiceReader

/// zstd, bzip2 and xz through their own streams: every line decoded before the damage, the
/// cut line as a fragment, and the offset where reading stopped, for each kind of damage.
@Suite struct CodecStreamDamageTests {
    /// The default, a block smaller than a codec block, and an odd size that splits lines.
    static let blockSizes = [ReaderOptions.defaultBlockSize, 4096, 777]

    @Test(arguments: Codec.allCases, CodecDamageCase.allCases)
    func readsEveryLineBeforeTheDamage(codec: Codec, damageCase: CodecDamageCase) throws {
        let fixture = damageCase.fixture(codec)
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("f.\(codec)", fixture.bytes)
        for blockSize in Self.blockSizes {
            let (read, summary) = try readAll(file, options: ReaderOptions(blockSize: blockSize))
            let stop = Int(summary.decompressedBytes)
            #expect(fixture.stop.contains(stop), "stopped at \(stop), block size \(blockSize)")
            #expect(summary.compression == codec.rawValue)
            #expect(summary.compressedBytes == Int64(fixture.bytes.count) || fixture.damage != nil)
            expectDamage(summary, fixture, codec, stop: stop)
            expectLines(read, fixture, stop: stop, blockSize: blockSize)
        }
    }

    func expectDamage(
        _ summary: FileReadSummary, _ fixture: CodecDamageFixture, _ codec: Codec, stop: Int
    ) {
        let damage = summary.damage
        if fixture.damage == .readPast {
            #expect(damage == nil)
            let failed = summary.failedUnits
            #expect(failed.count == 1, "\(failed)")
            #expect(failed.first?.byteOffset == fixture.untrustedFrom.map(Int64.init))
            #expect(failed.first?.endOffset == fixture.failedUnitEnd.map(Int64.init))
            let lines = fixture.untrustedFrom.map(fixture.line(at:))
            #expect(failed.first?.lines?.lowerBound == lines)
            let message = failed.first?.message ?? ""
            #expect(message.hasPrefix(fixture.expectedMessage(codec)?.text ?? "?"), "\(message)")
            return
        }
        #expect(summary.failedUnits.isEmpty)
        guard fixture.damage != nil else {
            #expect(damage == nil)
            return
        }
        #expect(damage?.byteOffset == Int64(stop))
        let message = damage?.message ?? ""
        if let (expected, isPrefix) = fixture.expectedMessage(codec) {
            #expect(isPrefix ? message.hasPrefix(expected) : message == expected, "\(message)")
        } else {
            #expect(message.hasPrefix("corrupt \(codec) data (") || message.hasPrefix("truncated"))
        }
        let isCorrupt = message.hasPrefix("corrupt")
        let untrusted = isCorrupt ? fixture.untrustedFrom : nil
        #expect(damage?.untrustedFrom?.byteOffset == untrusted.map(Int64.init), "\(message)")
        #expect(damage?.untrustedFrom?.line == untrusted.map(fixture.line(at:)))
    }

    /// The lines must be the original's up to where reading stopped; past the verified
    /// part (a block with corrupt data) only their count and offsets are known.
    func expectLines(
        _ read: [ReadLine], _ fixture: CodecDamageFixture, stop: Int, blockSize: Int
    ) {
        let isDamaged = fixture.damage != nil && fixture.damage != .readPast
        if fixture.verifiedUpTo >= stop {
            let expected = CodecDamageFixture.lines(
                of: fixture.text, upTo: stop, damaged: isDamaged)
            #expect(read == expected, "block size \(blockSize)")
            return
        }
        let verified = CodecDamageFixture.lines(
            of: fixture.text, upTo: fixture.verifiedUpTo, damaged: false
        ).filter { $0.kind == .complete && Int($0.offset) + $0.text.count < fixture.verifiedUpTo }
        #expect(Array(read.prefix(verified.count)) == verified, "block size \(blockSize)")
    }
}
