import SluiceReader
import SluiceWarehouse

/// The events of one table, as indexes into the run's loaded events.
struct TableRoute {
    var table: String
    var kind: TableKind
    var events: [Int]
}

/// Routes events to tables as Segment warehouses lay them out: every track call to `tracks`
/// and to its event's own table, every other call to its type's table.
enum TableRouter {
    static func route(_ loaded: [LoadedEvent]) -> [TableRoute] {
        var routes: [String: TableRoute] = [:]
        for (index, item) in loaded.enumerated() {
            let event = item.event
            guard let kind = TableKind.fixedKind(forEventType: event.callType.rawValue) else { continue }
            let fixed = TableNaming.tableName(for: kind)
            routes[fixed, default: TableRoute(table: fixed, kind: kind, events: [])].events.append(index)
            if kind == .tracks, let name = event.eventName {
                let table = TableNaming.tableName(forTrackEvent: name)
                routes[table, default: TableRoute(table: table, kind: .trackEvent, events: [])].events.append(index)
            }
        }
        return routes.values.sorted { $0.table < $1.table }
    }
}
