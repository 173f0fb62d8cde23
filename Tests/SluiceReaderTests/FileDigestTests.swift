import Foundation
import SluiceHash
import Testing

@testable import SluiceReader

/// The SHA-256 a pass takes from its own reads (`forEachLine(computingSHA256:)`): always the
/// digest of the whole file, whatever the compression, the damage or the read size, and the
/// pass's lines and counts are those of a pass that hashes nothing.
@Suite struct FileDigestTests {
    static let text = ndjson(sampleLines(20_000))

    /// A file to read and how its bytes are made.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var usesIsal = true
        var make: @Sendable () throws -> [UInt8]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "gzip through ISA-L") { try compress(text, with: "gzip") },
        Case(name: "gzip through zlib", usesIsal: false) { try compress(text, with: "gzip") },
        Case(name: "gzip of two members") {
            let half = text.count / 2
            return try compress(Array(text[..<half]), with: "gzip")
                + compress(Array(text[half...]), with: "gzip")
        },
        // ISA-L meets the corrupt block, zlib re-reads from the start and stops at it.
        Case(name: "gzip with corrupt deflate data") {
            var bytes = try compress(text, with: "gzip")
            for i in 0..<16 { bytes[bytes.count / 2 + i] = 0xFF }
            return bytes
        },
        Case(name: "gzip with a bad CRC") {
            var bytes = try compress(text, with: "gzip")
            bytes[bytes.count - 8] ^= 0xFF
            return bytes
        },
        Case(name: "gzip cut in half") {
            let bytes = try compress(text, with: "gzip")
            return Array(bytes.prefix(bytes.count / 2))
        },
        Case(name: "gzip then garbage") { try compress(text, with: "gzip") + Array("junk".utf8) },
        Case(name: "zstd") { try compress(text, with: "zstd") },
        Case(name: "zstd cut in half") {
            let bytes = try compress(text, with: "zstd")
            return Array(bytes.prefix(bytes.count / 2))
        },
        Case(name: "bzip2") { try compress(text, with: "bzip2") },
        Case(name: "bzip2 with a corrupt block") {
            var bytes = try compress(text, with: "bzip2")
            for i in 0..<16 { bytes[bytes.count / 3 + i] ^= 0x5A }
            return bytes
        },
        Case(name: "xz") { try compress(text, with: "xz") },
        Case(name: "xz cut in half") {
            let bytes = try compress(text, with: "xz")
            return Array(bytes.prefix(bytes.count / 2))
        },
        Case(name: "lz4 through libarchive") { try compress(text, with: "lz4") },
        Case(name: "plain") { text },
        Case(name: "shorter than the magic") { Array("{}\n".utf8) },
        Case(name: "empty") { [] },
    ]

    /// Read sizes: the default, and a small one that makes many reads and a late fallback.
    @Test(arguments: cases, [ReaderOptions.defaultBlockSize, 4096])
    func digestIsTheWholeFilesSHA256(_ digestCase: Case, blockSize: Int) throws {
        let bytes = try digestCase.make()
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("f", bytes)
        var options = ReaderOptions(blockSize: blockSize)
        options.usesIsal = digestCase.usesIsal
        let reader = LogFileReader(file: file, options: options)

        var hashedLines: [ReadLine] = []
        var summary = try reader.forEachLine(computingSHA256: true) {
            hashedLines.append(ReadLine($0))
        }
        #expect(summary.sha256 == SHA256.hexDigest(of: bytes))

        var plainLines: [ReadLine] = []
        let plain = try reader.forEachLine { plainLines.append(ReadLine($0)) }
        #expect(plain.sha256 == nil)
        summary.sha256 = nil
        #expect(summary == plain)
        #expect(hashedLines == plainLines)
    }

    /// The fallback case above must really fall back, or it tests nothing more than the rest.
    @Test func corruptGzipMakesISALFallBackToZlib() throws {
        var bytes = try compress(Self.text, with: "gzip")
        for i in 0..<16 { bytes[bytes.count / 2 + i] = 0xFF }
        let fixtures = try Fixtures()
        let path = try fixtures.write("c.gz", bytes)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }

        let stream = IsalGzipStream(fd: fd, blockSize: 4096)
        while case .bytes = stream.next() {}
        #expect(stream.hasFallenBack)
    }

    /// Reads out of order: a re-read of a hashed part adds only what is new, a read past the
    /// hashed prefix adds nothing, and `finishDigest()` reads the gap and the rest.
    @Test func sourceFileHashesEachByteOnceInFileOrder() throws {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let fixtures = try Fixtures()
        let path = try fixtures.write("r", bytes)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let source = SourceFile(fd: fd, isDigesting: true)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1000, alignment: 16)
        defer { buffer.deallocate() }

        #expect(source.read(into: buffer, count: 100, at: 0) == 100)
        #expect(source.read(into: buffer, count: 1000, at: 0) == 1000)
        #expect(source.read(into: buffer, count: 300, at: 900) == 300)
        #expect(source.read(into: buffer, count: 1000, at: 5000) == 1000)
        #expect(source.finishDigest() == SHA256.hexDigest(of: bytes))
    }

    @Test func sourceFileThatDoesNotDigestReturnsNoDigest() throws {
        let fixtures = try Fixtures()
        let path = try fixtures.write("r", Array("abc".utf8))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }

        #expect(SourceFile(fd: fd).finishDigest() == nil)
    }
}
