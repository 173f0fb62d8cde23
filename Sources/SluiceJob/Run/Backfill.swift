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
        case skipped(day: String)
        case ran(day: String, report: RunReport)
        /// The range holds this day but ROOT has no directory for it.
        case missing(day: String)
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

    /// Whether `text` is a `YYYY-MM-DD` date.
    public static func isDay(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return false
        }
        return bytes.enumerated().allSatisfy {
            $0.offset == 4 || $0.offset == 7 || ($0.element >= 48 && $0.element <= 57)
        }
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
            if try isAlreadyLoaded(day: day, input: input) {
                onDay(.skipped(day: day))
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

    private func isAlreadyLoaded(day: String, input: String) throws -> Bool {
        let history = try RunHistory.load(outputDirectory: template.outputDirectory)
        guard let last = history.liveRuns(ofBatch: day).last else { return false }
        let files: [InputFile]
        do { files = try InputDirectory.scan(root: input).files } catch {
            throw JobError(.input, "\(error)")
        }
        var current: [String: String] = [:]
        for file in files {
            current[file.relativePath] = (try? SHA256.hexDigest(ofFileAt: file.absolutePath)) ?? ""
        }
        let loaded = Dictionary(
            last.inputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        return current == loaded
    }
}
