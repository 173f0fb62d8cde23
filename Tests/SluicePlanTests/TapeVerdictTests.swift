import Foundation
import SluiceJSON
import Testing

@testable import SluicePlan

/// `TrackingPlan.validate(tape:in:callType:eventName:payload:)` must equal the tree verdict
/// on the projected payload (and on the whole one), and must not build the payload for
/// valid events: checked on every real plan with every real event, and on the sample plan
/// with the sample logs, plain and mutated.
@Suite struct TapeVerdictTests {
    /// Default enforcement, everything omitted, everything blocked.
    static let settings: [EnforcementSettings] = {
        var omit = EnforcementSettings()
        var block = EnforcementSettings()
        for name in EnforcementSettings.settingNames {
            try? omit.apply(name + "=omit")
            try? block.apply(name + "=block")
        }
        return [EnforcementSettings(), omit, block]
    }()

    @Test(arguments: RealPlans.files)
    func realPlanWithRealEvents(_ file: String) throws {
        var plan = try TrackingPlan.load(path: RealPlans.path(file))
        let names = plan.trackRules.keys.sorted()
        var tally = VerdictTally()
        for settings in Self.settings {
            plan.enforcement = settings
            for event in RealEvents.objects {
                tally.compare(plan, JSONValue.object(event).jsonText, SampleEvents.call(of: event))
                for name in names {
                    var relabelled = event
                    relabelled["type"] = .string("track")
                    relabelled["event"] = .string(name)
                    tally.compare(plan, JSONValue.object(relabelled).jsonText, (.track, name))
                }
            }
        }
        print("\(file): \(tally)")
        #expect(tally.events > 1000)
        #expect(tally.disagreements.isEmpty, "\(tally)")
        // No real event repeats a top-level key, so a valid one never needs the payload.
        #expect(tally.validBuilt == 0, "\(tally)")
    }

    @Test func samplePlanWithSampleEvents() throws {
        var plan = try TrackingPlan.load(path: SampleEvents.planPath)
        var tally = VerdictTally()
        for settings in Self.settings {
            plan.enforcement = settings
            for (line, event) in zip(SampleEvents.lines, SampleEvents.objects) {
                tally.compare(plan, line, SampleEvents.call(of: event))
            }
        }
        print("sample events: \(tally)")
        #expect(tally.events >= 3 * 3000)
        #expect(tally.disagreements.isEmpty, "\(tally)")
        // Most sample events are valid: proves the probe decides them without the tree.
        #expect(tally.valid > tally.events / 2, "\(tally)")
        #expect(tally.validBuilt == 0, "\(tally)")
        #expect(tally.built < tally.events / 4, "\(tally)")
    }

    /// Four seeded mutations of every sample event (repeated keys, escaped, non-ASCII and
    /// canonically equivalent keys, other types), judged by the tape and the tree alike.
    @Test func samplePlanWithMutatedSampleEvents() throws {
        var plan = try TrackingPlan.load(path: SampleEvents.planPath)
        let planJSON = try JSONParser().parse(
            Array(Data(contentsOf: URL(fileURLWithPath: SampleEvents.planPath))))
        var mutator = InstanceMutator(seed: 7, vocabulary: InstanceMutator.vocabulary(of: planJSON))
        mutator.replacesRoot = false
        var tally = VerdictTally()
        for (index, event) in SampleEvents.objects.enumerated() {
            plan.enforcement = Self.settings[index % Self.settings.count]
            for _ in 0..<4 {
                tally.compare(plan, mutator.text(.object(event)), SampleEvents.call(of: event))
            }
        }
        print("mutated sample events: \(tally)")
        #expect(tally.events > 10_000)
        #expect(tally.disagreements.isEmpty, "\(tally)")
        #expect(tally.valid > 0 && tally.built > 0, "\(tally)")
        // Only a line repeating a top-level key makes a valid event build its payload.
        #expect(tally.validBuiltUniqueRoot == 0, "\(tally)")
    }
}

/// What comparing the tape verdict with the tree verdicts found.
struct VerdictTally: CustomStringConvertible {
    var events = 0
    /// Events the tree finds no violation in.
    var valid = 0
    /// Valid events for which the tape path still built the payload.
    var validBuilt = 0
    /// Valid events whose line does not repeat a top-level key, yet the payload was built.
    var validBuiltUniqueRoot = 0
    /// Events for which the tape path built the payload.
    var built = 0
    var disagreements: [String] = []

    var description: String {
        "\(events) events, \(valid) valid (\(validBuilt) built, \(validBuiltUniqueRoot) without "
            + "repeated top-level keys), \(built) built; "
            + "\(disagreements.count) disagreements: \(disagreements.prefix(3))"
    }

    mutating func compare(
        _ plan: TrackingPlan, _ text: String, _ call: (type: CallType, name: String?)
    ) {
        compare(plan, Array(text.utf8), call)
    }

    mutating func compare(
        _ plan: TrackingPlan, _ bytes: [UInt8], _ call: (type: CallType, name: String?)
    ) {
        var tape = JSONTape()
        guard (try? tape.parse(bytes)) != nil, tape.kind(0) == .object else { return }
        let projection = plan.payloadProjection(callType: call.type, eventName: call.name)

        var calls = 0
        let (onTape, projected, whole) = bytes.withUnsafeBytes { buffer in
            let onTape = plan.validate(
                tape: tape, in: buffer, callType: call.type, eventName: call.name
            ) {
                calls += 1
                return tape.value(0, in: buffer, projection: projection).objectValue!
            }
            let cut = tape.value(0, in: buffer, projection: projection).objectValue!
            let all = tape.value(0, in: buffer).objectValue!
            return (
                onTape, plan.validate(cut, callType: call.type, eventName: call.name),
                plan.validate(all, callType: call.type, eventName: call.name)
            )
        }

        events += 1
        if calls > 0 { built += 1 }
        if !projected.hasViolations {
            valid += 1
            if calls > 0 { validBuilt += 1 }
            if calls > 0 && !tape.hasDuplicateKeys(0) { validBuiltUniqueRoot += 1 }
        }
        if calls > 1 || onTape != projected || projected != whole {
            let text = String(decoding: bytes, as: UTF8.self)
            disagreements.append("\(call) \(calls) builds on \(text)")
        }
    }
}

/// The bundled sample plan and the object lines of the sample logs.
enum SampleEvents {
    static let planPath = ConformanceSuite.packageRoot.appendingPathComponent("samples/plan.json")
        .path

    /// Every object line of `samples/logs/**.gz`, parsed, parallel to `lines`.
    static let objects: [JSONObject] = lines.compactMap { try? JSONParser().parse($0).objectValue }

    /// The lines of `samples/logs/**.gz` that hold a JSON object, as written, read with
    /// `gzip -dc` (a damaged file gives what precedes its damage).
    static let lines: [[UInt8]] = {
        let logs = ConformanceSuite.packageRoot.appendingPathComponent("samples/logs")
        let walker = FileManager.default.enumerator(atPath: logs.path)
        var files: [String] = []
        while let path = walker?.nextObject() as? String {
            if path.hasSuffix(".gz") { files.append(logs.appendingPathComponent(path).path) }
        }
        return files.sorted().flatMap { path in
            decompressed(path).split(separator: UInt8(ascii: "\n")).map { [UInt8]($0) }
                .filter { (try? JSONParser().parse($0).objectValue) != nil }
        }
    }()

    static func decompressed(_ path: String) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return Data() }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    /// The call type and event name an event states (`event` for track, `name` for page
    /// and screen); a missing or unknown type counts as track.
    static func call(of event: JSONObject) -> (type: CallType, name: String?) {
        let type = event["type"]?.stringValue.flatMap(CallType.init(rawValue:)) ?? .track
        switch type {
        case .track: return (type, event["event"]?.stringValue)
        case .page, .screen: return (type, event["name"]?.stringValue)
        default: return (type, nil)
        }
    }
}
