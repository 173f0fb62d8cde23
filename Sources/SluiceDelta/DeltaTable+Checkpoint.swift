// Delta Transaction Log Protocol, "Checkpoints" (a classic V1 checkpoint
// `<version>.checkpoint.parquet`, written only after its commit) and "Last Checkpoint File"
// (`_delta_log/_last_checkpoint`: {"version","size","sizeInBytes","numOfAddFiles"}).
import SluiceJSON
import SluiceParquet

extension DeltaTable {
    /// Writes a Parquet checkpoint of the latest version and points `_last_checkpoint` at it,
    /// and returns that version.
    ///
    /// Both files are written under temporary names and renamed into place, so readers see
    /// either the previous state or the complete new one. The checkpoint is ZSTD-compressed
    /// (`ParquetWriterOptions.defaultCodec`), which every Delta reader decodes. A checkpoint that already exists
    /// for the version is rewritten with the same content. `_last_checkpoint` never moves
    /// back to an older version. Throws `checkpoint` (or `io`) on failure; commits stand.
    @discardableResult
    public func writeCheckpoint() throws -> Int64 {
        guard let snapshot = try snapshot() else {
            throw DeltaError(.checkpoint, "The table has no commit to checkpoint yet.", table: root)
        }
        let now = Self.currentMilliseconds()
        let rows = CheckpointSchema.rows(of: snapshot, now: now, retention: tombstoneRetention)
        let size = try writeCheckpointFile(rows, version: snapshot.version)
        try writeLastCheckpoint(snapshot, size: rows.count, sizeInBytes: size)
        return snapshot.version
    }

    /// Writes `<version>.checkpoint.parquet` (temporary file, fsync, rename) and returns its
    /// size in bytes.
    private func writeCheckpointFile(_ rows: [[ParquetNestedValue]], version: Int64) throws -> Int {
        let path = store.directory + "/" + DeltaLogStore.checkpointName(version)
        let options = ParquetWriterOptions(createdBy: engineInfo)
        do {
            let writer = try ParquetNestedFileWriter(
                path: path, fields: CheckpointSchema.fields, options: options)
            for row in rows { writer.append(row) }
            return try writer.close()
        } catch let error as ParquetError {
            throw DeltaError(
                .checkpoint, "Could not write the checkpoint file '\(path)'.", table: root,
                version: version, errno: error.errno, underlying: error.description)
        }
    }

    private func writeLastCheckpoint(_ snapshot: DeltaSnapshot, size: Int, sizeInBytes: Int) throws
    {
        let name = DeltaLogStore.lastCheckpointName
        if let existing = try store.read(name, version: snapshot.version),
            let version = (try? JSONParser().parse(existing))?["version"]?.numberValue?.int64,
            version > snapshot.version
        {
            return
        }
        let pointer = JSONObject([
            ("version", .number(JSONNumber(snapshot.version))),
            ("size", .number(JSONNumber(Int64(size)))),
            ("sizeInBytes", .number(JSONNumber(Int64(sizeInBytes)))),
            ("numOfAddFiles", .number(JSONNumber(Int64(snapshot.liveFiles.count)))),
        ])
        try store.replace(
            name, Array(JSONValue.object(pointer).jsonText.utf8), version: snapshot.version)
    }

    /// The checkpoint due after committing `version`; a failure is recorded, not thrown,
    /// because the commit itself has already succeeded.
    func checkpointAfterCommit(_ version: Int64) {
        do {
            try writeCheckpoint()
            lastCheckpointFailure = nil
        } catch let error as DeltaError {
            lastCheckpointFailure = error
        } catch {
            lastCheckpointFailure = DeltaError(
                .checkpoint, "The checkpoint after version \(version) failed.", table: root,
                version: version, underlying: "\(error)")
        }
    }
}
