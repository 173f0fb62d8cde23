import Foundation
import Testing

@testable import SluiceJSON

/// Compares `JSONTape` with `JSONParser` on one input: the same decision, the same error
/// (code, offset and message), an equal `JSONValue` for every subtree's root, and duplicate
/// flags that match a plain recount. Returns what differs, or `nil`.
func tapeDisagreement(_ bytes: [UInt8], tape: inout JSONTape) -> String? {
    let tree = Result { () throws(JSONError) in try JSONParser(maxDepth: tape.maxDepth).parse(bytes)
    }
    return bytes.withUnsafeBytes { raw -> String? in
        do throws(JSONError) {
            try tape.parse(raw)
        } catch {
            if case .failure(let expected) = tree, expected == error { return nil }
            return "tape threw \(error.code) at \(error.offset), tree gave \(tree)"
        }

        guard case .success(let value) = tree else { return "tape accepted, tree gave \(tree)" }
        guard tape.value(0, in: raw) == value else { return "value(0) differs from the tree" }
        guard tape.next(0) == tape.count else { return "next(0) \(tape.next(0)) != count" }
        return duplicateFlagDisagreement(tape, raw) ?? serializationDisagreement(tape, raw)
            ?? tokenFactDisagreement(tape, raw)
    }
}

/// The first string token whose `isPlainASCII` differs from reading its bytes, or key
/// whose `keyHash` differs from hashing its decoded text.
private func tokenFactDisagreement(_ tape: JSONTape, _ raw: UnsafeRawBufferPointer) -> String? {
    for t in 0..<tape.count where tape.kind(t) == .string {
        let isPlain = !tape.hasEscapes(t) && tape.rawBytes(t, in: raw).allSatisfy { $0 < 0x80 }
        if tape.isPlainASCII(t) != isPlain { return "isPlainASCII(\(t)) is \(!isPlain)" }
    }
    for t in 0..<tape.count where tape.kind(t) == .object {
        for (key, _) in tape.members(t) {
            var decoded: [UInt8] = []
            tape.appendDecoded(key, in: raw, to: &decoded)
            let expected = decoded.withUnsafeBytes { JSONTape.keyHash(of: $0) }
            if tape.keyHash(key) != expected { return "keyHash(\(key)) differs from its text's" }
        }
    }
    return nil
}

/// The first token whose compact JSON written from the tape differs from its value's.
private func serializationDisagreement(_ tape: JSONTape, _ raw: UnsafeRawBufferPointer) -> String? {
    for t in 0..<tape.count {
        var fromTape: [UInt8] = []
        tape.appendJSON(t, in: raw, to: &fromTape)
        var fromTree: [UInt8] = []
        tape.value(t, in: raw).appendJSON(to: &fromTree)
        if fromTape != fromTree {
            return "appendJSON(\(t)) wrote \(String(decoding: fromTape, as: UTF8.self))"
        }
    }
    return nil
}

/// The first object token whose `hasDuplicateKeys` differs from counting distinct keys.
private func duplicateFlagDisagreement(_ tape: JSONTape, _ raw: UnsafeRawBufferPointer) -> String? {
    for t in 0..<tape.count where tape.kind(t) == .object {
        let keys = tape.members(t).map { tape.string($0.key, in: raw) }
        if tape.hasDuplicateKeys(t) != (Set(keys).count < keys.count) {
            return "hasDuplicateKeys(\(t)) is \(tape.hasDuplicateKeys(t)) for keys \(keys)"
        }
    }
    return nil
}

/// The package root, from this file's path (Tests/SluiceJSONTests/TapeSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Every line of the gzipped NDJSON files under samples/logs, decompressed by `gzip -dc`.
/// A truncated file (the samples hold one on purpose) yields the lines before the damage.
func sampleLines() throws -> [[UInt8]] {
    let logs = packageRoot.appendingPathComponent("samples/logs")
    let walker = FileManager.default.enumerator(atPath: logs.path)
    let names = (walker?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".gz") }
    var lines: [[UInt8]] = []
    for name in names.sorted() {
        let data = try gunzip(logs.appendingPathComponent(name))
        lines += data.split(separator: UInt8(ascii: "\n")).map { Array($0) }
    }
    return lines
}

private func gunzip(_ file: URL) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-dc", file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()

    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}

/// The shared real-events folder: `SLUICE_SHARED`, else `../shared` beside the package
/// root (a git worktree one level deeper finds it at `../../shared`).
func realEventsDirectory() -> URL? {
    var candidates = [
        packageRoot.appendingPathComponent("../shared"),
        packageRoot.appendingPathComponent("../../shared"),
    ]
    if let shared = ProcessInfo.processInfo.environment["SLUICE_SHARED"], !shared.isEmpty {
        candidates.insert(URL(fileURLWithPath: shared), at: 0)
    }
    let events = candidates.map { $0.appendingPathComponent("real-events/events") }
    return events.first { FileManager.default.fileExists(atPath: $0.path) }
}
