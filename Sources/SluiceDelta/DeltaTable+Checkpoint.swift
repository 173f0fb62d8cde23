extension DeltaTable {
    func checkpointAfterCommit(_ version: Int64) {
        // FIXME: placeholder until nested Parquet exists.
        lastCheckpointFailure = nil
    }
}
