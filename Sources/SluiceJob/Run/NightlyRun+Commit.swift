import SluiceHash
import SluiceJSON
import SluicePlan
import SluiceReader

/// A bookkeeping file the run wrote beside the tables (quarantine or discards).
struct SidecarFile {
    var kind: String
    var relativePath: String
    var records: Int
    var bytes: Int64
}

extension NightlyRun {
    /// The folder of run manifests inside the output directory.
    public static let manifestFolder = "_manifests"

    /// The folder of quarantine files inside the output directory.
    public static let quarantineFolder = "_quarantine"

    /// The folder of discards (omitted properties, values that did not fit their column).
    public static let discardsFolder = "_discards"

    /// The most records one quarantine or discards file holds, so a bad night with millions
    /// of rejects still gives files a person can open.
    static let recordsPerSidecarFile = 100_000

    /// Notes `sidecars`, written under the output directory, for a failing run to remove.
    func noteWritten(_ sidecars: [SidecarFile]) {
        for sidecar in sidecars {
            noteWritten(configuration.outputDirectory + "/" + sidecar.relativePath)
        }
    }

    /// Writes the discards file; the quarantine's were written beside the table stage
    /// (`quarantineBesideTables`). Written paths are noted for a failing run to remove.
    func writeDiscards(_ discards: [DiscardRecord]) throws -> [SidecarFile] {
        guard !configuration.isDryRun else { return [] }
        let writer = SidecarWriter(outputDirectory: configuration.outputDirectory, runId: runId)
        let result = writer.write(
            discards.map(\.json), kind: "discards", folder: Self.discardsFolder)
        noteWritten(result.files)
        if let failure = result.failure { throw failure }
        return result.files
    }
}

extension NightlyRun {
    /// The batch this run loads: `--batch`, else the input directory's last path component.
    var batchName: String {
        if let name = configuration.batchName { return name }
        var path = configuration.inputDirectory
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return FileSystem.baseName(of: path)
    }

    func inputJSON(_ ingest: FileOutcome) -> JSONValue {
        let summary = ingest.summary
        let status =
            ingest.failure != nil
            ? "unreadable" : (summary?.isPartial == true ? "partial" : "complete")
        let error =
            ingest.failure
            ?? summary?.damage.map { "at decompressed byte \($0.byteOffset): \($0.message)" }
            ?? summary.flatMap { summary in
                summary.failedUnits.first.map { first in
                    let more = summary.failedUnits.count - 1
                    let others =
                        more == 0 ? "" : " (and \(more) more such part\(more == 1 ? "" : "s"))"
                    return "at decompressed byte \(first.byteOffset): \(first.message), read "
                        + "past" + others
                }
            }
        return .members([
            ("path", .string(ingest.file.relativePath)), ("bytes", .int(ingest.file.byteCount)),
            ("sha256", .text(summary?.sha256)), ("compression", .text(summary?.compression)),
            ("decompressed_bytes", .int(summary?.decompressedBytes ?? 0)),
            ("lines", .int(summary?.lineCount ?? 0)),
            ("blank_lines", .int(summary?.blankLineCount ?? 0)),
            ("events", .int(ingest.candidates.count)), ("status", .string(status)),
            ("error", .text(error)),
        ])
    }

    /// Writes the manifest last, atomically; after this returns the run is committed.
    func writeManifest(_ manifest: ManifestBuilder) throws -> String {
        let relative = "\(Self.manifestFolder)/\(runId).json"
        try AtomicFile.write(
            Array(manifest.json.prettyText.utf8), to: configuration.outputDirectory + "/" + relative
        )
        return relative
    }
}
