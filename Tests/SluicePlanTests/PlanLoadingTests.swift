import Foundation
import SluiceJSON
import SluicePlan
import Testing

/// The real plans under `../shared/real-events/plans`.
enum RealPlans {
    static let folder = ConformanceSuite.shared.appendingPathComponent("real-events/plans")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    static func path(_ file: String) -> String { folder.appendingPathComponent(file).path }
}

@Suite struct PlanLoadingTests {
    @Test func allThirtyPlansArePresent() {
        #expect(RealPlans.files.count == 30)
    }

    @Test(arguments: RealPlans.files)
    func realPlanLoads(_ file: String) throws {
        let plan = try TrackingPlan.load(path: RealPlans.path(file))
        #expect(!plan.name.isEmpty)
        #expect(plan.trackEventCount >= 1)
        #expect(plan.enforcement == EnforcementSettings())
    }

    @Test func publicAPIPlanWithEventMetadataValidatesPropertiesDirectly() throws {
        let plan = try TrackingPlan.load(
            path: RealPlans.path("segmentio__typewriter__src__telemetry__plan.json"))
        let fields = plan.declaredFields(callType: .track, eventName: "Command Build")
        let duration = try #require(fields.first { $0.path == ["properties", "duration"] })
        #expect(duration.types == ["number"])

        let payload = try JSONParser().parse(#"{"properties": {"duration": "slow"}}"#).objectValue!
        let verdict = plan.validate(payload, callType: .track, eventName: "Command Build")
        #expect(verdict.isPlannedEvent)
        #expect(
            verdict.violations.contains {
                $0.field == "properties.duration" && $0.type == .invalidType
            })
    }

    @Test func configAPIPlanDeclaresNestedFields() throws {
        let plan = try TrackingPlan.load(
            path: RealPlans.path("segmentio__segment-docs__analytics__plan.json"))
        #expect(plan.name == "Docs")
        let fields = plan.declaredFields(callType: .track, eventName: "Docs Searched")
        #expect(
            fields == [
                DeclaredField(
                    path: ["properties", "query"], types: ["string"], format: nil, isNullable: false
                )
            ])

        let missing = plan.validate(
            JSONObject([("properties", .object(JSONObject()))]), callType: .track,
            eventName: "Docs Searched")
        #expect(missing.violations.map(\.field) == ["properties.query"])
    }

    @Test func nullableFieldsAreMarked() throws {
        let plan = try TrackingPlan.load(
            path: RealPlans.path(
                "segmentio__typewriter__tests__fixtures__schemas__nulls@7.1.0.json"))
        let fields = plan.declaredFields(callType: .track, eventName: "Null Fixture")
        let nullable = try #require(fields.first { $0.path == ["properties", "nullable-string"] })
        #expect(nullable.types == ["string"])
        #expect(nullable.isNullable)
    }

    @Test(arguments: [
        ("[]", PlanError.Code.unknownShape, "$"),
        (#"{"foo": 1}"#, .unknownShape, "$"),
        (#"{"rules": [3]}"#, .invalidRule, "$.rules[0]"),
        (#"{"rules": [{"type": "TRACK", "key": "A"}]}"#, .invalidRule, "$.rules[0].jsonSchema"),
        (
            #"{"rules": [{"type": "EVENT", "key": "A", "jsonSchema": {}}]}"#, .invalidRule,
            "$.rules[0].type"
        ),
        (
            #"{"rules": [{"type": "TRACK", "key": "A", "version": "x", "jsonSchema": {}}]}"#,
            .invalidRule, "$.rules[0].version"
        ),
        (
            #"{"rules": [{"type": "TRACK", "key": "A", "jsonSchema": {"type": "strin"}}]}"#,
            .invalidSchema, "$.rules[0].jsonSchema"
        ),
        (
            ##"{"rules": {"events": [{"name": "A", "rules": {"$ref": "#/nowhere"}}]}}"##,
            .invalidSchema, "$.rules.events[0].rules"
        ),
        (#"{"events": [{"rules": {}}]}"#, .invalidRule, "$.events[0].name"),
        (
            #"{"events": [], "enforcement": {"track": {"violations": "drop"}}}"#, .invalidSetting,
            "$.enforcement.track.violations"
        ),
    ])
    func badPlanIsAPlanError(_ text: String, _ code: PlanError.Code, _ path: String) throws {
        let json = try JSONParser().parse(text)
        let error = #expect(throws: PlanError.self) {
            try TrackingPlan.load(json: json, source: "bad.json")
        }
        #expect(error?.code == code)
        #expect(error?.jsonPath == path)
        #expect(error?.file == "bad.json")
    }

    @Test func unreadableFileIsAPlanError() {
        let error = #expect(throws: PlanError.self) {
            try TrackingPlan.load(path: "/nonexistent/plan.json")
        }
        #expect(error?.code == .unreadableFile)
    }

    /// A FIFO given as the plan used to block the run forever, waiting for a writer: only a
    /// regular file is read, anything else is refused at once.
    @Test func planThatIsNotARegularFileIsRefusedAtOnce() throws {
        let directory = NSTemporaryDirectory() + "plan-fifo-\(getpid())"
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/plan.json"
        #expect(mkfifo(fifo, 0o644) == 0)

        for path in [fifo, directory] {
            let error = #expect(throws: PlanError.self) { try TrackingPlan.readFile(path) }
            #expect(error?.code == .unreadableFile)
            let message = error?.message ?? ""
            #expect(message.contains("is not a regular file"), "\(message)")
        }
    }
}
