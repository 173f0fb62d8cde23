import SluiceJSON
import SluicePlan
import Testing

/// The probing path (`isValid`) and the collecting path (`validate`) must agree on every
/// schema and instance, including pairs the suite never combines.
@Suite struct ProbeConsistencyTests {
    @Test func everySuiteSchemaAgainstEverySuiteInstance() throws {
        let cases = ConformanceSuite.requiredCases + ConformanceSuite.optionalCases
        var schemas: [JSONSchema] = []
        var seen = Set<String>()
        for testCase in cases where seen.insert(testCase.schema.jsonText).inserted {
            if let schema = try? JSONSchema(
                json: testCase.schema, registry: ConformanceSuite.registry)
            {
                schemas.append(schema)
            }
        }
        let instances = Array(Set(cases.map(\.data.jsonText))).sorted()
            .compactMap { try? JSONParser().parse($0) }

        var disagreements: [String] = []
        for (index, schema) in schemas.enumerated() {
            for instance in instances
            where schema.isValid(instance) != schema.validate(instance).isEmpty {
                disagreements.append("schema #\(index) on \(instance.jsonText)")
            }
        }
        #expect(schemas.count > 250)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}
