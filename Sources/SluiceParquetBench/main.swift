// sluice-parquet-bench: times SluiceParquet writing a wide, event-like table.
//
// Usage: sluice-parquet-bench OUTPUT.parquet [ROWS] [CODEC] [REPEATS]
// Builds ROWS (default 200000) rows of 30 mixed columns in memory (not timed), then times
// writing them with CODEC (default zstd) REPEATS times (default 3) and prints the fastest
// run as one JSON line on stdout.
// scripts/bench-parquet runs it beside pyarrow writing the same table.
import SluiceParquet

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: sluice-parquet-bench OUTPUT.parquet [ROWS] [CODEC]")
    exit(2)
}
let path = arguments[1]
let rows = arguments.count > 2 ? Int(arguments[2]) ?? 200_000 : 200_000
let codec = arguments.count > 3 ? ParquetCodec(rawValue: arguments[3]) ?? .zstd : .zstd
let repeats = arguments.count > 4 ? max(1, Int(arguments[4]) ?? 3) : 3

var table = BenchTable(rows: rows)
let specs = table.specs
let level = Int32(
    CommandLine.arguments.count > 5
        ? Int(arguments[5]) ?? 3 : Int(ParquetWriterOptions.defaultCompressionLevel))
let options = ParquetWriterOptions(
    codec: codec, compressionLevel: level, createdBy: "sluice-parquet-bench")
let batchRows = 50_000

let batches = stride(from: 0, to: rows, by: batchRows).map { batchStart in
    table.buffers(rows: batchStart..<min(rows, batchStart + batchRows))
}

/// One timed write of every batch: wall seconds, CPU seconds and the summary.
@MainActor func timedWrite() throws -> (Double, Double, ParquetFileSummary) {
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = processCPUSeconds()
    let writer = try ParquetFileWriter(path: path, columns: specs, options: options)
    for batch in batches { try writer.write(batch) }
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
    {"writer":"sluice","rows":\(rows),"columns":\(table.specs.count),"codec":"\(codec.rawValue)",\
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
