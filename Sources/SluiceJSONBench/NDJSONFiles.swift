import Foundation

/// Whether `name` is an NDJSON file the benchmark reads: `.ndjson` or `.jsonl`, optionally
/// gzipped.
func isNDJSONFile(_ name: String) -> Bool {
    let plain = name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
    return plain.hasSuffix(".ndjson") || plain.hasSuffix(".jsonl")
}

/// The file's bytes, through `gzip -dc` when it is gzipped; a truncated gzip file yields
/// what could be inflated, so damaged samples still bench their readable lines.
func readNDJSONFile(_ path: String) -> Data {
    guard path.hasSuffix(".gz") else { return FileManager.default.contents(atPath: path) ?? Data() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-dc", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return Data() }

    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}
