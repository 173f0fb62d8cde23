import SluiceJSON
import Testing

@testable import SluiceWarehouse

struct InferenceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let values: [String]
    let expected: WarehouseType
    var testDescription: String { name }
}

let inferenceCases: [InferenceCase] = [
    .init(name: "integers", values: ["1", "-2"], expected: .int64),
    .init(name: "int and float widen to double", values: ["1", "2.5"], expected: .double),
    .init(name: "float then int", values: ["2.5", "1"], expected: .double),
    .init(name: "exponent is a double", values: ["1e3"], expected: .double),
    .init(name: "beyond int64 is a double", values: ["9223372036854775808"], expected: .double),
    .init(name: "int and string widen to string", values: ["1", "\"a\""], expected: .string),
    .init(name: "bool and int widen to string", values: ["true", "1"], expected: .string),
    .init(name: "booleans", values: ["true", "false", "null"], expected: .boolean),
    .init(name: "all null is string", values: ["null", "null"], expected: .string),
    .init(name: "'007' stays a string", values: ["\"007\""], expected: .string),
    .init(
        name: "timestamp text stays a string", values: ["\"2024-01-01T00:00:00Z\""],
        expected: .string),
    .init(name: "array is json", values: ["[1,2]"], expected: .json),
    .init(
        name: "array mixed with scalars is json", values: ["[1]", "1", "\"a\""], expected: .json),
    .init(name: "nulls do not change a type", values: ["null", "3", "null"], expected: .int64),
]

@Test(arguments: inferenceCases)
func inferenceWidensOverTheWholeRun(_ c: InferenceCase) {
    let kinds = c.values.reduce(ObservedKinds()) { $0.union(ObservedKinds(of: json($1))) }
    #expect(kinds.inferredType == c.expected)

    // The same values in reverse order give the same type: arrival order never decides.
    let builderA = TableSchemaBuilder(
        table: "t", kind: .trackEvent, prior: nil, allowWidening: false)
    let builderB = TableSchemaBuilder(
        table: "t", kind: .trackEvent, prior: nil, allowWidening: false)
    for value in c.values {
        builderA.observe([FlatField(sourcePath: ["properties", "v"], value: json(value))])
    }
    for value in c.values.reversed() {
        builderB.observe([FlatField(sourcePath: ["properties", "v"], value: json(value))])
    }
    #expect(builderA.finish(runId: "r").schema.payloadSummary == ["v:\(c.expected.rawValue)"])
    #expect(builderB.finish(runId: "r").schema.payloadSummary == ["v:\(c.expected.rawValue)"])
}

struct DeclarationCase: Sendable, CustomTestStringConvertible {
    let types: [String]
    let format: String?
    let expected: WarehouseType?
    var testDescription: String {
        "\(types) \(format ?? "") → \(expected?.rawValue ?? "inferred")"
    }
}

let declarationCases: [DeclarationCase] = [
    .init(types: ["integer"], format: nil, expected: .int64),
    .init(types: ["number"], format: nil, expected: .double),
    .init(types: ["integer", "number"], format: nil, expected: .double),
    .init(types: ["boolean"], format: nil, expected: .boolean),
    .init(types: ["string"], format: nil, expected: .string),
    .init(types: ["string"], format: "date-time", expected: .timestamp),
    .init(types: ["string", "null"], format: "date-time", expected: .timestamp),
    .init(types: ["null", "integer"], format: nil, expected: .int64),
    .init(types: ["string"], format: "email", expected: .string),
    .init(types: ["array"], format: nil, expected: .json),
    .init(types: ["array", "null"], format: nil, expected: .json),
    .init(types: ["object"], format: nil, expected: nil),
    .init(types: ["integer", "string"], format: nil, expected: .string),
    .init(types: ["boolean", "number"], format: nil, expected: .string),
    .init(types: ["object", "string"], format: nil, expected: .json),
    .init(types: ["null"], format: nil, expected: nil),
    .init(types: [], format: nil, expected: nil),
]

@Test(arguments: declarationCases)
func declaredJSONSchemaTypesDecideTheColumnType(_ c: DeclarationCase) {
    let declared = DeclaredFieldType(
        sourcePath: ["properties", "x"], typeNames: c.types, format: c.format)
    #expect(declared.warehouseType == c.expected)
}
