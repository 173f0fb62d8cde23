// sluice-parquet-bench: times SluiceParquet writing a wide, event-like table.
//
// Usage: sluice-parquet-bench OUTPUT.parquet [ROWS] [CODEC] [REPEATS] [LEVEL]
//                             [--mode write|interned|chunks] [--threads N] [--batch-rows N]
// Builds ROWS (default 200000) rows of 30 mixed columns in memory (not timed), then times
// writing them with CODEC (default zstd) at compression LEVEL (default the writer's) REPEATS
// times (default 3) and prints the run that used the least CPU as one JSON line on stdout.
//
// Modes: `write` (default) hands plain buffers to ParquetFileWriter.write; `interned` does
// the same with the string and JSON columns dictionary-backed; `chunks` encodes every column
// of each batch with ParquetColumnChunkEncoder on N threads (default 2), from interned
// buffers, and writes each batch with writeRowGroup. Batches hold 50000 rows unless
// --batch-rows says otherwise. CPU seconds count every thread.
// scripts/bench-parquet runs it beside pyarrow writing the same table.
import Dispatch
import SluiceParquet

#if canImport(Glibc)
    import Glibc
#endif

var arguments: [String] = []
var mode = "write"
var threads = 2
var batchRows = 50_000
var rest = CommandLine.arguments.dropFirst()
while let argument = rest.popFirst() {
    switch argument {
    case "--mode": mode = rest.popFirst() ?? mode
    case "--threads": threads = max(1, Int(rest.popFirst() ?? "") ?? threads)
    case "--batch-rows": batchRows = max(1, Int(rest.popFirst() ?? "") ?? batchRows)
    default: arguments.append(argument)
    }
}
guard !arguments.isEmpty, ["write", "interned", "chunks"].contains(mode) else {
    print(
        "usage: sluice-parquet-bench OUTPUT.parquet [ROWS] [CODEC] [REPEATS] [LEVEL] [--mode write|interned|chunks] [--threads N] [--batch-rows N]"
    )
    exit(2)
}
let path = arguments[0]
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 200_000 : 200_000
let codec = arguments.count > 2 ? ParquetCodec(rawValue: arguments[2]) ?? .zstd : .zstd
let repeats = arguments.count > 3 ? max(1, Int(arguments[3]) ?? 3) : 3
let level =
    arguments.count > 4
    ? Int32(arguments[4]) ?? ParquetWriterOptions.defaultCompressionLevel
    : ParquetWriterOptions.defaultCompressionLevel

var table = BenchTable(rows: rows)
let specs = table.specs
let options = ParquetWriterOptions(
    codec: codec, compressionLevel: level, createdBy: "sluice-parquet-bench")
let batches = table.batches(of: batchRows, interned: mode != "write")

/// Encodes one batch's columns on `threads` threads, each with its own encoder.
@MainActor func encodeChunks(_ batch: [ParquetColumnBuffer]) -> [ParquetEncodedColumnChunk] {
    let (threads, specs, options, path) = (threads, specs, options, path)
    let slots = UnsafeMutableBufferPointer<ParquetEncodedColumnChunk?>.allocate(
        capacity: batch.count)
    slots.initialize(repeating: nil)
    defer { slots.deallocate() }
    nonisolated(unsafe) let shared = slots
    DispatchQueue.concurrentPerform(iterations: threads) { worker in
        let encoder = try! ParquetColumnChunkEncoder(options: options, path: path)
        for index in stride(from: worker, to: batch.count, by: threads) {
            shared[index] = try! encoder.encode(batch[index], spec: specs[index])
        }
    }
    return slots.map { $0! }
}

/// One timed write of every batch: wall seconds, CPU seconds and the summary.
@MainActor func timedWrite() throws -> (Double, Double, ParquetFileSummary) {
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = processCPUSeconds()
    let writer = try ParquetFileWriter(path: path, columns: specs, options: options)
    for batch in batches {
        if mode == "chunks" {
            try writer.writeRowGroup(encodeChunks(batch))
        } else {
            try writer.write(batch)
        }
    }
    let summary = try writer.close()

    let elapsed = clock.now - start
    let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (wall, processCPUSeconds() - cpuStart, summary)
}

var (seconds, cpuSeconds, summary) = try timedWrite()
for _ in 1..<repeats {
    let run = try timedWrite()
    if run.1 < cpuSeconds { (seconds, cpuSeconds, summary) = run }
}
let megabytes = Double(summary.byteCount) / 1_048_576
print(
    """
    {"writer":"sluice","mode":"\(mode)","threads":\(mode == "chunks" ? threads : 1),\
    "rows":\(rows),"columns":\(table.specs.count),"codec":"\(codec.rawValue)",\
    "seconds":\(seconds),"cpu_seconds":\(cpuSeconds),"bytes":\(summary.byteCount),\
    "rows_per_second":\(Double(rows) / seconds),\
    "output_mb_per_second":\(megabytes / seconds),"row_groups":\(summary.rowGroupCount)}
    """)

/// CPU time of this process, which unlike wall time does not grow when other work shares the
/// machine's cores.
func processCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
