import SluiceHash
import SluiceReader

/// `sluice backfill`: one batch per day directory `ROOT/YYYY-MM-DD`, in date order.
///
/// Resumable: a day whose latest live run read exactly the same files (same relative paths
/// and SHA-256) is skipped, so a backfill interrupted halfway continues where it stopped.
/// Stops at the first day that fails, since later days' dedupe depends on earlier ones.
public struct Backfill {
    /// What happened to one day.
    public enum DayResult: Sendable {
        /// The day's live run read the same files; `manifestPath` is its manifest, and
        /// `wasComplete` says whether that run loaded every line.
        case skipped(day: String, manifestPath: String, wasComplete: Bool)
        case ran(day: String, report: RunReport)
        /// The range holds this day but ROOT has no directory for it.
        case missing(day: String)
        /// The day's directory holds no log files; nothing was run for it.
        case empty(day: String)
    }

    public var root: String
    public var from: String
    public var to: String
    /// The options every day's run uses; input, batch and run id are set per day.
    public var template: RunConfiguration

    public init(root: String, from: String, to: String, template: RunConfiguration) {
        self.root = root
        self.from = from
        self.to = to
        self.template = template
    }

    /// The day directories in range, in order.
    public func days() -> [String] {
        FileSystem.listDirectory(root).filter { name in
            Self.isDay(name) && name >= from && name <= to
                && FileSystem.isDirectory(root + "/" + name)
        }
    }

    /// Every calendar day from `from` through `to`, as `YYYY-MM-DD`.
    public func calendarDays() -> [String] {
        guard case .value(var micros, _) = SegmentTimestamp.parse(.string(from)) else { return [] }
        var days: [String] = []
        while true {
            let day = CivilTime(micros: micros).dateString
            guard day <= to else { return days }
            days.append(day)
            micros += NightlyRun.microsPerDay
        }
    }

    /// Whether `text` is a `YYYY-MM-DD` date that the calendar has (`2026-11-31` is not).
    public static func isDay(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return false
        }
        let isDigits = bytes.enumerated().allSatisfy {
            $0.offset == 4 || $0.offset == 7 || ($0.element >= 48 && $0.element <= 57)
        }
        guard isDigits else { return false }
        let number = { (range: Range<Int>) in
            bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        return CivilDate.isDate(year: number(0..<4), month: number(5..<7), day: number(8..<10))
    }

    /// Runs every day in range, calling `onDay` after each.
    ///
    /// - Throws: the first day's `JobError`; days before it stay committed.
    public func execute(observer: RunObserver, onDay: (DayResult) -> Void) throws {
        let present = Set(days())
        for day in calendarDays() {
            guard present.contains(day) else {
                onDay(.missing(day: day))
                continue
            }
            let input = root + "/" + day
            let files = try logFiles(in: input)
            guard !files.isEmpty else {
                onDay(.empty(day: day))
                continue
            }
            if let loaded = try loadedRun(day: day, files: files) {
                onDay(
                    .skipped(
                        day: day, manifestPath: loaded.manifestPath,
                        wasComplete: loaded.isComplete))
                continue
            }
            var configuration = template
            configuration.inputDirectory = input
            configuration.batchName = day
            configuration.runId = nil
            let report = try NightlyRun(configuration: configuration, observer: observer).execute()
            onDay(.ran(day: day, report: report))
        }
    }

    /// The log files of the day directory `input`.
    private func logFiles(in input: String) throws -> [InputFile] {
        do { return try InputDirectory.scan(root: input).files } catch {
            throw JobError(.input, "\(error)")
        }
    }

    /// The day's live run when it read exactly `files`, the day directory's log files now,
    /// else nil.
    private func loadedRun(day: String, files: [InputFile]) throws -> RunHistory.Run? {
        let history = try RunHistory.load(outputDirectory: template.outputDirectory)
        guard let last = history.liveRuns(ofBatch: day).last else { return nil }
        var current: [String: String] = [:]
        for file in files {
            current[file.relativePath] = (try? SHA256.hexDigest(ofFileAt: file.absolutePath)) ?? ""
        }
        let loaded = Dictionary(
            last.inputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        return current == loaded ? last : nil
    }
}
