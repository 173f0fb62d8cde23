import Foundation
import Testing

@testable import SluiceReader

/// A read resumed at any checkpoint passes exactly the lines a read of the whole file passes
/// from there on: same numbers, offsets, bytes and kinds, and the same end or damage.
@Suite struct InflateCheckpointTests {
    /// Lines of every kind the splitter tells apart, some long enough to span several reads.
    static let text: [UInt8] = {
        var lines = sampleLines(3_000)
        for index in stride(from: 41, to: lines.count, by: 97) { lines[index] = "  " }
        for index in stride(from: 13, to: lines.count, by: 89) { lines[index] += "\r" }
        lines[1_500] = "{\"long\":\"" + String(repeating: "x", count: 30_000) + "\"}"
        lines[2_200] = "{\"tooLong\":\"" + String(repeating: "y", count: 70_000) + "\"}"
        return ndjson(lines)
    }()

    static func fixtures() throws -> [(String, [UInt8])] {
        let whole = try compress(text, with: "gzip")
        let members = try stride(from: 0, to: text.count, by: 9_973).flatMap {
            try compress(Array(text[$0..<min($0 + 9_973, text.count)]), with: "gzip")
        }
        var corrupt = whole
        for index in 0..<8 { corrupt[whole.count * 2 / 3 + index] = 0xA5 }
        return [("whole", whole), ("members", members), ("corrupt", corrupt)]
    }

    static func options(blockSize: Int) -> ReaderOptions {
        var options = ReaderOptions(maxLineBytes: 64 * 1024, blockSize: blockSize)
        options.checkpointInterval = Int64(blockSize)
        return options
    }

    @Test(arguments: [4096, 777, 1 << 16])
    func resumedReadsPassTheWholeReadsLines(blockSize: Int) throws {
        let fixtures = try Fixtures()
        for (name, bytes) in try Self.fixtures() {
            let file = try fixtures.inputFile("f.gz", bytes)
            let options = Self.options(blockSize: blockSize)
            let store = try #require(CheckpointStore(directory: fixtures.root))
            let reader = LogFileReader(file: file, options: options)
            var whole: [ReadLine] = []
            let summary = try reader.forEachLine(checkpointingInto: store) {
                whole.append(ReadLine($0))
            }
            // One every interval, but where igzip has decoded a member's end ahead into its
            // buffer (up to 64 KiB): small members give few.
            let ahead = 64 * 1024 + blockSize
            let expected = name == "members" ? 1 : (Self.text.count - ahead) / blockSize
            if blockSize < 9_973 { #expect(summary.checkpoints.count >= expected, "\(name)") }

            for checkpoint in summary.checkpoints {
                var resumed: [ReadLine] = []
                let resumedSummary = try #require(
                    try reader.forEachLine(resumingAt: checkpoint, in: store) {
                        resumed.append(ReadLine($0))
                    })
                #expect(resumed == whole.filter { $0.number >= checkpoint.nextLine }, "\(name)")
                // A resumed read starts inside a member, so it cannot say where that began.
                var damage = summary.damage
                damage?.untrustedFrom = nil
                #expect(resumedSummary.damage == damage, "\(name)")
                #expect(resumedSummary.decompressedBytes == summary.decompressedBytes, "\(name)")
                #expect(resumedSummary.lineCount == summary.lineCount, "\(name)")
            }
        }
    }

    @Test func checkpointsAreOnlyTakenForGzipReadByIsal() throws {
        let fixtures = try Fixtures()
        let store = try #require(CheckpointStore(directory: fixtures.root))
        var zlib = Self.options(blockSize: 4096)
        zlib.usesIsal = false
        let cases: [(String, [UInt8], ReaderOptions)] = [
            ("gzip by zlib", try compress(Self.text, with: "gzip"), zlib),
            ("zstd", try compress(Self.text, with: "zstd"), Self.options(blockSize: 4096)),
            ("plain", Self.text, Self.options(blockSize: 4096)),
        ]
        for (name, bytes, options) in cases {
            let file = try fixtures.inputFile("f", bytes)
            let summary = try LogFileReader(file: file, options: options).forEachLine(
                checkpointingInto: store
            ) { _ in }
            #expect(summary.checkpoints.isEmpty, "\(name)")
            #expect(summary.lineCount == 3_000, "\(name)")
        }
        #expect(store.storedBytes == 0)
    }

    /// A store that fills up only stops the checkpoints: the read itself goes on unchanged.
    @Test func aFullStoreOnlyStopsCheckpoints() throws {
        let fixtures = try Fixtures()
        let file = try fixtures.inputFile("f.gz", try compress(Self.text, with: "gzip"))
        let options = Self.options(blockSize: 4096)
        // Room for one state of about 53 KiB, not two.
        let store = try #require(CheckpointStore(directory: fixtures.root, byteLimit: 80_000))

        var lines: [ReadLine] = []
        let summary = try LogFileReader(file: file, options: options).forEachLine(
            checkpointingInto: store
        ) { lines.append(ReadLine($0)) }

        #expect(lines == (try readAll(file, options: options)).0)
        #expect(summary.checkpoints.count == 1)
        #expect(store.storedBytes == Int64(summary.checkpoints[0].stateBytes))
    }

    /// A gzip file of `text` read with checkpoints, and its fourth checkpoint.
    struct Checkpointed {
        let fixtures: Fixtures
        let store: CheckpointStore
        let reader: LogFileReader
        let checkpoint: InflateCheckpoint

        init() throws {
            fixtures = try Fixtures()
            let file = try fixtures.inputFile("f.gz", try compress(text, with: "gzip"))
            store = try #require(CheckpointStore(directory: fixtures.root))
            reader = LogFileReader(file: file, options: options(blockSize: 4096))
            let summary = try reader.forEachLine(checkpointingInto: store) { _ in }
            checkpoint = try #require(summary.checkpoints.dropFirst(3).first)
        }

        /// Whether a read resumed at `checkpoint` started, and how many lines it passed.
        func resume(at checkpoint: InflateCheckpoint) throws -> (Bool, Int) {
            var passed = 0
            let resumed = try reader.forEachLine(resumingAt: checkpoint, in: store) { _ in
                passed += 1
            }
            return (resumed != nil, passed)
        }
    }

    /// A checkpoint whose saved bytes are not the state it names is refused, reading nothing.
    @Test func aCheckpointThatDoesNotMatchItsStateIsRefused() throws {
        let read = try Checkpointed()
        let good = read.checkpoint

        let broken = [
            good.moved(storeOffset: good.storeOffset, stateBytes: good.stateBytes - 1),
            good.moved(storeOffset: good.storeOffset + 8, stateBytes: good.stateBytes),
            good.moved(storeOffset: read.store.storedBytes, stateBytes: good.stateBytes),
            good.moved(storeOffset: good.storeOffset, stateBytes: 16),
        ]
        for checkpoint in broken {
            let (resumed, passed) = try read.resume(at: checkpoint)
            #expect(!resumed)
            #expect(passed == 0)
        }
    }

    /// A saved state whose bytes changed in the store (here one byte of its decoding tables,
    /// or its last byte of history) is refused; igzip would follow such tables out of its
    /// buffers. The unchanged copy resumes.
    @Test func aStateChangedInTheStoreIsRefused() throws {
        let read = try Checkpointed()
        let saved = read.checkpoint
        var bytes = [UInt8](repeating: 0, count: saved.stateBytes)
        #expect(
            bytes.withUnsafeMutableBytes {
                read.store.read(
                    into: $0.baseAddress!, count: saved.stateBytes, at: saved.storeOffset)
            })

        for flipped in [nil, 1_000, saved.stateBytes - 1] {
            var copy = bytes
            if let flipped { copy[flipped] ^= 0x10 }
            let offset = try #require(copy.withUnsafeBytes { read.store.append($0) })

            let (resumed, passed) = try read.resume(
                at: saved.moved(storeOffset: offset, stateBytes: saved.stateBytes))

            #expect(resumed == (flipped == nil), "\(String(describing: flipped))")
            #expect((passed > 0) == (flipped == nil), "\(String(describing: flipped))")
        }
    }

    @Test func theStoreRefusesBytesPastItsCap() throws {
        let fixtures = try Fixtures()
        let store = try #require(CheckpointStore(directory: fixtures.root, byteLimit: 100))
        let first = Array(0..<60).map(UInt8.init)
        let second = Array(repeating: UInt8(7), count: 40)

        #expect(first.withUnsafeBytes { store.append($0) } == 0)
        #expect(first.withUnsafeBytes { store.append($0) } == nil)
        // Once full, the store refuses even what would still fit.
        #expect(second.withUnsafeBytes { store.append($0) } == nil)
        #expect(store.storedBytes == 60)
        var back = [UInt8](repeating: 0, count: 60)
        #expect(back.withUnsafeMutableBytes { store.read(into: $0.baseAddress!, count: 60, at: 0) })
        #expect(back == first)
        #expect(
            !back.withUnsafeMutableBytes { store.read(into: $0.baseAddress!, count: 60, at: 50) })
        // A store takes at most an eighth of the free space, whatever cap it is given.
        var space = statvfs()
        #expect(statvfs(fixtures.root, &space) == 0)
        let free = Int64(space.f_bavail) * Int64(space.f_frsize)
        let unbounded = try #require(CheckpointStore(directory: fixtures.root, byteLimit: .max))
        #expect(unbounded.byteLimit > 0)
        #expect(unbounded.byteLimit <= free / 7)
        // The file is unlinked at once: nothing is left behind in the directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixtures.root).isEmpty)
    }
}

extension InflateCheckpoint {
    /// This checkpoint with its state placed elsewhere in the store.
    func moved(storeOffset: Int64, stateBytes: Int) -> InflateCheckpoint {
        InflateCheckpoint(
            plainOffset: plainOffset, nextLine: nextLine, isMidLine: isMidLine,
            compressedOffset: compressedOffset, storeOffset: storeOffset, stateBytes: stateBytes,
            stateChecksum: stateChecksum)
    }
}
