// Throughput of SluiceJSON on Segment-style event lines, beside a simple loop over every
// byte (one pass, no work per byte) and Foundation's JSONSerialization.
// Usage: sluice-json-bench [line-count] [seconds-per-measurement] [all|sluice|tape] [ndjson-dir]
//        (`tape` measures the JSONTape passes alone, for profiling them)
//        sluice-json-bench stack   (deepest nesting the recursive walks survive on 512 KiB)
// Lines are generated (seeded) unless an NDJSON directory is given (files ending .ndjson or
// .jsonl, optionally gzipped, e.g. samples/logs/2026-11-30); its lines are then repeated
// until the corpus holds about line-count * 2 KB.
import Foundation
import SluiceJSON

let arguments = CommandLine.arguments
if arguments.count > 1 && arguments[1] == "stack" {
    probeRecursionDepth(stackBytes: 512 * 1024)
    exit(0)
}

let lineCount = arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000
let secondsPerMeasurement = arguments.count > 2 ? Double(arguments[2]) ?? 1 : 1
let isSluiceOnly = arguments.count > 3 && arguments[3] == "sluice"
let isTapeOnly = arguments.count > 3 && arguments[3] == "tape"
let ndjsonDirectory = arguments.count > 4 ? arguments[4] : nil

/// The benchmark's input lines, without their newlines.
func corpusLines() -> [[UInt8]] {
    guard let ndjsonDirectory else {
        var generator = EventGenerator(seed: 0x5EED)
        return (0..<lineCount).map { _ in Array(generator.event().utf8) }
    }

    let names = (try? FileManager.default.contentsOfDirectory(atPath: ndjsonDirectory)) ?? []
    var lines: [[UInt8]] = []
    for name in names.sorted() where isNDJSONFile(name) {
        let data = readNDJSONFile(ndjsonDirectory + "/" + name)
        lines += data.split(separator: UInt8(ascii: "\n")).map { Array($0) }
    }
    precondition(!lines.isEmpty, "no NDJSON lines found in '\(ndjsonDirectory)'")
    let total = lines.reduce(0) { $0 + $1.count }
    return Array(repeating: lines, count: max(1, lineCount * 2000 / max(1, total))).flatMap { $0 }
}

var corpus: [UInt8] = []
var lineRanges: [Range<Int>] = []
for line in corpusLines() {
    let start = corpus.count
    corpus.append(contentsOf: line)
    lineRanges.append(start..<corpus.count)
    corpus.append(UInt8(ascii: "\n"))
}

/// CPU seconds used by the calling thread: the machine is shared, so wall time would
/// measure the neighbours too.
func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}

/// Runs `pass` over the corpus until `secondsPerMeasurement` CPU seconds have passed and
/// returns MB per CPU second of the fastest pass: other processes share the machine, and
/// the fastest pass is the one they disturbed least. The median is printed beside it.
@MainActor @discardableResult
func measure(_ name: String, _ pass: () -> Int) -> Double {
    var checksum = 0
    var passSeconds: [Double] = []
    let start = threadCPUSeconds()
    repeat {
        let passStart = threadCPUSeconds()
        checksum &+= pass()
        passSeconds.append(threadCPUSeconds() - passStart)
    } while threadCPUSeconds() - start < secondsPerMeasurement

    passSeconds.sort()
    let best = Double(corpus.count) / passSeconds[0] / 1e6
    let median = Double(corpus.count) / passSeconds[passSeconds.count / 2] / 1e6
    let padded = name.padding(toLength: 28, withPad: " ", startingAt: 0)
    let numbers = String(
        format: "%9.1f MB/s (median %7.1f, %d passes)", best, median, passSeconds.count)
    print("\(padded) \(numbers)  checksum \(checksum)")
    return best
}

let parser = JSONParser()
let averageLine = corpus.count / max(1, lineRanges.count)
print(
    "corpus: \(lineRanges.count) lines, \(corpus.count) bytes, \(averageLine) bytes per line on average"
)

var tape = JSONTape()
if isTapeOnly {
    measure("SluiceJSON JSONTape parse") {
        corpus.withUnsafeBytes { tapePass(&tape, $0, lineRanges, walks: false) }
    }
    measure("JSONTape parse + walk") {
        corpus.withUnsafeBytes { tapePass(&tape, $0, lineRanges, walks: true) }
    }
    exit(0)
}

let scan =
    isSluiceOnly
    ? 1
    : measure("byte loop (count quotes)") {
        corpus.withUnsafeBufferPointer { bytes in
            var quotes = 0
            for b in bytes { quotes &+= b == UInt8(ascii: "\"") ? 1 : 0 }
            return quotes
        }
    }

let sluice = measure("SluiceJSON to JSONValue") {
    corpus.withUnsafeBytes { bytes in
        var members = 0
        for range in lineRanges {
            let line = UnsafeRawBufferPointer(rebasing: bytes[range])
            if case .object(let object)? = try? parser.parse(line) { members += object.count }
        }
        return members
    }
}

let tapeParse = measure("SluiceJSON JSONTape parse") {
    corpus.withUnsafeBytes { tapePass(&tape, $0, lineRanges, walks: false) }
}
let tapeWalk = measure("JSONTape parse + walk") {
    corpus.withUnsafeBytes { tapePass(&tape, $0, lineRanges, walks: true) }
}

let validate = measure("SluiceJSON validate only") {
    corpus.withUnsafeBytes { bytes in
        var valid = 0
        for range in lineRanges {
            let line = UnsafeRawBufferPointer(rebasing: bytes[range])
            if (try? parser.validate(line)) != nil { valid += 1 }
        }
        return valid
    }
}

let parsedLines = corpus.withUnsafeBytes { bytes in
    lineRanges.compactMap { try? parser.parse(UnsafeRawBufferPointer(rebasing: bytes[$0])) }
}
let serialise = measure("SluiceJSON jsonText") {
    var out: [UInt8] = []
    out.reserveCapacity(corpus.count)
    for value in parsedLines {
        value.appendJSON(to: &out)
        out.append(UInt8(ascii: "\n"))
    }
    return out.count
}

print(String(format: "JSONTape / tree parse: %.2f", tapeParse / sluice))
print(String(format: "JSONTape / validate: %.2f", tapeParse / validate))
print(String(format: "JSONTape walk / JSONTape parse: %.2f", tapeWalk / tapeParse))
if isSluiceOnly { exit(0) }

let lineData = lineRanges.map { Data(corpus[$0]) }
let foundation = measure("Foundation JSONSerialization") {
    var members = 0
    for data in lineData {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            members += object.count
        }
    }
    return members
}

print(String(format: "SluiceJSON / byte loop: %.2f", sluice / scan))
print(String(format: "SluiceJSON / Foundation: %.1f", sluice / foundation))
print(String(format: "validate / byte loop: %.2f", validate / scan))
print(String(format: "jsonText / byte loop: %.2f", serialise / scan))
