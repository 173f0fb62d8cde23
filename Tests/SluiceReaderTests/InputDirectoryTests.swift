import Foundation
import Testing

@testable import SluiceReader

@Suite struct InputDirectoryTests {
    @Test func takesLogsInByteOrderAndListsEverySkip() throws {
        let fixtures = try Fixtures()
        for path in [
            "b.ndjson", "a.txt", "a/x.gz", "a.json", "A.log", "z/deep/e.jsonl", "c.zst", "d.bz2",
            "e.xz", ".hidden.gz", "_SUCCESS", "_tmp/y.gz", ".git/z.gz", "notes.md",
        ] {
            try fixtures.write(path, Array("{}\n".utf8))
        }
        try FileManager.default.createSymbolicLink(
            atPath: fixtures.root + "/link.log", withDestinationPath: fixtures.root + "/b.ndjson")
        try FileManager.default.createSymbolicLink(
            atPath: fixtures.root + "/z/deep/loop", withDestinationPath: fixtures.root + "/z")
        try FileManager.default.createSymbolicLink(
            atPath: fixtures.root + "/broken.gz", withDestinationPath: fixtures.root + "/nowhere")
        mkfifo(fixtures.root + "/pipe.log", 0o600)

        let (files, skipped) = try InputDirectory.scan(root: fixtures.root)
        #expect(
            files.map(\.relativePath) == [
                "A.log", "a.json", "a/x.gz", "b.ndjson", "c.zst", "d.bz2", "e.xz", "link.log",
                "z/deep/e.jsonl",
            ])
        #expect(files.allSatisfy { $0.byteCount == 3 })
        #expect(files[0].absolutePath == fixtures.root + "/A.log")
        let skips = skipped.map { "\($0.relativePath):\($0.reason)" }
        #expect(
            skips == [
                ".git:hidden", ".hidden.gz:hidden", "_SUCCESS:underscore_prefixed",
                "_tmp:underscore_prefixed",
                "a.txt:unsupported_extension", "broken.gz:broken_symlink",
                "notes.md:unsupported_extension",
                "pipe.log:not_a_regular_file", "z/deep/loop:directory_already_visited",
            ])
    }

    @Test func aMissingRootThrows() {
        #expect {
            _ = try InputDirectory.scan(root: "/nonexistent/sluice")
        } throws: { ($0 as? ReadError)?.code == .rootNotFound }
    }

    @Test func aFileAsRootThrows() throws {
        let fixtures = try Fixtures()
        let path = try fixtures.write("f.gz", [])
        #expect {
            _ = try InputDirectory.scan(root: path)
        } throws: { ($0 as? ReadError)?.code == .rootNotDirectory }
    }

    @Test func aTrailingSlashOnTheRootChangesNothing() throws {
        let fixtures = try Fixtures()
        try fixtures.write("a/b.gz", [])
        let (files, _) = try InputDirectory.scan(root: fixtures.root + "/")
        #expect(files.map(\.absolutePath) == [fixtures.root + "/a/b.gz"])
    }
}
