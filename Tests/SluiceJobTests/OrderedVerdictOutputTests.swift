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

/// Files held back past the memory bound share one spill file: a night of thousands of small
/// files checked ahead of a large one kept a descriptor open for each and failed with "Too
/// many open files" at the process's limit.
@Suite struct OrderedVerdictSpillTests {
    static func openDescriptors() -> Int {
        FileSystem.listDirectory("/proc/self/fd").count
    }

    @Test func heldFilesShareOneSpillFile() throws {
        let sink = OrderedVerdictOutputTests.Sink()
        let output = OrderedVerdictOutput(memoryBytes: 0) { sink.write($0) }
        let before = Self.openDescriptors()
        for file in 1...300 {
            try output.append(OrderedVerdictOutputTests.chunk(file, 0), file: file)
            try output.append(OrderedVerdictOutputTests.chunk(file, 1), file: file)
            try output.finish(file: file)
        }
        #expect(Self.openDescriptors() <= before + 1)

        try output.append(OrderedVerdictOutputTests.chunk(0, 0), file: 0)
        try output.finish(file: 0)
        let expected = (0...300).flatMap { file in
            (0..<(file == 0 ? 1 : 2)).flatMap { OrderedVerdictOutputTests.chunk(file, $0) }
        }
        #expect(sink.bytes.withLock { $0 } == expected)
    }

    /// A file still being checked when it reaches the head writes what it spilled, then the
    /// rest as it comes; a later file spilling after the spill was emptied reads its own bytes.
    @Test func aSpillEmptiedAndReusedKeepsEachFilesBytes() throws {
        let sink = OrderedVerdictOutputTests.Sink()
        let output = OrderedVerdictOutput(memoryBytes: 0) { sink.write($0) }
        try output.append(OrderedVerdictOutputTests.chunk(1, 0), file: 1)
        try output.finish(file: 0)
        try output.append(OrderedVerdictOutputTests.chunk(1, 1), file: 1)
        try output.append(OrderedVerdictOutputTests.chunk(2, 0), file: 2)
        try output.finish(file: 1)
        try output.finish(file: 2)
        let expected =
            OrderedVerdictOutputTests.chunk(1, 0) + OrderedVerdictOutputTests.chunk(1, 1)
            + OrderedVerdictOutputTests.chunk(2, 0)
        #expect(sink.bytes.withLock { $0 } == expected)
    }
}
