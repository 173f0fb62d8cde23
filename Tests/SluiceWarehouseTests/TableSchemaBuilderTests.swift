import SluiceJSON
import Testing

@testable import SluiceWarehouse

private func build(
    _ events: [String], kind: TableKind = .trackEvent, prior: TableSchema? = nil,
    allowWidening: Bool = false, declared: [DeclaredFieldType] = [], runId: String = "night-1"
) -> (schema: TableSchema, changes: [SchemaChange]) {
    let builder = TableSchemaBuilder(
        table: "t", kind: kind, prior: prior, allowWidening: allowWidening)
    builder.declare(declared)
    for event in events { builder.observe(fields(event, kind: kind)) }
    return builder.finish(runId: runId)
}

struct StandardColumnsCase: Sendable, CustomTestStringConvertible {
    let kind: TableKind
    let specific: [String]
    var testDescription: String { kind.rawValue }
}

let standardColumnsCases: [StandardColumnsCase] = [
    .init(kind: .tracks, specific: ["event:string", "event_text:string"]),
    .init(kind: .trackEvent, specific: ["event:string", "event_text:string"]),
    .init(kind: .pages, specific: ["name:string", "category:string"]),
    .init(kind: .screens, specific: ["name:string", "category:string"]),
    .init(kind: .identifies, specific: []),
    .init(kind: .groups, specific: ["group_id:string"]),
    .init(kind: .aliases, specific: ["previous_id:string"]),
]

@Test(arguments: standardColumnsCases)
func aNewTableStartsWithItsKindsStandardColumns(_ c: StandardColumnsCase) {
    let expected =
        ["id:string", "type:string", "anonymous_id:string", "user_id:string"] + c.specific + [
            "timestamp:timestamp", "original_timestamp:timestamp", "sent_at:timestamp",
            "received_at:timestamp", "loaded_at:timestamp", "sluice_run_id:string",
            "sluice_violations:json",
        ]
    let (schema, _) = build([], kind: c.kind)
    #expect(schema.columnSummary == expected)
    #expect(schema.columns.allSatisfy { $0.origin == .standard && $0.addedInRun == "night-1" })
}

struct CollisionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let event: String
    let kind: TableKind
    /// `dotted source path → column` for every payload column.
    let expected: [String: String]
    var testDescription: String { name }
}

let collisionCases: [CollisionCase] = [
    .init(
        name: "userId and user_id: the snake-case key wins, the other is numbered",
        event: #"{"properties": {"userId": "a", "user_id": "b"}}"#, kind: .trackEvent,
        expected: [
            "properties.user_id": "property_user_id", "properties.userId": "property_user_id_2",
        ]),
    .init(
        name: "productId and product_id",
        event: #"{"properties": {"productId": 1, "product_id": 2}}"#, kind: .trackEvent,
        expected: ["properties.product_id": "product_id", "properties.productId": "product_id_2"]),
    .init(
        name: "a.b nested and a_b: both snake case, smaller dotted path wins",
        event: #"{"properties": {"a": {"b": 1}, "a_b": 2}}"#, kind: .trackEvent,
        expected: ["properties.a.b": "a_b", "properties.a_b": "a_b_2"]),
    .init(
        name: "a key holding a dot and the nested path stay two columns",
        event: #"{"properties": {"a.b": 1, "a": {"b": 2}}}"#, kind: .trackEvent,
        expected: ["properties.a.b": "a_b", #"properties.a\.b"#: "a_b_2"]),
    .init(
        name: "names differing only in case",
        event: #"{"properties": {"Name": 1, "NAME": 2, "name": 3}}"#, kind: .trackEvent,
        expected: [
            "properties.name": "name", "properties.NAME": "name_2", "properties.Name": "name_3",
        ]),
    .init(
        name: "a numbered name does not take a plain name another key asks for",
        event: #"{"properties": {"Total": 1, "total": 2, "total_2": 3}}"#, kind: .trackEvent,
        expected: [
            "properties.total": "total", "properties.total_2": "total_2",
            "properties.Total": "total_3",
        ]),
    .init(
        name: "properties named like standard columns are prefixed",
        event: #"{"properties": {"id": 1, "event": "x", "sent_at": 2}}"#, kind: .trackEvent,
        expected: [
            "properties.id": "property_id", "properties.event": "property_event",
            "properties.sent_at": "property_sent_at",
        ]),
    .init(
        name: "a property named like a context column is prefixed",
        event: #"{"context": {"ip": "203.0.113.1"}, "properties": {"context_ip": "x"}}"#,
        kind: .trackEvent,
        expected: ["context.ip": "context_ip", "properties.context_ip": "property_context_ip"]),
    .init(
        name: "traits named like standard columns",
        event: #"{"traits": {"id": 1, "group_id": 2}}"#, kind: .groups,
        expected: ["traits.id": "trait_id", "traits.group_id": "trait_group_id"]),
    .init(
        name: "a numbered name stays within the length limit",
        event: #"{"properties": {"\#(String(repeating: "a", count: 128))": 1, "#
            + #""\#(String(repeating: "A", count: 128))": 2}}"#,
        kind: .trackEvent,
        expected: [
            "properties." + String(repeating: "a", count: 128): String(repeating: "a", count: 128),
            "properties." + String(repeating: "A", count: 128):
                String(repeating: "a", count: 126) + "_2",
        ]),
    .init(
        name: "two symbol-only keys get different hashed names",
        event: #"{"properties": {"!!!": 1, "???": 2}}"#, kind: .trackEvent,
        expected: [
            "properties.!!!": "_fb34562b",
            "properties.???": "_" + StableHash.hex8("properties.???"),
        ]),
]

@Test(arguments: collisionCases)
func collisionsGiveEverySourcePathItsOwnColumn(_ c: CollisionCase) {
    let (schema, _) = build([c.event], kind: c.kind)
    var actual: [String: String] = [:]
    for column in schema.columns where column.origin != .standard {
        for path in column.sourcePaths { actual[path] = column.name }
    }
    #expect(actual == c.expected)
}

@Test func arrivalOrderDoesNotDecideNames() {
    let a = build([#"{"properties": {"userId": 1}}"#, #"{"properties": {"user_id": 2}}"#])
    let b = build([#"{"properties": {"user_id": 2}}"#, #"{"properties": {"userId": 1}}"#])
    #expect(a.schema == b.schema)
}

@Test func arraysAndDeepObjectsBecomeJSONColumns() {
    let event =
        #"{"properties": {"products": [{"sku": "a"}], "#
        + #""a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}}}"#
    let (schema, _) = build([event])
    #expect(schema.payloadSummary == ["a_b_c_d_e_f:json", "products:json"])
}

@Test func declaredTypesWinOverInferenceAndDeclaredFieldsGetColumns() {
    let declared = [
        DeclaredFieldType(sourcePath: ["properties", "price"], typeNames: ["number"]),
        DeclaredFieldType(
            sourcePath: ["properties", "at"], typeNames: ["string", "null"], format: "date-time"),
        DeclaredFieldType(sourcePath: ["properties", "unseen"], typeNames: ["integer"]),
        DeclaredFieldType(sourcePath: ["properties", "loose"], typeNames: []),
        DeclaredFieldType(sourcePath: ["userId"], typeNames: ["integer"]),
        DeclaredFieldType(sourcePath: ["channel"], typeNames: ["string"]),
        DeclaredFieldType(sourcePath: ["traits", "email"], typeNames: ["string"]),
    ]
    let event = #"{"properties": {"price": 3, "at": "2024-01-01T00:00:00Z", "loose": 1}}"#
    let (schema, _) = build([event], declared: declared)
    #expect(
        schema.payloadSummary == ["at:timestamp", "loose:int64", "price:double", "unseen:int64"])
    #expect(
        schema.columns.filter { $0.origin == .declared }.map(\.name) == ["at", "price", "unseen"])
    #expect(schema.columnSummary.contains("user_id:string"))
}

// Two nights: the second starts from the first night's persisted schema.
@Test func aSecondNightAppendsNewColumnsAndKeepsEveryOldOne() throws {
    let night1 = build([#"{"properties": {"total": 10, "coupon": "A"}}"#])
    let prior = try TableSchema.decode(jsonText: night1.schema.jsonText())

    let night2 = build(
        [#"{"properties": {"total": 12, "discount": 1.5}}"#], prior: prior, runId: "night-2")
    #expect(night2.schema.payloadSummary == ["coupon:string", "total:int64", "discount:double"])
    #expect(night2.schema.columns.last?.addedInRun == "night-2")
    #expect(
        night2.changes == [
            .columnAdded(column: "discount", type: .double, sourcePath: "properties.discount")
        ])
}

@Test func aTypeConflictKeepsTheEstablishedTypeAndDiscardsWhatDoesNotFit() {
    let night1 = build([#"{"properties": {"total": 10}}"#])
    let event = #"{"properties": {"total": "ten"}}"#
    let night2 = build([event], prior: night1.schema, runId: "night-2")
    #expect(night2.schema.payloadSummary == ["total:int64"])
    #expect(night2.changes == [.typeKept(column: "total", established: .int64, wanted: .string)])

    let assembler = TableRowAssembler(schema: night2.schema)
    let row = assembler.assemble(
        event: object(event), fields: fields(event, kind: .trackEvent), violations: nil,
        run: RunValues(loadedAtMicros: 0, runId: "night-2"), parseTimestamp: parseKnownTimestamp)
    #expect(
        row.discards == [
            Discard(
                column: "total", sourcePath: "properties.total", originalJSON: "\"ten\"",
                reason: .typeMismatch)
        ])
    #expect(row.cells[night2.schema.columnIndex(named: "total")!] == .null)
}

struct WideningCase: Sendable, CustomTestStringConvertible {
    let night1: String
    let night2: String
    let established: WarehouseType
    let widened: WarehouseType?
    var testDescription: String { "\(night1) then \(night2)" }
}

let wideningCases: [WideningCase] = [
    .init(night1: "10", night2: "2.5", established: .int64, widened: .double),
    .init(night1: "10", night2: "\"ten\"", established: .int64, widened: .string),
    .init(night1: "2.5", night2: "\"x\"", established: .double, widened: .string),
    .init(night1: "true", night2: "\"x\"", established: .boolean, widened: nil),
    .init(night1: "\"x\"", night2: "[1]", established: .string, widened: nil),
]

@Test(arguments: wideningCases)
func wideningHappensOnlyWhenAllowedAndOnlyAlongTheChain(_ c: WideningCase) {
    let night1 = build([#"{"properties": {"v": \#(c.night1)}}"#])
    let event = #"{"properties": {"v": \#(c.night2)}}"#
    let kept = build([event], prior: night1.schema, allowWidening: false, runId: "night-2")
    let widened = build([event], prior: night1.schema, allowWidening: true, runId: "night-2")

    #expect(kept.schema.payloadSummary == ["v:\(c.established.rawValue)"])
    let wanted = ObservedKinds(of: json(c.night2)).inferredType
    #expect(kept.changes == [.typeKept(column: "v", established: c.established, wanted: wanted)])
    if let to = c.widened {
        #expect(widened.schema.payloadSummary == ["v:\(to.rawValue)"])
        #expect(widened.changes == [.typeWidened(column: "v", from: c.established, to: to)])
    } else {
        #expect(widened.schema == kept.schema)
    }
}

@Test func aNarrowerTypeTonightFitsTheEstablishedColumnSilently() {
    let night1 = build([#"{"properties": {"v": 2.5, "s": "x"}}"#])
    let night2 = build(
        [#"{"properties": {"v": 3, "s": 4}}"#], prior: night1.schema, runId: "night-2")
    #expect(night2.schema == night1.schema)
    #expect(night2.changes.isEmpty)
}

@Test func anEstablishedNameStaysWithItsPathAcrossNights() {
    let night1 = build([#"{"properties": {"userId": 1}}"#])
    let night2 = build(
        [#"{"properties": {"user_id": 2, "userId": 3}}"#], prior: night1.schema, runId: "night-2")
    #expect(night2.schema.payloadSummary == ["property_user_id:int64", "property_user_id_2:int64"])
    #expect(night2.schema.columns.last?.sourcePaths == ["properties.user_id"])
}

@Test func aRowCarriesStandardValuesRunValuesAndNullsForAbsentColumns() throws {
    let night1 = build([#"{"properties": {"coupon": "A", "total": 1}}"#])
    let event = """
        {"type": "track", "event": "Order Completed", "messageId": "m1", "userId": 42,
         "timestamp": "2024-01-01T00:00:00Z", "sentAt": "not a time",
         "properties": {"total": 2}}
        """
    let night2 = build([event], prior: night1.schema, runId: "night-2")
    let violations = json(#"[{"code": "unplanned_property"}]"#)
    let row = TableRowAssembler(schema: night2.schema).assemble(
        event: object(event), fields: fields(event, kind: .trackEvent), violations: violations,
        run: RunValues(loadedAtMicros: 7, runId: "night-2"), parseTimestamp: parseKnownTimestamp)

    let cells = Dictionary(uniqueKeysWithValues: zip(night2.schema.columns.map(\.name), row.cells))
    #expect(cells["id"] == .string("m1"))
    #expect(cells["type"] == .string("track"))
    #expect(cells["user_id"] == .string("42"))
    #expect(cells["anonymous_id"] == .null)
    #expect(cells["event"] == .string("order_completed"))
    #expect(cells["event_text"] == .string("Order Completed"))
    #expect(cells["timestamp"] == .timestamp(1_704_067_200_000_000))
    #expect(cells["sent_at"] == .null)
    #expect(cells["loaded_at"] == .timestamp(7))
    #expect(cells["sluice_run_id"] == .string("night-2"))
    #expect(cells["sluice_violations"] == .json(#"[{"code":"unplanned_property"}]"#))
    #expect(cells["coupon"] == .null)
    #expect(cells["total"] == .int64(2))
    #expect(
        row.discards == [
            Discard(
                column: "sent_at", sourcePath: "sentAt", originalJSON: "\"not a time\"",
                reason: .notATimestamp)
        ])
}

@Test func aFieldTheSchemaNeverSawIsReportedNotLost() {
    let schema = build([]).schema
    let event = #"{"properties": {"late": 1}}"#
    let row = TableRowAssembler(schema: schema).assemble(
        event: object(event), fields: fields(event, kind: .trackEvent), violations: nil,
        run: RunValues(loadedAtMicros: 0, runId: "r"), parseTimestamp: parseKnownTimestamp)
    #expect(row.discards.map(\.reason) == [.noColumn])
    #expect(row.discards.map(\.sourcePath) == ["properties.late"])
}

@Test func anObjectThePlanKeepsWholeIsOneJSONColumn() {
    let declared = [
        DeclaredFieldType(
            sourcePath: ["properties", "address"], typeNames: ["object"], keepsObjectWhole: true)
    ]
    let whole = DeclaredFieldType.pathsKeptWhole(declared)
    let event = #"{"properties": {"address": {"city": "X"}, "other": {"city": "Y"}}}"#
    let builder = TableSchemaBuilder(
        table: "t", kind: .trackEvent, prior: nil, allowWidening: false)
    builder.declare(declared)
    builder.observe(
        EventFlattener.flattenEvent(object(event), kind: .trackEvent, keepingWhole: whole))
    #expect(
        builder.finish(runId: "r").schema.payloadSummary == ["address:json", "other_city:string"])
}
