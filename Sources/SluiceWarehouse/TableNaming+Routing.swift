import SluiceJSON

extension TableNaming {
    /// The tables an event's row goes to, as Segment warehouses route calls: a track call to
    /// `tracks` and to its event's own table, every other call to its kind's table (`type`
    /// compared case-insensitively). Empty for a missing or unknown `type`; a track call
    /// without a string `event` goes to `tracks` only. The job decides before this whether
    /// such events are loaded or quarantined.
    public static func tables(for event: JSONObject) -> [(name: String, kind: TableKind)] {
        guard let type = event["type"]?.stringValue,
            let kind = TableKind.fixedKind(forEventType: type)
        else { return [] }
        guard kind == .tracks else { return [(tableName(for: kind), kind)] }

        guard let name = event["event"]?.stringValue else { return [("tracks", .tracks)] }
        return [("tracks", .tracks), (tableName(forTrackEvent: name), .trackEvent)]
    }
}
