/// Names the table (the output folder) of each table kind and track event.
///
/// A track event's table is its event name in snake case (`Order Completed` →
/// `order_completed`, see `ColumnNaming.snakeCase`), then made safe as a folder name:
/// - the result holds only `a`–`z`, `0`–`9` and `_`, so `../../etc` becomes `etc` and no
///   name can leave the output folder;
/// - leading underscores are removed, so no event lands in a bookkeeping folder
///   (`_quarantine`, `_manifests`, `_delta_log`, or any other name starting with `_` or `.`);
/// - a name that starts with a digit gets the prefix `event_` (`404 Page` → `event_404_page`);
/// - a name with nothing left (``, `!!!`, `注文`) is `event_` and the 8-hex-digit stable hash
///   of the event name as sent, so different such names keep different tables;
/// - a reserved name (the fixed tables `tracks`, `pages`, `screens`, `identifies`, `groups`,
///   `aliases`, `users`, `accounts`, and Windows device names) gets the suffix `_event`
///   (`Tracks` → `tracks_event`);
/// - a name longer than `maxTableNameLength` is cut and ends in `_` and the stable hash.
///
/// Event names that convert alike share a table (`Order Completed` and `order_completed`),
/// as they do in Segment warehouses; `event_text` keeps each row's name as sent. Pure
/// functions, safe from any thread.
public enum TableNaming {
    /// The longest table name written: the same limit as for columns, since engines treat
    /// table and column identifiers alike, and far below the 255-byte folder-name limit.
    public static let maxTableNameLength = ColumnNaming.maxColumnNameLength

    /// The table of a track event named `event` as sent.
    public static func tableName(forTrackEvent event: String) -> String {
        var name = String(ColumnNaming.snakeCase(event).drop { $0 == "_" })
        if name.isEmpty { return "event_" + StableHash.hex8(event) }

        if let first = name.utf8.first, ColumnNaming.isDigit(first) { name = "event_" + name }
        if ReservedWords.tables.contains(name) { name += "_event" }

        if name.utf8.count > maxTableNameLength {
            name = String(name.prefix(maxTableNameLength - 9)) + "_" + StableHash.hex8(event)
        }
        return name
    }

    /// The table of a fixed kind (`tracks`, `pages`, ...).
    ///
    /// - Precondition: `kind` is not `.trackEvent`, whose name depends on the event.
    public static func tableName(for kind: TableKind) -> String {
        precondition(kind != .trackEvent, "a track event table is named by its event name")
        return kind.rawValue
    }
}
