import SluiceJSON
import Testing

@testable import SluiceWarehouse

@Test func flatteningFollowsKeyOrderAndKeepsArraysWhole() {
    let flat = EventFlattener.flatten(
        object(
            #"{"shipping": {"city": "X", "zip": null}, "products": [{"sku": 1}], "empty": {}, "#
                + #""n": 1}"#
        ),
        under: ["properties"])
    #expect(
        flat.map(\.dottedPath) == [
            "properties.shipping.city", "properties.shipping.zip", "properties.products",
            "properties.n",
        ])
    #expect(flat[2].value == json(#"[{"sku": 1}]"#))
}

@Test func theDepthLimitKeepsDeeperObjectsWhole() {
    let flat = EventFlattener.flatten(object(#"{"a": {"b": {"c": 1}}}"#), under: ["p"], maxDepth: 2)
    #expect(flat == [FlatField(sourcePath: ["p", "a", "b"], value: json(#"{"c": 1}"#))])
}

@Test func objectsNamedByTheCallerStayWhole() {
    let flat = EventFlattener.flatten(
        object(#"{"a": {"b": 1}, "c": {"d": 2}}"#), under: ["properties"],
        keepingWhole: ["properties.a"])
    #expect(flat.map(\.dottedPath) == ["properties.a", "properties.c.d"])
}

struct EventFieldsCase: Sendable, CustomTestStringConvertible {
    let kind: TableKind
    let expected: [String]
    var testDescription: String { kind.rawValue }
}

let eventFieldsCases: [EventFieldsCase] = [
    .init(kind: .tracks, expected: ["context.ip"]),
    .init(kind: .trackEvent, expected: ["context.ip", "properties.p"]),
    .init(kind: .pages, expected: ["context.ip", "properties.p"]),
    .init(kind: .identifies, expected: ["context.ip", "traits.t"]),
    .init(kind: .groups, expected: ["context.ip", "traits.t"]),
    .init(kind: .aliases, expected: ["context.ip"]),
]

@Test(arguments: eventFieldsCases)
func anEventFlattensItsContextAndItsKindsPayload(_ c: EventFieldsCase) {
    let event =
        #"{"context": {"ip": "x"}, "properties": {"p": 1}, "traits": {"t": 2}, "#
        + #""integrations": {"All": true}}"#
    #expect(fields(event, kind: c.kind).map(\.dottedPath) == c.expected)
}

@Test func aPayloadThatIsNotAnObjectIsKeptWhole() {
    let event = #"{"context": "odd", "properties": [1, 2], "traits": null}"#
    #expect(fields(event, kind: .trackEvent).map(\.dottedPath) == ["context", "properties"])
    #expect(fields(event, kind: .identifies).map(\.dottedPath) == ["context"])

    let builder = TableSchemaBuilder(
        table: "t", kind: .trackEvent, prior: nil, allowWidening: false)
    builder.observe(fields(event, kind: .trackEvent))
    #expect(
        builder.finish(runId: "r").schema.payloadSummary == ["context:string", "properties:json"])
}
