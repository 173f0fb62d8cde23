import SluiceJSON
import SluiceJob
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How log lines on stderr look.
enum LogFormat: String {
    case text
    case json

    static func parse(_ value: String?) throws -> LogFormat {
        guard let value else { return .text }
        guard let format = LogFormat(rawValue: value) else {
            throw UsageError(
                command: "run", "The value '\(value)' for '--log-format' is not one of text, json.")
        }
        return format
    }
}

/// The command line's view of a run: a progress line on stderr when it is a terminal, and a
/// log line per stage (text, or JSON for cron and log collectors). Thread-safe.
final class Console: RunObserver {
    let format: LogFormat
    let isQuiet: Bool
    private let showsProgress: Bool
    private let state = Mutex(Progress())
    private let startSeconds = RunID.monotonicSeconds()

    private struct Progress {
        var totalFiles = 0
        var totalCompressedBytes: Int64 = 0
        var compressedBytes: Int64 = 0
        var files = 0
        var bytes: Int64 = 0
        var events = 0
        var hasProgressLine = false
    }

    init(format: LogFormat, isQuiet: Bool) {
        self.format = format
        self.isQuiet = isQuiet
        self.showsProgress = !isQuiet && isatty(2) == 1
    }

    func readingStarted(files: Int, compressedBytes: Int64) {
        state.withLock { progress in
            progress.totalFiles = files
            progress.totalCompressedBytes = compressedBytes
        }
    }

    func fileRead(path: String, compressedBytes: Int64, decompressedBytes: Int64, events: Int) {
        guard showsProgress else { return }
        state.withLock { progress in
            progress.files += 1
            progress.compressedBytes += compressedBytes
            progress.bytes += decompressedBytes
            progress.events += events
            let seconds = max(RunID.monotonicSeconds() - startSeconds, 0.001)
            let rate = Double(progress.bytes) / seconds / 1e6
            // Time left assumes the rest of the input reads at tonight's rate so far.
            let done =
                Double(progress.compressedBytes) / Double(max(progress.totalCompressedBytes, 1))
            let left = done > 0 ? seconds * (1 - done) / done : 0
            let line =
                "\r\u{1B}[K\(progress.files)/\(progress.totalFiles) files, \(progress.events) events, \(Int(rate)) MB/s, \(Int(seconds)) s, about \(Int(left.rounded())) s left"
            writeStderr(line)
            progress.hasProgressLine = true
        }
    }

    func stageFinished(_ stage: String, seconds: Double, details: [(String, JSONValue)]) {
        let rounded = (seconds * 1000).rounded() / 1000
        log(
            event: "stage",
            [("stage", .string(stage)), ("seconds", .number(JSONNumber(rounded)))] + details)
    }

    /// One JSON object of fields: the stdout summary in JSON mode.
    static func jsonLine(_ fields: [(String, JSONValue)]) -> String {
        JSONValue.object(JSONObject(fields)).jsonText
    }

    /// Writes one log line (JSON mode), or nothing in text mode.
    func log(event: String, _ fields: [(String, JSONValue)]) {
        guard format == .json else { return }
        clearProgress()
        writeStderr(Self.jsonLine([("event", .string(event))] + fields) + "\n")
    }

    /// Prints an error sentence on stderr.
    func error(_ message: String) {
        clearProgress()
        if format == .json { return log(event: "error", [("message", .string(message))]) }
        writeStderr("sluice: error: \(message)\n")
    }

    /// Ends the progress line so the summary starts on a clean line.
    func finish() {
        clearProgress()
    }

    private func clearProgress() {
        state.withLock { progress in
            if progress.hasProgressLine {
                writeStderr("\r\u{1B}[K")
                progress.hasProgressLine = false
            }
        }
    }
}

func writeStderr(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}
