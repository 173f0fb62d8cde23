import Dispatch
import SluiceParquet

extension TableStage {
    /// The most rows a row group takes: large row groups serve readers, and a partition of
    /// narrow columns gets groups this long.
    static let maximumRowsPerRowGroup = 1 << 20

    /// Rows per row group for runs holding `columnBytes` (per column, from
    /// `TableEncoder.columnBytes`) over `runRows` rows. A column of a row group is gathered
    /// and encoded as a whole on one thread, so a group's rows are as many as keep the
    /// widest column's values within the writer's row group target (128 MiB by default):
    /// that bounds what one table thread holds, however wide the values, with a floor of one
    /// row.
    static func rowsPerRowGroup(columnBytes: [Int], runRows: Int) -> Int {
        let widest = (columnBytes.max() ?? 0) / max(1, runRows)
        let target = ParquetWriterOptions.defaultRowGroupTargetBytes
        return min(maximumRowsPerRowGroup, max(1, target / max(1, widest)))
    }

    /// Merges the partition's live rows and writes its file, `part-<run>-0.parquet`, renamed
    /// into place once complete; returns nil in a dry run, which encodes (to find discards)
    /// but writes nothing. On a failure the writer's temporary file is removed and nothing
    /// is left at the final path.
    func writePartition(
        _ table: String, bucket: Int64, runs: [(worker: Int, run: ColumnRun)],
        encoder: TableEncoder, discards: inout [DiscardRecord]
    ) throws -> TableFileOutput? {
        let partition = configuration.partitioning.values(ofBucket: bucket)
        let folder = partition.map { "\($0.0)=\($0.1)" }.joined(separator: "/")
        let relative = "\(table)/\(folder)/part-\(runId)-0.parquet"
        let path = configuration.outputDirectory + "/" + relative
        let checksum = OutputChecksum()
        let writer =
            configuration.isDryRun
            ? nil : try openWriter(path, table: table, encoder, observer: checksum.update)

        let order = PartitionOrder(bucket: bucket, runs: runs, isLive: isLive)
        let written: PartitionRows
        let summary: ParquetFileSummary
        do {
            written = try encodeRows(
                order, encoder: encoder, writer: writer, path: path, discards: &discards)
            guard let writer else { return nil }
            CrashPoint.duringParquet.reach()
            summary = try parquet(path) { try writer.close() }
        } catch {
            writer?.abort()
            throw error as? JobError ?? JobError(.parquet, "Could not write '\(path)': \(error)")
        }
        precondition(
            summary.rowCount == written.rows,
            "Parquet file '\(path)' has \(summary.rowCount) rows, \(written.rows) were merged")
        return TableFileOutput(
            table: table, partition: partition, relativePath: relative, rows: summary.rowCount,
            bytes: Int64(summary.byteCount), sha256: checksum.hexDigest(),
            minReceivedAt: written.minReceivedAt, maxReceivedAt: written.maxReceivedAt,
            summary: summary)
    }

    /// What the merge of one partition saw.
    struct PartitionRows {
        var rows = 0
        /// The live rows' earliest and latest `receivedAt`, leaving out rows without one.
        var minReceivedAt: Int64?
        var maxReceivedAt: Int64?
    }

    /// Builds each row group's columns on the table threads and hands them to `writer`.
    /// Discards come back in row order (then column order), whatever thread found them.
    private func encodeRows(
        _ order: PartitionOrder, encoder: TableEncoder, writer: ParquetFileWriter?,
        path: String, discards: inout [DiscardRecord]
    ) throws -> PartitionRows {
        let bounds = order.receivedAtBounds()
        let seen = PartitionRows(
            rows: order.count, minReceivedAt: bounds?.min, maxReceivedAt: bounds?.max)

        let bytes = encoder.columnBytes(runs: order.runs)
        let costliestFirst = TableEncoder.columnsByCost(bytes)
        let rows = Self.rowsPerRowGroup(
            columnBytes: bytes, runRows: order.runs.reduce(0) { $0 + $1.run.rowCount })
        for start in stride(from: 0, to: order.count, by: rows) {
            let slice = start..<min(order.count, start + rows)
            let (chunks, found) = try encodeColumns(
                order, slice: slice, encoder: encoder, costliestFirst: costliestFirst,
                path: writer == nil ? nil : path)
            discards += found
            if let writer { try parquet(path) { try writer.writeRowGroup(chunks) } }
        }
        return seen
    }

    /// The encoded column chunks of the output rows `slice`, each column gathered and
    /// encoded whole on one of the threads the table has now (`TableThreads`), which take the columns
    /// in `costliestFirst` order; the first failure, if any, is thrown. With no `path` (a dry
    /// run) columns are gathered, for their discards, but not encoded.
    private func encodeColumns(
        _ order: PartitionOrder, slice: Range<Int>, encoder: TableEncoder,
        costliestFirst: [Int], path: String?
    ) throws -> ([ParquetEncodedColumnChunk], [DiscardRecord]) {
        let placement = SlicePlacement(order, slice: slice)
        let specs = encoder.columnSpecs
        let options = writerOptions(table: encoder.table)
        let slots = ResultSlots<Result<(ParquetEncodedColumnChunk?, [PlacedDiscard]), any Error>>(
            count: specs.count)
        let next = AtomicCounter()
        let threads = max(
            1, min(tableThreads.columnThreads(of: configuration.threads), specs.count))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            let chunkEncoder = Result {
                try path.map { try ParquetColumnChunkEncoder(options: options, path: $0) }
            }
            while let taken = next.take(below: specs.count) {
                let column = costliestFirst[taken]
                let built = Result {
                    var found: [PlacedDiscard] = []
                    let buffer = try encoder.buffer(
                        column: column, order: order, placement: placement, discards: &found)
                    let chunk = try chunkEncoder.get()?.encode(buffer, spec: specs[column])
                    return (chunk, found)
                }
                slots.store(
                    built.mapError { error in
                        path.map { path in
                            JobError(
                                .parquet, "Could not write the Parquet file '\(path)': \(error)")
                        } ?? error
                    }, at: column)
            }
        }

        var chunks: [ParquetEncodedColumnChunk] = []
        var discards: [PlacedDiscard] = []
        for built in specs.isEmpty ? [] : slots.values() {
            let (chunk, found) = try built.get()
            if let chunk { chunks.append(chunk) }
            discards += found
        }
        // Row order, then column order within a row, as the rows were written.
        let ordered = discards.enumerated().sorted {
            ($0.element.position, $0.offset) < ($1.element.position, $1.offset)
        }
        return (chunks, ordered.map(\.element.record))
    }

    /// The writer options of every file of `table`.
    private func writerOptions(table: String) -> ParquetWriterOptions {
        var options = ParquetWriterOptions()
        options.codec = ParquetCodec(rawValue: configuration.compression) ?? .zstd
        options.createdBy = SluiceVersion.createdBy
        options.keyValueMetadata = [
            (key: "sluice.run_id", value: runId), (key: "sluice.table", value: table),
        ]
        return options
    }

    /// Opens the writer of the file at `path`; `observer` sees every byte it writes.
    private func openWriter(
        _ path: String, table: String, _ encoder: TableEncoder,
        observer: @escaping ParquetFileWriter.BytesObserver
    ) throws -> ParquetFileWriter {
        let options = writerOptions(table: table)
        try FileSystem.createDirectories(FileSystem.directoryName(of: path))
        return try parquet(path) {
            try ParquetFileWriter(
                path: path, columns: encoder.columnSpecs, options: options, observer: observer)
        }
    }

    /// Runs a writer call, naming the file in its error.
    private func parquet<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw JobError(.parquet, "Could not write the Parquet file '\(path)': \(error)")
        }
    }
}
