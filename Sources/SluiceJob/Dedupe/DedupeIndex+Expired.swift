extension DedupeIndex {
    /// The file listing the received days whose key files expiry removed, one `YYYY-MM-DD` a
    /// line: a night whose dedupe window reaches one of them cannot see the ids loaded then.
    var expiredDaysPath: String { root + "/expired-days" }

    /// The days expiry removed so far; empty when none was, or when the list cannot be read.
    func expiredDays() -> Set<String> {
        guard let bytes = try? FileSystem.readFile(expiredDaysPath) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        return Set(text.split(separator: "\n").map(String.init).filter(Backfill.isDay))
    }

    /// Adds `days` to the list of expired days. A failure to write it only costs the warning
    /// a later night would get, so it is not an error.
    func recordExpired(_ days: [String]) {
        guard !days.isEmpty else { return }
        let all = expiredDays().union(days).sorted()
        try? AtomicFile.write(Array((all.joined(separator: "\n") + "\n").utf8), to: expiredDaysPath)
    }

    /// The file holding the widest dedupe window, in days, that a run on this output used,
    /// and a line `unbounded` once a run used an unbounded window.
    var widestWindowPath: String { root + "/window-days" }

    /// The lines of `widestWindowPath`; empty when it is missing or cannot be read.
    private func windowRecord() -> [String] {
        guard let bytes = try? FileSystem.readFile(widestWindowPath) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The widest bounded window a run on this output used, never less than the default;
    /// expiry keeps what it needs, so a run with a narrower window cannot take keys a wider
    /// pipeline still looks in.
    func widestWindowDays() -> Int {
        let recorded = windowRecord().compactMap { Int($0) }.max() ?? 0
        return max(recorded, RunConfiguration.defaultDedupeWindowDays)
    }

    /// The widest window a run on this output used: `nil` once one looked unbounded.
    func widestLookup() -> Int? {
        windowRecord().contains("unbounded") ? nil : widestWindowDays()
    }

    /// Records `days` (`nil`: unbounded) when it is wider than what is recorded. A failure
    /// to write only leaves the record narrower, so it is not an error.
    func recordWindow(_ days: Int?) {
        let lines = windowRecord()
        let isUnbounded = days == nil || lines.contains("unbounded")
        let widest = max(days ?? 0, lines.compactMap { Int($0) }.max() ?? 0)
        let wanted = ["\(widest)"] + (isUnbounded ? ["unbounded"] : [])
        guard wanted != lines else { return }
        let text = wanted.joined(separator: "\n") + "\n"
        try? AtomicFile.write(Array(text.utf8), to: widestWindowPath)
    }
}
