import Foundation
import Testing

@testable import SluiceJSON

/// Records the first few disagreements between the tape and the tree over `inputs`; one
/// tape is reused for all of them, as a loader reuses it.
private func expectAgreement(_ inputs: [[UInt8]], _ what: String) {
    var tape = JSONTape()
    var disagreements: [String] = []
    for (number, input) in inputs.enumerated() {
        guard let problem = tapeDisagreement(input, tape: &tape) else { continue }
        disagreements.append(
            "\(what) #\(number): \(problem): \(String(decoding: input, as: UTF8.self))")
        if disagreements.count == 5 { break }
    }
    #expect(disagreements.isEmpty, "\(disagreements)")
}

@Test func tapeAgreesWithTheTreeOnEverySampleLine() throws {
    let lines = try sampleLines()
    #expect(lines.count > 1_000)
    expectAgreement(lines, "sample line")
}

@Test func tapeAgreesWithTheTreeOnEveryRealEvent() throws {
    guard let directory = realEventsDirectory() else {
        Issue.record("No shared/real-events/events found: set SLUICE_SHARED to the shared folder.")
        return
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    var lines: [[UInt8]] = []
    for name in names.sorted() where name.hasSuffix(".ndjson") {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        lines += data.split(separator: UInt8(ascii: "\n")).map { Array($0) }
    }
    #expect(lines.count >= 300)
    expectAgreement(lines, "real event")
}

@Test func tapeAgreesWithTheTreeOnRandomDocuments() {
    var documents = RandomDocuments(random: SeededRandom(state: 1))
    expectAgreement((0..<2_000).map { _ in Array(documents.document().utf8) }, "document")
}

/// The mutation fuzz of JSONFuzzTests (same generator and seeds): every mutated input must
/// get the same decision, error code, offset and message, and an equal value.
@Test func tapeAgreesWithTheTreeOnMutatedDocuments() {
    var documents = RandomDocuments(random: SeededRandom(state: 0x5EED))
    var seeds: [[UInt8]] = (0..<200).map { _ in Array(documents.document().utf8) }
    seeds.append(Array(#"{"a":[1,2.5e-3,"\u00e9\ud83d\ude00"],"b":{"c":null}}"#.utf8))

    let mutated = (0..<50_000).map { documents.mutate(seeds[$0 % seeds.count]) }
    #expect(
        mutated.contains { parseError($0) == nil } && mutated.contains { parseError($0) != nil })
    expectAgreement(mutated, "mutation")
}

/// Mutations of real Segment events reach the string, escape and number paths of long,
/// realistic lines rather than of the small random documents.
@Test func tapeAgreesWithTheTreeOnMutatedSampleLines() throws {
    let lines = try sampleLines()
    var documents = RandomDocuments(random: SeededRandom(state: 0x7A9E))
    expectAgreement((0..<5_000).map { documents.mutate(lines[$0 * 7 % lines.count]) }, "mutation")
}

/// Objects wider than the tape's key filter, with keys drawn from a small pool and some
/// written with escapes, reach the sorted duplicate check from both sides.
@Test func tapeAgreesWithTheTreeOnWideObjectsWithRepeatedKeys() {
    var random = SeededRandom(state: 0x1D3)
    let objects = (0..<400).map { _ in
        let poolSize = random.pick([40, 5_000])
        let members = (0..<(20 + random.below(60))).map { n in
            var name = "key\(random.below(poolSize))"
            if random.below(8) == 0 { name = "\\u006B" + name.dropFirst() }
            return "\"\(name)\":\(n)"
        }
        return Array(("{" + members.joined(separator: ",") + "}").utf8)
    }
    var tape = JSONTape()
    let flags = objects.map { object in
        object.withUnsafeBytes { (try? tape.parse($0)) != nil && tape.hasDuplicateKeys(0) }
    }
    #expect(flags.contains(true) && flags.contains(false))
    expectAgreement(objects, "wide object")
}

@Test(arguments: [1, 2, 5, 64])
func tapeEnforcesTheSameDepthLimit(limit: Int) {
    var tape = JSONTape(maxDepth: limit)
    let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
    let inputs = [atLimit, "[" + atLimit + "]", #"{"a":"# + atLimit + "}", "[{}" + atLimit + "]"]
    for input in inputs {
        #expect(tapeDisagreement(Array(input.utf8), tape: &tape) == nil, "\(input)")
    }

    let error = #expect(throws: JSONError.self) { try tape.parse(Array(inputs[1].utf8)) }
    #expect(error?.code == .tooDeep)
    #expect(error?.offset == limit)
}

@Test func tapeRejectsVeryDeepInputWithTheTreesError() throws {
    let deep =
        [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
    var tape = JSONTape()
    #expect(throws: parseError(deep)!) { try tape.parse(deep) }
    #expect(tape.count == 0)
}
