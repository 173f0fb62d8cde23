import CLzma
import Foundation
import Testing

@testable import SluiceReader

/// Whole files read through our streams give byte for byte what the codec's own command-line
/// tool decompresses, for files written by the tool and by the library.
@Suite struct CodecStreamCLITests {
    static let text = ndjson(sampleLines(30_000))

    /// Named whole files per codec: the tool's output, several members, many blocks.
    static func wholeFiles(_ codec: Codec) throws -> [(String, [UInt8])] {
        let tool = codec.rawValue
        let half = text.count / 2
        let members =
            try compress(Array(text[..<half]), with: tool)
            + compress(Array(text[half...]), with: tool)
        var files = [
            ("tool", try compress(text, with: tool)), ("two members", members),
        ]
        if codec == .xz {
            files.append(("xz blocks", try shell("xz -c --block-size=100000", text)))
        }
        if codec == .zstd {
            files.append(("skippable first", skippableFrame(7) + files[0].1))
            files.append(
                (
                    "skippable between",
                    try compress(Array(text[..<half]), with: tool)
                        + skippableFrame(0) + compress(Array(text[half...]), with: tool)
                ))
        }
        // Built by libzstd, libbz2 or liblzma themselves, a block per chunk, two members.
        files.append(("in-process blocks", CodecDamageCase.files[codec]!.bytes))
        return files
    }

    /// A zstd skippable frame (RFC 8878, section 3.1.2) of `count` payload bytes.
    static func skippableFrame(_ count: Int) -> [UInt8] {
        [0x53, 0x2A, 0x4D, 0x18, UInt8(count), 0, 0, 0] + [UInt8](repeating: 0xAB, count: count)
    }

    @Test(arguments: Codec.allCases, [ReaderOptions.defaultBlockSize, 1000])
    func wholeFilesReadAsTheToolDecompressesThem(codec: Codec, blockSize: Int) throws {
        let fixtures = try Fixtures()
        for (name, bytes) in try Self.wholeFiles(codec) {
            let path = try fixtures.write("f", bytes)
            let (decoded, damage) = try drain(codec, path: path, blockSize: blockSize)
            #expect(damage == nil, "\(name)")
            // Compared as one Bool: a failing comparison of megabytes would be diffed for hours.
            let toolOutput = try shell("\(codec.rawValue) -d -c", bytes)
            let isToolOutput = decoded == toolOutput
            let original = name == "in-process blocks" ? CodecDamageCase.text : Self.text
            let isOriginal = decoded == original
            #expect(isToolOutput, "\(name): \(decoded.count) bytes, the tool \(toolOutput.count)")
            #expect(isOriginal, "\(name): \(decoded.count) bytes of \(original.count)")
        }
    }

    @Test(arguments: Codec.allCases)
    func anEmptyFileIsAnEmptyStream(codec: Codec) throws {
        let fixtures = try Fixtures()
        let (decoded, damage) = try drain(codec, path: try fixtures.write("e", []), blockSize: 64)
        #expect(decoded.isEmpty && damage == nil)
    }

    /// A member whose end fills the output block exactly: the next call only flushes, and
    /// must not move the stream off the member boundary (it did for a zstd frame without a
    /// checksum, whose last block ends the frame in the call that fills the output).
    @Test(arguments: Codec.allCases)
    func aMemberEndingExactlyAtAnOutputBlockEndIsNotACut(codec: Codec) throws {
        let block = Array(Self.text.prefix(4096))
        let member =
            codec == .zstd
            ? try shell("zstd -q -c --no-check", block)
            : BlockedFile(codec, members: [[block]]).bytes
        let fixtures = try Fixtures()
        for count in [1, 2] {
            let path = try fixtures.write(
                "f", Array([[UInt8]](repeating: member, count: count).joined()))
            let (decoded, damage) = try drain(codec, path: path, blockSize: block.count)
            #expect(damage == nil, "\(count) members")
            #expect(decoded.count == block.count * count, "\(count) members")
        }
    }

    /// An xz block whose LZMA2 dictionary (.xz format, section 5.3.1: property 40, 4 GiB)
    /// needs more than `XzStream.memoryLimit` is refused before any output, not decoded.
    @Test func anXzBlockNeedingTooMuchMemoryIsRefused() throws {
        var bytes = BlockedFile(.xz, members: [[CodecDamageCase.smallText]]).bytes
        // The block header follows the 12-byte stream header: size, flags, filter id 0x21,
        // property size 1, the dictionary property, padding, then its CRC32.
        let headerSize = (Int(bytes[12]) + 1) * 4
        #expect(bytes[14] == 0x21 && bytes[15] == 0x01)
        bytes[16] = 40
        let crc = bytes.withUnsafeBytes {
            lzma_crc32($0.baseAddress!.assumingMemoryBound(to: UInt8.self) + 12, headerSize - 4, 0)
        }
        for i in 0..<4 {
            bytes[12 + headerSize - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * i))
        }

        let fixtures = try Fixtures()
        let (read, summary) = try readAll(try fixtures.inputFile("big.xz", bytes))
        #expect(read.isEmpty)
        #expect(
            summary.damage
                == FileDamage(
                    byteOffset: 0,
                    message:
                        "the xz data cannot be decoded here (LZMA_MEMLIMIT_ERROR: decoding needs more than 256 MiB)"
                ))
    }

    @Test func aFileOfSkippableFramesIsZstdWithNoLines() throws {
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("s.zst", Self.skippableFrame(3) + Self.skippableFrame(0))
        let (read, summary) = try readAll(file)
        #expect(read.isEmpty)
        #expect(summary.compression == "zstd" && summary.damage == nil)
    }

    /// Every byte a stream hands over, and its damage message.
    func drain(_ codec: Codec, path: String, blockSize: Int) throws -> ([UInt8], String?) {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let stream: DecompressedStream =
            switch codec {
            case .zstd: ZstdStream(fd: fd, blockSize: blockSize)
            case .bzip2: Bzip2Stream(fd: fd, blockSize: blockSize)
            case .xz: XzStream(fd: fd, blockSize: blockSize)
            }
        var decoded: [UInt8] = []
        while true {
            switch stream.next() {
            case .bytes(let block): decoded += block
            case .end: return (decoded, nil)
            case .damage(let message), .failedUnit(let message, _): return (decoded, message)
            }
        }
    }
}

/// Runs `command` in a shell with `input` as its standard input, through files so that large
/// inputs cannot deadlock a pipe, and returns its standard output.
func shell(_ command: String, _ input: [UInt8]) throws -> [UInt8] {
    let fixtures = try Fixtures()
    let inputPath = try fixtures.write("in", input)
    let outputPath = fixtures.root + "/out"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "\(command) < '\(inputPath)' > '\(outputPath)'"]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw FixtureError(message: "'\(command)' exited with \(process.terminationStatus)")
    }
    return Array(try Data(contentsOf: URL(fileURLWithPath: outputPath)))
}
