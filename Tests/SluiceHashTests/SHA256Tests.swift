import Foundation
import SluiceHash
import Testing

/// Known-answer vectors from NIST's "SHA-256 examples" (FIPS 180-4 example values).
struct SHA256Vector: Sendable, CustomTestStringConvertible {
    let name: String
    let message: [UInt8]
    let hex: String
    var testDescription: String { name }
}

let nistVectors: [SHA256Vector] = [
    SHA256Vector(
        name: "empty", message: [],
        hex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    SHA256Vector(
        name: "abc", message: Array("abc".utf8),
        hex: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    SHA256Vector(
        name: "448 bits",
        message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
        hex: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    SHA256Vector(
        name: "one million a", message: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
        hex: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
]

@Test(arguments: nistVectors)
func sha256MatchesNISTVector(_ vector: SHA256Vector) {
    #expect(SHA256.hexDigest(of: vector.message) == vector.hex)
}

/// Splitting the message at every awkward boundary must not change the digest.
@Test(arguments: [1, 3, 55, 56, 63, 64, 65, 127, 1000])
func sha256StreamingInPiecesMatchesOneShot(pieceLength: Int) {
    let message = nistVectors[3].message
    var hasher = SHA256()
    var start = 0
    while start < message.count {
        let end = min(start + pieceLength, message.count)
        hasher.update(Array(message[start..<end]))
        start = end
    }
    #expect(SHA256.hexDigestString(hasher.finalize()) == nistVectors[3].hex)
}

@Test func sha256FinalizeResetsForReuse() {
    var hasher = SHA256()
    hasher.update(Array("abc".utf8))
    _ = hasher.finalize()
    hasher.update(Array("abc".utf8))
    #expect(SHA256.hexDigestString(hasher.finalize()) == nistVectors[1].hex)
}

/// Lengths around the padding boundary (55/56/64 bytes) against an independent hasher.
@Test(arguments: [55, 56, 57, 63, 64, 65, 119, 120])
func sha256PaddingBoundaryMatchesSystemSha256sum(length: Int) throws {
    let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    let path = NSTemporaryDirectory() + "sluice-sha-\(length)-\(getpid()).bin"
    try Data(message).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }

    let process = Process()
    let pipe = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [path]
    process.standardOutput = pipe
    try process.run()
    process.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

    #expect(SHA256.hexDigest(of: message) == String(output.prefix(64)))
}

@Test func sha256OfFileStreamsAcrossReadBlocks() throws {
    let count = SHA256.fileReadBlockByteCount + 12_345
    let message = [UInt8](repeating: UInt8(ascii: "a"), count: count)
    let path = NSTemporaryDirectory() + "sluice-sha-file-\(getpid()).bin"
    try Data(message).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }

    #expect(try SHA256.hexDigest(ofFileAt: path) == SHA256.hexDigest(of: message))
}

@Test func sha256OfMissingFileThrowsOpenFailed() {
    let path = "/nonexistent/sluice-no-such-file"
    do {
        _ = try SHA256.hexDigest(ofFileAt: path)
        Issue.record("hashing a missing file succeeded")
    } catch {
        #expect(error.code == .openFailed)
        #expect(error.errno == ENOENT)
        #expect(error.path == path)
    }
}

@Test func sha256OfDirectoryThrowsReadFailed() throws {
    do {
        _ = try SHA256.hexDigest(ofFileAt: "/")
        Issue.record("hashing a directory succeeded")
    } catch {
        #expect(error.code == .readFailed)
        #expect(error.errno == EISDIR)
    }
}

extension SHA256 {
    fileprivate static func hexDigestString(_ digest: [UInt8]) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
