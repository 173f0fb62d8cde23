import Foundation
import SluiceJSON
import Testing

@testable import SluicePlan

/// A caller may build only the members a schema or plan reads; these tests hold the promise
/// that doing so never changes a verdict.
@Suite struct MembersReadTests {
    /// `object` without the members outside `names` (all of it when `names` is `nil`).
    static func restricted(_ object: JSONObject, to names: Set<String>?) -> JSONObject {
        guard let names else { return object }
        return JSONObject(object.filter { names.contains($0.0) })
    }

    /// Every official-suite case with an object instance and a schema that names what it
    /// reads gives the same violations on the instance cut down to those members.
    @Test func suiteVerdictsSurviveRestriction() throws {
        var exercised = 0
        for testCase in ConformanceSuite.requiredCases + ConformanceSuite.optionalCases {
            guard case .object(let object) = testCase.data,
                let schema = try? JSONSchema(
                    json: testCase.schema, registry: ConformanceSuite.registry),
                let names = schema.membersRead
            else { continue }

            let cut = JSONValue.object(Self.restricted(object, to: names))
            #expect(schema.isValid(cut) == schema.isValid(testCase.data), "\(testCase.id)")
            #expect(schema.validate(cut) == schema.validate(testCase.data), "\(testCase.id)")
            if cut != testCase.data { exercised += 1 }
        }
        #expect(exercised >= 10, "only \(exercised) cases dropped a member")
    }

    @Test(
        arguments: [
            (#"{"properties":{"a":{}},"additionalProperties":false}"#, nil),
            (#"{"patternProperties":{"^x":{}}}"#, nil),
            (#"{"propertyNames":{"maxLength":3}}"#, nil),
            (#"{"minProperties":1}"#, nil),
            (#"{"enum":[{}]}"#, nil),
            (#"{"type":"string"}"#, nil),
            (#"{"type":"object","required":["a"],"properties":{"b":{}}}"#, ["a", "b"]),
            (#"{"allOf":[{"required":["a"]},{"not":{"required":["c"]}}]}"#, ["a", "c"]),
            (#"{"dependencies":{"a":["b"],"c":{"required":["d"]}}}"#, ["a", "b", "c", "d"]),
            (#"{"if":{"required":["a"]},"then":{"required":["b"]}}"#, ["a", "b"]),
            (##"{"definitions":{"x":{"required":["r"]}},"$ref":"#/definitions/x"}"##, ["r"]),
            (#"{"minLength":2,"items":{}}"#, []),
        ] as [(String, [String]?)])
    func membersReadOfSchema(_ text: String, _ expected: [String]?) throws {
        let schema = try JSONSchema(json: JSONParser().parse(text))
        #expect(schema.membersRead == expected.map(Set.init))
    }

    /// Every real plan, with every real event relabelled as each of the plan's events, gives
    /// the same verdict on the payload cut down to the members the plan reads.
    @Test(arguments: RealPlans.files)
    func realPlanVerdictsSurviveRestriction(_ file: String) throws {
        let plan = try TrackingPlan.load(path: RealPlans.path(file))
        let names = Array(plan.trackRules.keys.sorted().prefix(12))
        var exercised = 0
        for event in RealEvents.objects {
            for name in names {
                var payload = event
                payload["event"] = .string(name)
                let read = plan.payloadMembersRead(callType: .track, eventName: name)
                let full = plan.validate(payload, callType: .track, eventName: name)
                let cut = Self.restricted(payload, to: read)
                #expect(plan.validate(cut, callType: .track, eventName: name) == full, "\(name)")
                if cut.count < payload.count { exercised += 1 }
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
