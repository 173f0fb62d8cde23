import Testing

@testable import SluiceWarehouse

struct TableNameCase: Sendable, CustomTestStringConvertible {
    let event: String
    let expected: String
    var testDescription: String { "'\(event)' → '\(expected)'" }
}

let tableNameCases: [TableNameCase] = [
    .init(event: "Order Completed", expected: "order_completed"),
    .init(event: "order_completed", expected: "order_completed"),
    .init(event: "Product Clicked/../../x", expected: "product_clicked_x"),
    .init(event: "../../etc", expected: "etc"),
    .init(event: "/etc/passwd", expected: "etc_passwd"),
    .init(event: "_quarantine", expected: "quarantine"),
    .init(event: "_manifests", expected: "manifests"),
    .init(event: "_delta_log", expected: "delta_log"),
    .init(event: ".hidden", expected: "hidden"),
    .init(event: "Tracks", expected: "tracks_event"),
    .init(event: "pages", expected: "pages_event"),
    .init(event: "Identifies", expected: "identifies_event"),
    .init(event: "users", expected: "users_event"),
    .init(event: "CON", expected: "con_event"),
    .init(event: "404 Page", expected: "event_404_page"),
    .init(event: "", expected: "event_4fd0bfc1"),
    .init(event: "!!!", expected: "event_716257f5"),
    .init(event: "注文完了", expected: "event_0ba5d348"),
    .init(event: "Café Visited", expected: "cafe_visited"),
    .init(
        event: String(repeating: "a", count: 300),
        expected: String(repeating: "a", count: 119) + "_49d669ca"),
]

@Test(arguments: tableNameCases)
func trackEventTableNamesAreSafeFolderNames(_ c: TableNameCase) {
    let name = TableNaming.tableName(forTrackEvent: c.event)
    #expect(name == c.expected)
    #expect(name.utf8.count <= TableNaming.maxTableNameLength)
}

@Test(arguments: [TableKind.tracks, .pages, .screens, .identifies, .groups, .aliases])
func fixedTablesAreNamedForTheirKind(_ kind: TableKind) {
    #expect(TableNaming.tableName(for: kind) == kind.rawValue)
    #expect(ReservedWords.tables.contains(TableNaming.tableName(for: kind)))
}

struct RoutingCase: Sendable, CustomTestStringConvertible {
    let event: String
    let expected: [String]
    var testDescription: String { event }
}

let routingCases: [RoutingCase] = [
    .init(
        event: #"{"type": "track", "event": "Order Completed"}"#,
        expected: ["tracks:tracks", "order_completed:track_event"]),
    .init(
        event: #"{"type": "Track", "event": "Tracks"}"#,
        expected: ["tracks:tracks", "tracks_event:track_event"]),
    .init(event: #"{"type": "track"}"#, expected: ["tracks:tracks"]),
    .init(event: #"{"type": "page", "name": "Home"}"#, expected: ["pages:pages"]),
    .init(event: #"{"type": "screen"}"#, expected: ["screens:screens"]),
    .init(event: #"{"type": "IDENTIFY"}"#, expected: ["identifies:identifies"]),
    .init(event: #"{"type": "group"}"#, expected: ["groups:groups"]),
    .init(event: #"{"type": "alias"}"#, expected: ["aliases:aliases"]),
    .init(event: #"{"type": "batch"}"#, expected: []),
    .init(event: #"{"event": "No Type"}"#, expected: []),
]

@Test(arguments: routingCases)
func eventsAreRoutedAsSegmentWarehousesRouteThem(_ c: RoutingCase) {
    let routed = TableNaming.tables(for: object(c.event)).map { "\($0.name):\($0.kind.rawValue)" }
    #expect(routed == c.expected)
}
