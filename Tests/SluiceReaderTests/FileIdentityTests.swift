import Foundation
import Testing

@testable import SluiceReader

#if canImport(Glibc)
    import Glibc
#endif

/// A pass names the file it read (`FileReadSummary.identity`), and a later pass that expects
/// that file refuses one that changed since.
@Suite struct FileIdentityTests {
    static func file(_ text: String) throws -> InputFile {
        let path = NSTemporaryDirectory() + "/file-identity-\(UUID().uuidString).jsonl"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return InputFile(relativePath: "a.jsonl", absolutePath: path, byteCount: 0)
    }

    static let text = #"{"n":1}"# + "\n" + #"{"n":2}"# + "\n"

    @Test func aPassOfAnUnchangedFileNamesItAndARereadExpectingItSucceeds() throws {
        let file = try Self.file(Self.text)
        defer { try? FileManager.default.removeItem(atPath: file.absolutePath) }
        let reader = LogFileReader(file: file)

        let first = try reader.forEachLine { _ in }
        let identity = try #require(first.identity)
        #expect(identity.size == Int64(Self.text.utf8.count))
        var lines = 0
        let again = try reader.forEachLine(expecting: identity) { _ in lines += 1 }

        #expect(lines == 2)
        #expect(again.identity == identity)
    }

    /// Appending, rewriting with the same length (also with the modification time set back
    /// afterwards), and replacing by rename each change what `fstat` shows.
    @Test(arguments: ["append", "rewrite", "rewrite with the old time", "replace"])
    func aRereadOfAChangedFileIsRefused(_ change: String) throws {
        let file = try Self.file(Self.text)
        defer { try? FileManager.default.removeItem(atPath: file.absolutePath) }
        let reader = LogFileReader(file: file)
        let identity = try #require(try reader.forEachLine { _ in }.identity)

        let changed = Self.text.replacingOccurrences(of: "2", with: "3")
        switch change {
        case "append":
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file.absolutePath))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"n":3}"#.utf8))
            try handle.close()
        case "rewrite":
            // Coarse clocks could give the rewrite the old time; the size-preserving rewrite
            // must still be told apart, so it is made at a later nanosecond for sure.
            usleep(2_000)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file.absolutePath))
            try handle.write(contentsOf: Data(changed.utf8))
            try handle.close()
        case "rewrite with the old time":
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file.absolutePath))
            try handle.write(contentsOf: Data(changed.utf8))
            try handle.close()
            // Access and modification time both set to the old modification time.
            let old = timespec(
                tv_sec: Int(identity.modifiedSeconds), tv_nsec: Int(identity.modifiedNanoseconds))
            var times = [old, old]
            #expect(utimensat(AT_FDCWD, file.absolutePath, &times, 0) == 0)
            let info = try FileManager.default.attributesOfItem(atPath: file.absolutePath)
            #expect(info[.size] as? Int == Int(identity.size))
        default:
            let other = try Self.file(changed)
            #expect(rename(other.absolutePath, file.absolutePath) == 0)
        }

        var lines = 0
        #expect {
            _ = try reader.forEachLine(expecting: identity) { _ in lines += 1 }
        } throws: { error in
            (error as? ReadError)?.code == .fileChanged
        }
        #expect(lines == 0)
    }

    /// A file that grows while a pass reads it has no identity: the pass cannot say which
    /// version of it its lines came from.
    @Test func aFileChangedDuringThePassHasNoIdentity() throws {
        let file = try Self.file(Self.text)
        defer { try? FileManager.default.removeItem(atPath: file.absolutePath) }
        var appended = false

        let summary = try LogFileReader(file: file).forEachLine { _ in
            guard !appended else { return }
            appended = true
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file.absolutePath))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((#"{"n":4}"# + "\n").utf8))
            try handle.close()
        }

        #expect(appended)
        #expect(summary.identity == nil)
    }

    /// A file truncated or appended to while a pass reads it used to be reported complete,
    /// with lines of two versions and a digest of neither: the pass now reports it damaged,
    /// so the run counts it as partial and says to load it again.
    @Test(arguments: ["truncate", "append"])
    func aFileChangedDuringThePassIsDamaged(_ change: String) throws {
        let file = try Self.file(Self.text)
        defer { try? FileManager.default.removeItem(atPath: file.absolutePath) }
        let reader = LogFileReader(file: file)

        var changed = false
        let summary = try reader.forEachLine { _ in
            guard !changed else { return }
            changed = true
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file.absolutePath))
            defer { try? handle.close() }
            if change == "truncate" {
                try handle.truncate(atOffset: 3)
            } else {
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(#"{"n":3}"#.utf8 + [10]))
            }
        }

        #expect(summary.identity == nil)
        let damage = try #require(summary.damage)
        #expect(damage.message.contains("changed while it was read"), "\(damage.message)")
    }

    /// An unchanged file is not: the check compares what `fstat` shows before and after.
    @Test func anUnchangedFileIsNotDamaged() throws {
        let file = try Self.file(Self.text)
        defer { try? FileManager.default.removeItem(atPath: file.absolutePath) }
        #expect(try LogFileReader(file: file).forEachLine { _ in }.damage == nil)
    }
}
