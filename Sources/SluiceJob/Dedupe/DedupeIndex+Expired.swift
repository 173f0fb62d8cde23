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

    /// The file holding the widest dedupe window, in days, that a run on this output used.
    var widestWindowPath: String { root + "/window-days" }

    /// The widest window a run on this output used, never less than the default; expiry
    /// keeps what it needs, so a run with a narrower window cannot take keys a wider
    /// pipeline still looks in.
    func widestWindowDays() -> Int {
        let text = (try? FileSystem.readFile(widestWindowPath)).map {
            String(decoding: $0, as: UTF8.self).filter(\.isASCII).filter(\.isNumber)
        }
        return max(text.flatMap { Int($0) } ?? 0, RunConfiguration.defaultDedupeWindowDays)
    }

    /// Records `days` when it is wider than the widest window recorded; a failure to write
    /// only leaves the record narrower, so it is not an error.
    func recordWindow(_ days: Int) {
        guard days > widestWindowDays() else { return }
        try? AtomicFile.write(Array("\(days)\n".utf8), to: widestWindowPath)
    }
}
