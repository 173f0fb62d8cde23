import Foundation
import Testing

@testable import SluiceReader

/// Throughput and peak memory of each codec's stream against libarchive on one large file.
/// A benchmark, not a test: it runs only when SLUICE_READER_BENCH is set (to the size in MB,
/// e.g. `SLUICE_READER_BENCH=100 swift test -c release --filter CodecStreamBenchmarks`),
/// prints its timings, and asserts no time: only that both read the same bytes and that our
/// stream's peak memory stays bounded.
@Suite(
    .serialized, .enabled(if: ProcessInfo.processInfo.environment["SLUICE_READER_BENCH"] != nil))
struct CodecStreamBenchmarks {
    /// Peak RSS growth allowed while one stream reads the whole file: its two 1 MiB buffers,
    /// the decoder's state (3.7 MB for bzip2, the dictionary for xz -6 is 8 MiB) and slack;
    /// far below the file's size, so a stream that held its output would fail.
    static let peakGrowthLimit = 48 << 20

    static var megabytes: Int {
        Int(ProcessInfo.processInfo.environment["SLUICE_READER_BENCH"] ?? "") ?? 100
    }

    @Test(arguments: Codec.allCases)
    func throughputAgainstLibarchive(codec: Codec) throws {
        let fixtures = try Fixtures()
        let plain = try Self.writeLines(megabytes: Self.megabytes, in: fixtures)
        let path = fixtures.root + "/big.\(codec)"
        let flags = codec == .xz ? "-1 -T1" : ""
        _ = try shell("\(codec.rawValue) -c \(flags) '\(plain)' > '\(path)'; true", [])
        try FileManager.default.removeItem(atPath: plain)

        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        Self.resetPeakMemory()
        let first = Self.time(Self.stream(codec, fd: fd))
        let peakGrowth = Self.peakMemory() - first.rssBefore

        // Each runs twice, keeping the faster run: the first pays for page faults.
        let archive = {
            Self.time(
                ArchiveStream(path: path, blockSize: 1 << 20, sniffedCompression: codec.rawValue))
        }
        let theirs = Self.fasterRun(archive(), archive())
        let ours = Self.fasterRun(first, Self.time(Self.stream(codec, fd: fd)))
        #expect(ours.bytes == theirs.bytes && ours.damage == nil && theirs.damage == nil)
        #expect(peakGrowth < Self.peakGrowthLimit, "peak grew by \(peakGrowth >> 20) MiB")

        let rate = { (run: Run) in Double(run.bytes) / 1e6 / run.seconds }
        print(
            "\(codec): \(ours.bytes / 1_000_000) MB decompressed; ours \(Int(rate(ours))) MB/s, libarchive \(Int(rate(theirs))) MB/s; our peak RSS growth \(peakGrowth >> 20) MiB"
        )
    }

    struct Run {
        let bytes: Int
        let seconds: Double
        let damage: String?
        let rssBefore: Int
    }

    static func fasterRun(_ first: Run, _ second: Run) -> Run {
        first.seconds <= second.seconds ? first : second
    }

    static func stream(_ codec: Codec, fd: Int32) -> DecompressedStream {
        switch codec {
        case .zstd: return ZstdStream(fd: fd, blockSize: ReaderOptions.defaultBlockSize)
        case .bzip2: return Bzip2Stream(fd: fd, blockSize: ReaderOptions.defaultBlockSize)
        case .xz: return XzStream(fd: fd, blockSize: ReaderOptions.defaultBlockSize)
        }
    }

    /// Drains `stream`, counting its bytes.
    static func time(_ stream: @autoclosure () -> DecompressedStream) -> Run {
        let rssBefore = residentMemory()
        let start = ContinuousClock.now
        let stream = stream()
        var bytes = 0
        var damage: String?
        draining: while true {
            switch stream.next() {
            case .bytes(let block): bytes += block.count
            case .end: break draining
            case .damage(let message): damage = message; break draining
            case .failedUnit(let message, _): damage = message
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds =
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Run(bytes: bytes, seconds: seconds, damage: damage, rssBefore: rssBefore)
    }

    /// Writes about `megabytes` MB of NDJSON lines, a megabyte at a time, so that the text is
    /// never held whole; returns the file's path.
    static func writeLines(megabytes: Int, in fixtures: Fixtures) throws -> String {
        let path = try fixtures.write("big.ndjson", [])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        for part in 0..<megabytes {
            let lines = (0..<13_000).map { i in
                let n = part * 13_000 + i
                return
                    "{\"type\":\"track\",\"event\":\"Item \(n % 1000)\",\"messageId\":\"m-\(n)\",\"userId\":\"u\(n % 977)\"}\n"
            }
            try handle.write(contentsOf: Data(lines.joined().utf8))
        }
        return path
    }

    /// The process's peak resident set (VmHWM), in bytes.
    static func peakMemory() -> Int { memory("VmHWM:") }

    /// The process's resident set now (VmRSS), in bytes.
    static func residentMemory() -> Int { memory("VmRSS:") }

    static func memory(_ field: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field) } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// Resets VmHWM to the current resident set (Linux `clear_refs`, value 5); if it cannot,
    /// the growth measured from VmRSS only overstates the stream's.
    static func resetPeakMemory() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}
