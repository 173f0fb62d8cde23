import SluiceReader

/// Reads back the exact bytes of chosen lines of a file, for quarantine records of events
/// that were parsed (blocked events, conflicting duplicates) and so kept no raw copy.
///
/// Re-reading costs a second decompression of only the files that hold such lines, up to
/// the last line wanted, which is cheaper than keeping every raw line of a run in memory.
enum RawLineFetcher {
    /// Ends a read once the last wanted line has gone by.
    private struct PastLastWanted: Error {}

    static func fetch(lines wanted: Set<Int>, of file: InputFile, options: ReaderOptions) -> [Int:
        [UInt8]]
    {
        var found: [Int: [UInt8]] = [:]
        guard let last = wanted.max() else { return found }
        let reader = LogFileReader(file: file, options: options)
        _ = try? reader.forEachLine { line in
            if wanted.contains(line.lineNumber) { found[line.lineNumber] = Array(line.bytes) }
            if line.lineNumber >= last { throw PastLastWanted() }
        }
        return found
    }

    /// Fills `raw` of every record marked `rawPending`, reading each file once.
    static func fill(
        _ records: inout [QuarantineRecord], files: [InputFile], options: ReaderOptions
    ) {
        var wantedByFile: [String: Set<Int>] = [:]
        for record in records where record.rawPending {
            wantedByFile[record.file, default: []].insert(record.line)
        }
        for file in files {
            guard let wanted = wantedByFile[file.relativePath] else { continue }
            let found = fetch(lines: wanted, of: file, options: options)
            for index in records.indices
            where records[index].rawPending && records[index].file == file.relativePath {
                records[index].raw = found[records[index].line]
                records[index].rawPending = false
            }
        }
    }
}
