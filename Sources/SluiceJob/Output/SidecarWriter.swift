import SluiceJSON

/// Writes a run's bookkeeping records (quarantine, discards) as gzipped NDJSON files of at
/// most `NightlyRun.recordsPerSidecarFile` records each, under
/// `<folder>/run=<run id>/part-<n>.ndjson.gz` in the output directory.
///
/// Safe from any thread: it keeps no state, and reports the files it wrote instead of noting
/// them, so the run can note them on its own thread.
struct SidecarWriter: Sendable {
    let outputDirectory: String
    let runId: String

    /// What `write` did: the files written, and the error that stopped it after them.
    struct Result {
        var files: [SidecarFile] = []
        var failure: JobError?
    }

    /// Writes `lines` of `kind` into `folder`. A failure stops the writing; the files
    /// finished before it are in the result, for the caller to remove with the run.
    func write(_ lines: [JSONValue], kind: String, folder: String) -> Result {
        var result = Result()
        var start = 0
        while start < lines.count {
            let end = min(start + NightlyRun.recordsPerSidecarFile, lines.count)
            let relative = "\(folder)/run=\(runId)/part-\(result.files.count).ndjson.gz"
            let path = outputDirectory + "/" + relative
            do {
                try write(lines[start..<end], to: path)
            } catch let error as JobError {
                result.failure = error
                return result
            } catch {
                result.failure = JobError(.io, "Could not write \(kind) file '\(path)': \(error)")
                return result
            }
            let size = FileSystem.fileSize(path) ?? 0
            result.files.append(
                SidecarFile(kind: kind, relativePath: relative, records: end - start, bytes: size))
            start = end
        }
        return result
    }

    private func write(_ lines: ArraySlice<JSONValue>, to path: String) throws {
        let writer = try GzipFileWriter(finalPath: path)
        var bytes: [UInt8] = []
        for line in lines {
            bytes.removeAll(keepingCapacity: true)
            line.appendJSON(to: &bytes)
            bytes.append(0x0A)
            try writer.write(bytes)
        }
        try writer.finish()
    }
}
