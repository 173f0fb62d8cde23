import SluiceHash
import SluiceReader

/// `sluice backfill`: one batch per day directory `ROOT/YYYY-MM-DD`, in date order.
///
/// Resumable: a day whose latest live run read exactly the same files (same relative paths
/// and SHA-256) is skipped, so a backfill interrupted halfway continues where it stopped;
/// unless a later rerun of another day dropped events that run may have skipped as prior
/// duplicates (`RunHistory.droppingRerun(after:windowDays:)`): that day is loaded again.
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
        /// The day's directory holds no log files, or none with a line that is not blank;
        /// nothing was committed for it.
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

    /// Every calendar day from `from` through `to`, as `YYYY-MM-DD`; empty when either is not
    /// a day of the calendar or `to` comes first.
    public func calendarDays() -> [String] {
        guard let first = Self.dayNumber(from), let last = Self.dayNumber(to), first <= last
        else { return [] }
        return (first...last).map { number in
            let (year, month, day) = CivilDate.date(daysSinceEpoch: number)
            return Self.digits(year, 4) + "-" + Self.digits(month, 2) + "-" + Self.digits(day, 2)
        }
    }

    /// Whether `text` is a `YYYY-MM-DD` date that the calendar has (`2026-11-31` is not).
    public static func isDay(_ text: String) -> Bool {
        dayNumber(text) != nil
    }

    /// The days from 1970-01-01 to `text`, a `YYYY-MM-DD` date; nil when it is not one the
    /// calendar has. Years 0000 to 9999 all count, so every name `isDay` takes has a number.
    static func dayNumber(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return nil
        }
        let isDigits = bytes.enumerated().allSatisfy {
            $0.offset == 4 || $0.offset == 7 || ($0.element >= 48 && $0.element <= 57)
        }
        guard isDigits else { return nil }
        let number = { (range: Range<Int>) in
            bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        let (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
        guard CivilDate.isDate(year: year, month: month, day: day) else { return nil }
        return CivilDate.daysSinceEpoch(year: year, month: month, day: day)
    }

    /// `value` in decimal, zero-padded to `width` digits.
    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Runs every day in range, calling `onDay` after each.
    ///
    /// - Throws: the first failing day's `JobError`, its message led by the day; days before
    ///   it stay committed.
    public func execute(observer: RunObserver, onDay: (DayResult) -> Void) throws {
        let present = Set(days())
        for day in calendarDays() {
            guard present.contains(day) else {
                onDay(.missing(day: day))
                continue
            }
            do {
                onDay(try run(day: day, observer: observer))
            } catch let error as JobError {
                throw JobError(
                    error.code,
                    "Day \(day): \(error.message) The backfill stopped at this day; the days before it stay committed, and a rerun of the same command goes on from here."
                )
            }
        }
    }

    /// Loads the day directory of `day` unless its live run read the same files.
    private func run(day: String, observer: RunObserver) throws -> DayResult {
        let input = root + "/" + day
        let files = try logFiles(in: input)
        guard !files.isEmpty else { return .empty(day: day) }
        if let loaded = try loadedRun(day: day, files: files) {
            return .skipped(
                day: day, manifestPath: loaded.manifestPath, wasComplete: loaded.isComplete)
        }
        var configuration = template
        configuration.inputDirectory = input
        configuration.batchName = day
        configuration.runId = nil
        do {
            return .ran(
                day: day,
                report: try NightlyRun(configuration: configuration, observer: observer).execute())
        } catch let error as JobError where error.code == .emptyInput {
            return .empty(day: day)
        }
    }

    /// The log files of the day directory `input`.
    private func logFiles(in input: String) throws -> [InputFile] {
        do { return try InputDirectory.scan(root: input).files } catch {
            throw JobError(.input, "\(error)")
        }
    }

    /// The day's live run when it read exactly `files`, the day directory's log files now,
    /// and no later rerun dropped events it may have skipped; else nil.
    private func loadedRun(day: String, files: [InputFile]) throws -> RunHistory.Run? {
        let history = try RunHistory.load(outputDirectory: template.outputDirectory)
        guard let last = history.liveRuns(ofBatch: day).last else { return nil }
        var current: [String: String] = [:]
        for file in files {
            current[file.relativePath] = (try? SHA256.hexDigest(ofFileAt: file.absolutePath)) ?? ""
        }
        let loaded = Dictionary(
            last.inputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let window = DedupeIndex(outputDirectory: template.outputDirectory).widestLookup()
        guard current == loaded, history.droppingRerun(after: last, windowDays: window) == nil
        else { return nil }
        return last
    }
}
