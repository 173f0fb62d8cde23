import SluiceHash
import SluiceParquet

extension TableStage {
    /// Live rows grouped by Hive-style partition (`day=YYYY-MM-DD`, plus `hr=HH` by the hour),
    /// each group ordered by `received_at`, then file and line.
    func partitions(_ live: [RowRef]) -> [(values: [(String, String)], rows: [RowRef])] {
        var groups: [String: (values: [(String, String)], rows: [RowRef])] = [:]
        for ref in live {
            let civil = CivilTime(micros: ref.partitionMicros)
            var values = [("day", civil.dateString)]
            if configuration.partitioning == .hour { values.append(("hr", civil.hourString)) }
            let path = values.map { "\($0.0)=\($0.1)" }.joined(separator: "/")
            groups[path, default: (values, [])].rows.append(ref)
        }
        return groups.sorted { $0.key < $1.key }.map { group in
            (
                group.value.values,
                group.value.rows.sorted {
                    ($0.receivedAt, $0.file, $0.line) < ($1.receivedAt, $1.file, $1.line)
                }
            )
        }
    }

    func writeFile(
        _ table: String, partition: [(String, String)], rows: [RowRef], encoder: RowEncoder,
        buffers: [ParquetColumnBuffer]
    ) throws -> TableFileOutput {
        let folder = partition.map { "\($0.0)=\($0.1)" }.joined(separator: "/")
        let relative = "\(table)/\(folder)/part-\(runId)-0.parquet"
        let path = configuration.outputDirectory + "/" + relative
        var options = ParquetWriterOptions()
        options.codec = ParquetCodec(rawValue: configuration.compression) ?? .zstd
        options.createdBy = SluiceVersion.createdBy
        options.keyValueMetadata = [
            (key: "sluice.run_id", value: runId), (key: "sluice.table", value: table),
        ]
        try FileSystem.createDirectories(FileSystem.directoryName(of: path))
        let summary: ParquetFileSummary
        do {
            let writer = try ParquetFileWriter(
                path: path, columns: encoder.columnSpecs, options: options)
            do {
                try writer.write(buffers)
                CrashPoint.duringParquet.reach()
                summary = try writer.close()
            } catch {
                writer.abort()
                throw error
            }
        } catch {
            throw JobError(.parquet, "Could not write the Parquet file '\(path)': \(error)")
        }
        let received = rows.map(\.receivedAt).filter { $0 != .max }
        return TableFileOutput(
            table: table, partition: partition, relativePath: relative, rows: summary.rowCount,
            bytes: Int64(summary.byteCount), sha256: try checksum(path),
            minReceivedAt: received.min(), maxReceivedAt: received.max(), summary: summary)
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
