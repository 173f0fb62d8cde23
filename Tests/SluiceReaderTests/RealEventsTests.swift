import Foundation
import Testing

@testable import SluiceReader

/// The shared folder of real events, found beside the package root or one level further up
/// (a git worktree sits one folder deeper than the main checkout).
func sharedDirectory(filePath: String = #filePath) throws -> String {
    var root = URL(fileURLWithPath: filePath)
    for _ in 0..<3 { root.deleteLastPathComponent() }
    for candidate in [
        root.appendingPathComponent("../shared"), root.appendingPathComponent("../../shared"),
    ] {
        let path = candidate.standardizedFileURL.path
        if FileManager.default.fileExists(atPath: path + "/real-events/events") { return path }
    }
    throw FixtureError(message: "no shared/real-events/events beside \(root.path)")
}

@Suite struct RealEventsTests {
    /// Every real event line normalises or is rejected with a reason; the counts were
    /// worked out independently with Python's json module over the same files.
    @Test func everyRealEventNormalisesOrIsRejected() throws {
        let root = try sharedDirectory() + "/real-events/events"
        let (files, skipped) = try InputDirectory.scan(root: root)
        #expect(files.count == 119 && skipped.isEmpty)

        var callTypes: [SegmentCallType: Int] = [:]
        var issues: [EventIssue.Code: Int] = [:]
        var rejections: [String: Int] = [:]
        var lineCount = 0
        let normalizer = SegmentNormalizer()
        for file in files {
            let summary = try LogFileReader(file: file).forEachLine { line in
                #expect(line.kind == .complete)
                let origin = EventOrigin(
                    file: file.relativePath, line: line.lineNumber, byteOffset: line.byteOffset)
                switch normalizer.normalize(line: line.bytes, origin: origin) {
                case .success(let event):
                    callTypes[event.callType, default: 0] += 1
                    for issue in event.issues { issues[issue.code, default: 0] += 1 }
                    #expect(!event.messageId.isEmpty)
                case .failure(let rejection):
                    rejections[rejection.reason, default: 0] += 1
                }
            }
            #expect(summary.damage == nil && summary.blankLineCount == 0)
            lineCount += summary.lineCount
        }

        #expect(lineCount == 365)
        #expect(rejections.isEmpty)
        #expect(
            callTypes == [
                .track: 220, .identify: 64, .page: 40, .screen: 4, .group: 27, .alias: 10,
            ])
        #expect(issues[.messageIdSubstituted] == 225)
        #expect(issues[.invalidTimestamp] == 17)
        #expect(issues[.receivedAtSubstituted] == 119)
        #expect(issues[.required] == 55 + 19 + 5)
        #expect(issues[.oversizedEvent] == nil)
    }
}
