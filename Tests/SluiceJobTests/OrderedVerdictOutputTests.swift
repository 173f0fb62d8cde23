import Dispatch
import Synchronization
import Testing

@testable import SluiceJob

/// Verdicts handed over by several threads come out in file order, whether they were held
/// in memory or spilled, and nothing comes out after a file whose read failed.
@Suite struct OrderedVerdictOutputTests {
    /// Collects what the output writes.
    final class Sink: Sendable {
        let bytes = Mutex<[UInt8]>([])

        func write(_ chunk: UnsafeRawBufferPointer) {
            bytes.withLock { $0.append(contentsOf: chunk) }
        }
    }

    /// The bytes file `file` hands over as chunk `chunk`.
    static func chunk(_ file: Int, _ chunk: Int) -> [UInt8] {
        Array("file \(file) chunk \(chunk)\n".utf8)
    }

    /// Hands every file's chunks over from `threads` threads, files taken in order; the file
    /// at `failing`, if any, ends the output. Returns what was written.
    static func run(
        files: Int, chunks: Int, threads: Int, memoryBytes: Int, failing: Int? = nil
    ) throws -> String {
        let sink = Sink()
        let output = OrderedVerdictOutput(memoryBytes: memoryBytes) { sink.write($0) }
        let next = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let file = next.take(below: files) {
                guard !output.isClosed(at: file) else { continue }
                // Later files are shorter, so they finish while earlier ones still run.
                for index in 0..<max(1, chunks - file) {
                    try! output.append(chunk(file, index), file: file)
                }
                try! output.finish(file: file, isLast: file == failing)
            }
        }
        #expect(output.failure == nil)
        return String(decoding: sink.bytes.withLock { $0 }, as: UTF8.self)
    }

    static func expected(files: Int, chunks: Int) -> String {
        (0..<files).flatMap { file in
            (0..<max(1, chunks - file)).map { String(decoding: chunk(file, $0), as: UTF8.self) }
        }.joined()
    }

    @Test(arguments: [0, 64, 1 << 20])
    func filesComeOutInOrderWhateverIsHeldInMemory(memoryBytes: Int) throws {
        let written = try Self.run(files: 12, chunks: 40, threads: 4, memoryBytes: memoryBytes)

        #expect(written == Self.expected(files: 12, chunks: 40))
    }

    @Test func nothingAfterAFailedFileComesOut() throws {
        let written = try Self.run(files: 8, chunks: 20, threads: 3, memoryBytes: 100, failing: 5)

        #expect(written == Self.expected(files: 6, chunks: 20))
    }

    /// A failing write stops the output: the call that met it and every later one throw.
    @Test func aFailedWriteStopsTheOutput() throws {
        struct Closed: Error {}
        let output = OrderedVerdictOutput(memoryBytes: 0) { _ in throw Closed() }

        try output.append(Self.chunk(1, 0), file: 1)
        #expect(throws: Closed.self) { try output.append(Self.chunk(0, 0), file: 0) }
        #expect(throws: Closed.self) { try output.finish(file: 1) }
        #expect(output.isClosed(at: 2))
    }
}
