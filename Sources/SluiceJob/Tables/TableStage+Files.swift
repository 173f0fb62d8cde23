import SluiceHash
import SluiceParquet

extension TableStage {
    /// Rows encoded between two hand-overs to the Parquet writer, which bounds the column
    /// buffers at this many rows whatever the partition holds. A multiple of the writer's
    /// 4,096-row size check, so a file comes out byte for byte as from one batch of all its
    /// rows unless rows average over 2 KiB (then the writer checks at a finer, per-batch step).
    static let rowsPerWrite = 65_536

    /// Merges the partition's runs and writes its file, `part-<run>-0.parquet`, renamed into
    /// place once complete; returns nil in a dry run, which encodes (to find discards) but
    /// writes nothing. On a failure the writer's temporary file is removed and nothing is
    /// left at the final path.
    func writePartition(
        _ table: String, bucket: Int64, runs: [(worker: Int, run: RowRun)], encoder: RowEncoder,
        discards: inout [DiscardRecord]
    ) throws -> TableFileOutput? {
        let partition = configuration.partitioning.values(ofBucket: bucket)
        let folder = partition.map { "\($0.0)=\($0.1)" }.joined(separator: "/")
        let relative = "\(table)/\(folder)/part-\(runId)-0.parquet"
        let path = configuration.outputDirectory + "/" + relative
        let writer = configuration.isDryRun ? nil : try openWriter(path, table: table, encoder)

        let written: PartitionRows
        let summary: ParquetFileSummary
        do {
            written = try encodeRows(
                runs, encoder: encoder, writer: writer, path: path, discards: &discards)
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
            bytes: Int64(summary.byteCount), sha256: try checksum(path),
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

    /// Encodes the merged live rows in `rowsPerWrite` batches and hands each to `writer`.
    private func encodeRows(
        _ runs: [(worker: Int, run: RowRun)], encoder: RowEncoder, writer: ParquetFileWriter?,
        path: String, discards: inout [DiscardRecord]
    ) throws -> PartitionRows {
        var merge = try RowMerge(runs, isLive: isLive)
        var buffers = encoder.makeBuffers()
        var seen = PartitionRows()
        var pending = 0
        while let index = try merge.next() {
            let receivedAt = merge.readers[index].header.receivedAt
            if receivedAt != .max {
                seen.minReceivedAt = min(seen.minReceivedAt ?? receivedAt, receivedAt)
                seen.maxReceivedAt = max(seen.maxReceivedAt ?? receivedAt, receivedAt)
            }
            buffers.withUnsafeMutableBufferPointer { buffers in
                encoder.append(
                    row: merge.readers[index].row, of: merge.readers[index].store,
                    worker: merge.workers[index], batchRow: pending, to: buffers,
                    discards: &discards)
            }
            seen.rows += 1
            pending += 1
            if pending == Self.rowsPerWrite {
                try hand(&buffers, rows: pending, to: writer, path: path)
                pending = 0
            }
        }
        if pending > 0 { try hand(&buffers, rows: pending, to: writer, path: path) }
        return seen
    }

    /// Writes a batch of `rows` rows (in a dry run drops it) and empties the buffers for the
    /// next one.
    private func hand(
        _ buffers: inout [ParquetColumnBuffer], rows: Int, to writer: ParquetFileWriter?,
        path: String
    ) throws {
        RowEncoder.padWithNulls(&buffers, rows: rows)
        if let writer { try parquet(path) { try writer.write(buffers) } }
        for index in buffers.indices { buffers[index].removeAll(keepingCapacity: true) }
    }

    private func openWriter(_ path: String, table: String, _ encoder: RowEncoder) throws
        -> ParquetFileWriter
    {
        var options = ParquetWriterOptions()
        options.codec = ParquetCodec(rawValue: configuration.compression) ?? .zstd
        options.createdBy = SluiceVersion.createdBy
        options.keyValueMetadata = [
            (key: "sluice.run_id", value: runId), (key: "sluice.table", value: table),
        ]
        try FileSystem.createDirectories(FileSystem.directoryName(of: path))
        return try parquet(path) {
            try ParquetFileWriter(path: path, columns: encoder.columnSpecs, options: options)
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

    /// The SHA-256 of a file this run just wrote; failing to read it back fails the run, so
    /// the manifest never lists a data file without its checksum.
    private func checksum(_ path: String) throws -> String {
        do {
            return try SHA256.hexDigest(ofFileAt: path)
        } catch {
            throw JobError(.output, "Could not read back '\(path)' to checksum it: \(error)")
        }
    }
}
