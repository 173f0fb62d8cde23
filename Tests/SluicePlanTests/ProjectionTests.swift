import Foundation
import SluiceJSON
import Testing

@testable import SluicePlan

/// A caller may build only what a schema or plan reads (its projection); these tests hold the
/// promise that doing so never changes a verdict.
@Suite struct ProjectionTests {
    /// Every official-suite case with an object instance gives the same violations on the
    /// instance cut down to the schema's projection.
    @Test func suiteVerdictsSurviveProjection() throws {
        var exercised = 0
        for testCase in ConformanceSuite.requiredCases + ConformanceSuite.optionalCases {
            guard case .object = testCase.data,
                let schema = try? JSONSchema(
                    json: testCase.schema, registry: ConformanceSuite.registry)
            else { continue }

            let cut = testCase.data.projected(by: schema.projection)
            #expect(schema.isValid(cut) == schema.isValid(testCase.data), "\(testCase.id)")
            #expect(schema.validate(cut) == schema.validate(testCase.data), "\(testCase.id)")
            if cut != testCase.data { exercised += 1 }
        }
        #expect(exercised >= 10, "only \(exercised) cases dropped anything")
    }

    @Test(
        arguments: [
            (#"{"properties":{"a":{}},"additionalProperties":false}"#, "whole"),
            (#"{"patternProperties":{"^x":{}}}"#, "whole"),
            (#"{"propertyNames":{"maxLength":3}}"#, "whole"),
            (#"{"minProperties":1}"#, "whole"),
            (#"{"enum":[{}]}"#, "whole"),
            (#"{"type":"string"}"#, "whole"),
            (#"{"type":"object","required":["a"],"properties":{"b":{}}}"#, "{a:{},b:{}}"),
            (
                #"{"properties":{"b":{"required":["c"],"properties":{"d":{"enum":[1]}}}}}"#,
                "{b:{c:{},d:*}}"
            ),
            (#"{"allOf":[{"required":["a"]},{"not":{"required":["c"]}}]}"#, "{a:{},c:{}}"),
            (#"{"dependencies":{"a":["b"],"c":{"required":["d"]}}}"#, "{a:{},b:{},c:{},d:{}}"),
            (#"{"if":{"required":["a"]},"then":{"properties":{"b":{"const":1}}}}"#, "{a:{},b:*}"),
            (##"{"definitions":{"x":{"required":["r"]}},"$ref":"#/definitions/x"}"##, "{r:{}}"),
            (##"{"properties":{"t":{"properties":{"t":{"$ref":"#"}}}}}"##, "{t:{t:*}}"),
            (#"{"minLength":2,"items":{}}"#, "{}"),
        ] as [(String, String)])
    func projectionOfSchema(_ text: String, _ expected: String) throws {
        let schema = try JSONSchema(json: JSONParser().parse(text))
        #expect(Self.describe(schema.projection) == expected)
    }

    /// A short form for the tables: `*` whole, `{name:inner,...}` members sorted by name.
    static func describe(_ projection: JSONProjection) -> String {
        guard case .members(let members) = projection else { return "whole" }
        let inner = members.sorted { $0.key < $1.key }.map { name, value in
            let text = describe(value)
            return name + ":" + (text == "whole" ? "*" : text)
        }
        return "{" + inner.joined(separator: ",") + "}"
    }

    /// Every real plan, with every real event relabelled as each of the plan's events, gives
    /// the same verdict on the payload cut down to the plan's projection.
    @Test(arguments: RealPlans.files)
    func realPlanVerdictsSurviveProjection(_ file: String) throws {
        let plan = try TrackingPlan.load(path: RealPlans.path(file))
        let names = Array(plan.trackRules.keys.sorted().prefix(12))
        var exercised = 0
        for event in RealEvents.objects {
            for name in names {
                var payload = event
                payload["event"] = .string(name)
                let projection = plan.payloadProjection(callType: .track, eventName: name)
                let full = plan.validate(payload, callType: .track, eventName: name)
                guard case .object(let cut) = JSONValue.object(payload).projected(by: projection)
                else { continue }
                #expect(plan.validate(cut, callType: .track, eventName: name) == full, "\(name)")
                if cut != payload { exercised += 1 }
            }
        }
        #expect(exercised > 0)
    }
}

/// Every object line of `../shared/real-events/events`.
enum RealEvents {
    static let objects: [JSONObject] = {
        let folder = ConformanceSuite.shared.appendingPathComponent("real-events/events")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var objects: [JSONObject] = []
        for name in names.sorted() {
            let data = FileManager.default.contents(
                atPath: folder.appendingPathComponent(name).path)
            for line in (data ?? Data()).split(separator: UInt8(ascii: "\n")) {
                if case .object(let object)? = try? JSONParser().parse([UInt8](line)) {
                    objects.append(object)
                }
            }
        }
        return objects
    }()
}
