import Foundation
import Testing

/// The manifest's `inputs[].sha256` is taken from the ingest's own reads, not from a second
/// read of each file; it must still be every file's whole SHA-256 as hashlib computes it,
/// for each compression and for damaged files that reading stops inside.
@Suite struct InputDigestTests {
    /// Shell commands that write each input from `lines.ndjson` in the working directory.
    static let inputs: [(name: String, command: String)] = [
        ("a-gzip.jsonl.gz", "gzip -n -c lines.ndjson"),
        ("b-zstd.jsonl.zst", "zstd -q -c lines.ndjson"),
        ("c-bzip2.jsonl.bz2", "bzip2 -c lines.ndjson"),
        ("d-xz.jsonl.xz", "xz -c lines.ndjson"),
        ("e-lz4.log", "lz4 -q -c lines.ndjson"),
        ("f-plain.jsonl", "cat lines.ndjson"),
        // Cut inside the stream: ISA-L hands over to zlib, which stops at the cut.
        ("g-cut.jsonl.gz", "gzip -n -c lines.ndjson | head -c 30000"),
        // Corrupt bytes mid-file: reading stops there, long before the end of the file.
        (
            "h-corrupt.jsonl.gz",
            "gzip -n -c lines.ndjson > h.tmp && printf '\\377\\377\\377\\377\\377\\377\\377\\377'"
                + " | dd of=h.tmp bs=1 seek=20000 conv=notrunc 2>/dev/null && cat h.tmp"
        ),
        ("i-zstd-cut.jsonl.zst", "zstd -q -c lines.ndjson | head -c 5000"),
    ]

    static func line(_ index: Int) -> String {
        """
        {"type":"track","event":"Item \(index % 7)","messageId":"m-\(index)","userId":"u\(index % 13)",\
        "receivedAt":"2026-11-30T10:00:00Z","properties":{"n":\(index),"s":"value \(index * 7919)"}}
        """
    }

    @Test func manifestDigestsEqualHashlibsForEveryCompressionAndDamage() throws {
        let root = try TestSupport.scratchDirectory("input-digest")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let input = root + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        let text = (0..<3000).map { Self.line($0) + "\n" }.joined()
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/lines.ndjson"))
        for (name, command) in Self.inputs {
            let shell = "cd '\(root)' && \(command) > in/\(name)"
            let made = try TestSupport.run("/bin/sh", ["-c", shell])
            #expect(made.status == 0, "\(name): \(made.stderr)")
        }

        let result = try TestSupport.sluice([
            "run", "--input", input, "--plan", TestSupport.packageRoot + "/samples/plan.json",
            "--output", root + "/out", "--run-id", "digest", "--quiet",
        ])
        #expect(result.status == 3, "\(result.stderr)")
        let manifest = try TestSupport.readJSON(try TestSupport.manifests(in: root + "/out")[0])
        let listed = manifest["inputs"] as? [[String: Any]] ?? []
        var digests: [String: String] = [:]
        var statuses: [String: String] = [:]
        for entry in listed {
            let path = entry["path"] as? String ?? ""
            digests[path] = entry["sha256"] as? String
            statuses[path] = entry["status"] as? String
        }

        let script = """
            import hashlib, json, os, sys
            root = sys.argv[1]
            print(json.dumps({n: hashlib.sha256(open(os.path.join(root, n), 'rb').read())
                .hexdigest() for n in os.listdir(root)}))
            """
        let hashlib = try TestSupport.run(TestSupport.python, ["-c", script, input])
        #expect(hashlib.status == 0, "\(hashlib.stderr)")
        let expected =
            try JSONSerialization.jsonObject(with: Data(hashlib.stdout.utf8)) as? [String: String]
        #expect(expected?.count == Self.inputs.count)
        #expect(digests == expected)
        // The damaged files must really have stopped early, or they test nothing.
        #expect(statuses["g-cut.jsonl.gz"] == "partial")
        #expect(statuses["h-corrupt.jsonl.gz"] == "partial")
        #expect(statuses["i-zstd-cut.jsonl.zst"] == "partial")
    }
}
