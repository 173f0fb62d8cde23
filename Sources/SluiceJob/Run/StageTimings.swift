#if canImport(Glibc)
    import Glibc
#endif

/// Thread seconds a worker spent in each step of processing its files; summed over workers
/// they show where the time of the reading stage goes (`read` is what is left of `total`
/// after parsing, validating, flattening, fingerprinting and sealing: decompression, line
/// splitting and the dedupe's bookkeeping of each event).
///
/// `total` is measured whole, once a file or shared block of lines, and so is `seal` (each
/// sealing of the worker's rows, spilled or kept, is long and rare). The per-event steps are
/// sampled: only every `sampleInterval`th complete line is timed (`beginsSample()`), and
/// `parse`, `validate`, `flatten` and `fingerprint` are the sampled seconds scaled by lines
/// seen over lines timed. Timing every line
/// took six clock reads an event, about 1.5 % of a run's cycles; a sample of one line in eight
/// estimates each step to within a few percent on any run of more than a few hundred events.
/// The choice of lines does not depend on their content, so the estimate is unbiased; on a
/// run of a handful of lines it is rough, and `read` never goes below zero.
struct StageTimings: Sendable {
    /// One complete line in this many is timed: often enough that a night's estimate rests
    /// on hundreds of thousands of lines, rarely enough that the clock reads cost next to
    /// nothing.
    static let sampleInterval = 8

    var total = 0.0
    /// Seconds measured on the timed lines only; see `parse`, `validate` and `flatten`.
    private var sampledParse = 0.0
    private var sampledValidate = 0.0
    private var sampledFlatten = 0.0
    private var sampledFingerprint = 0.0
    /// Seconds spent sealing rows (sorting them into columns, and spilling those), measured
    /// whole; the part of it spent while a file was read is inside `total` too.
    var seal = 0.0
    /// Of `seal`, the seconds that fell inside `total`.
    var sealWhileReading = 0.0
    /// Complete lines seen, and those of them that were timed.
    private var lines = 0
    private var sampledLines = 0

    var parse: Double { scaled(sampledParse) }
    var validate: Double { scaled(sampledValidate) }
    var flatten: Double { scaled(sampledFlatten) }
    var fingerprint: Double { scaled(sampledFingerprint) }
    var read: Double {
        max(0, total - parse - validate - flatten - fingerprint - sealWhileReading)
    }

    /// Counts a complete line and says whether its steps are to be timed; the first line of
    /// every `sampleInterval` is.
    @inline(__always)
    mutating func beginsSample() -> Bool {
        let isSampled = lines % Self.sampleInterval == 0
        lines += 1
        if isSampled { sampledLines += 1 }
        return isSampled
    }

    /// Adds the seconds a timed line spent in a step.
    mutating func addParse(_ seconds: Double) { sampledParse += seconds }
    mutating func addValidate(_ seconds: Double) { sampledValidate += seconds }
    mutating func addFlatten(_ seconds: Double) { sampledFlatten += seconds }
    mutating func addFingerprint(_ seconds: Double) { sampledFingerprint += seconds }

    private func scaled(_ sampled: Double) -> Double {
        sampledLines == 0 ? 0 : sampled * Double(lines) / Double(sampledLines)
    }

    static func + (a: StageTimings, b: StageTimings) -> StageTimings {
        var sum = StageTimings()
        sum.total = a.total + b.total
        sum.sampledParse = a.sampledParse + b.sampledParse
        sum.sampledValidate = a.sampledValidate + b.sampledValidate
        sum.sampledFlatten = a.sampledFlatten + b.sampledFlatten
        sum.sampledFingerprint = a.sampledFingerprint + b.sampledFingerprint
        sum.seal = a.seal + b.seal
        sum.sealWhileReading = a.sealWhileReading + b.sealWhileReading
        sum.lines = a.lines + b.lines
        sum.sampledLines = a.sampledLines + b.sampledLines
        return sum
    }

    /// A monotonic clock in seconds; about 20 ns a call.
    @inline(__always)
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}
