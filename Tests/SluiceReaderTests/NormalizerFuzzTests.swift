import Foundation
import SluiceJSON
import Testing

@testable import SluiceReader

/// A small deterministic generator (SplitMix64), so a failure replays from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct NormalizerFuzzTests {
    static let iterations = 20_000

    /// Bytes that steer mutations into the parser's interesting paths.
    static let interesting: [UInt8] =
        Array("{}[]\",:\\u0-.eE+ tnf".utf8) + [0x00, 0x0D, 0x80, 0xC3, 0xED, 0xF4, 0xFF]

    func realLines() throws -> [[UInt8]] {
        let root = try sharedDirectory() + "/real-events/events"
        var lines: [[UInt8]] = []
        for file in try InputDirectory.scan(root: root).files {
            _ = try LogFileReader(file: file).forEachLine { lines.append(Array($0.bytes)) }
        }
        return lines
    }

    func mutate(_ line: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = line
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let index = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            case 1: bytes.insert(Self.interesting.randomElement(using: &random)!, at: index)
            case 2 where !bytes.isEmpty: bytes.remove(at: index)
            case 3: bytes.removeLast(bytes.count - index)
            default: bytes.insert(contentsOf: bytes[index...].prefix(8), at: index)
            }
        }
        return bytes
    }

    @Test func mutatedRealEventsNeverCrashAndRoundTrip() throws {
        let lines = try realLines()
        #expect(lines.count == 365)
        let known = Set(
            JSONError.Code.allCases.map(\.rawValue) + LineRejection.Reason.allCases.map(\.rawValue))
        var random = SeededGenerator(state: 20_261_204)
        var accepted = 0
        let normalizer = SegmentNormalizer()

        for iteration in 0..<Self.iterations {
            let mutated = mutate(lines.randomElement(using: &random)!, using: &random)
            let result = mutated.withUnsafeBytes { normalizer.normalize(line: $0, origin: origin) }
            switch result {
            case .failure(let rejection):
                #expect(
                    known.contains(rejection.reason), "iteration \(iteration): \(rejection.reason)")
            case .success(let event):
                accepted += 1
                let text = JSONValue.object(event.payload).jsonText
                let reparsed = try JSONParser().parse(text)
                #expect(reparsed == .object(event.payload), "iteration \(iteration)")
                let again = try normalize(text).get()
                #expect(
                    again.messageId.builtText == event.messageId.builtText
                        && again.callType == event.callType)
                #expect(
                    again.issues.filter { $0.code != .oversizedEvent }
                        == event.issues.filter { $0.code != .oversizedEvent })
            }
        }
        // Enough mutants survive to exercise the normaliser, not only the parser's errors.
        #expect(accepted > Self.iterations / 20)
    }
}
