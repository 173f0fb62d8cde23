import Testing

@testable import SluiceJob

/// The commands `sluice status` suggests can be pasted into a shell as they are.
@Suite struct OutputStatusTests {
    @Test(arguments: [
        ("2026-11-30", "2026-11-30"), ("nightly-B", "nightly-B"), ("night two", "'night two'"),
        ("it's", #"'it'\''s'"#), ("a;rm", "'a;rm'"),
    ])
    func batchNamesAreQuotedForTheShell(_ name: String, _ quoted: String) {
        #expect(OutputStatus.shellQuoted(name) == quoted)
    }
}
