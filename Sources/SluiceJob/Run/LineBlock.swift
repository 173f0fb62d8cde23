import SluiceReader

/// Consecutive lines of one file, copied out of the reader's buffers so that another worker
/// thread can process them while the reader goes on: part `part` of file `file` (see
/// `FileOutcome.appendPart`). Blank lines are never handed to a line callback, so they are
/// not here either; the file's read summary counts them.
struct LineBlock: Sendable {
    /// A copied line: where its bytes sit in `bytes`, and what `LogLine` said of it.
    private struct Entry: Sendable {
        var start: Int
        var count: Int
        var lineNumber: Int
        var byteOffset: Int64
        var kind: LogLine.Kind
        var isOversized: Bool
        var cutLength: Int64?
    }

    /// The file the lines are from, and its index in the run.
    let source: InputFile
    let file: Int
    let part: Int
    private let fullBytes: Int
    private let fullLines: Int
    private var bytes: [UInt8] = []
    private var entries: [Entry] = []

    /// An empty block, full at `fullBytes` bytes or `fullLines` lines.
    init(source: InputFile, file: Int, part: Int, fullBytes: Int, fullLines: Int) {
        (self.source, self.file, self.part) = (source, file, part)
        (self.fullBytes, self.fullLines) = (fullBytes, fullLines)
        bytes.reserveCapacity(fullBytes + fullBytes / 4)
        entries.reserveCapacity(fullLines)
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Whether the block has reached its bytes or its lines.
    var isFull: Bool { bytes.count >= fullBytes || entries.count >= fullLines }

    /// Copies `line` in.
    mutating func append(_ line: LogLine) {
        entries.append(
            Entry(
                start: bytes.count, count: line.bytes.count, lineNumber: line.lineNumber,
                byteOffset: line.byteOffset, kind: line.kind, isOversized: line.isOversized,
                cutLength: line.cutLength))
        bytes.append(contentsOf: line.bytes)
    }

    /// Calls `body` with each line in order, its bytes valid during the call.
    func forEachLine(_ body: (LogLine) -> Void) {
        bytes.withUnsafeBytes { all in
            for entry in entries {
                let line = LogLine(
                    lineNumber: entry.lineNumber, byteOffset: entry.byteOffset,
                    bytes: UnsafeRawBufferPointer(
                        rebasing: all[entry.start..<entry.start + entry.count]),
                    kind: entry.kind, isOversized: entry.isOversized, cutLength: entry.cutLength)
                body(line)
            }
        }
    }
}
