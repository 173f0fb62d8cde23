/// One column every table of a kind carries, whatever its events hold.
public struct StandardColumn: Sendable, Equatable {
    /// Where the value of a standard column comes from.
    public enum Source: Sendable, Equatable {
        /// A top-level member of the event, by its Segment name (`messageId`).
        case member(String)
        /// The track event's table name (`order_completed`), as Segment's `event` column.
        case trackEventTableName
        /// The time the run loads the row, which the job passes per run.
        case runLoadedAt
        /// The run's identifier.
        case runId
        /// The tracking-plan violations of the event, as a JSON array the job passes per row.
        case violations
    }

    public let name: String
    public let type: WarehouseType
    public let source: Source

    /// The text recorded in the schema's `source_paths`: the member name, or a `$sluice.`
    /// name for values the job supplies. Only keys under `context`, `properties` and `traits`
    /// become other columns, so these can never equal a flattened field's path.
    public var sourcePath: String {
        switch source {
        case .member(let member): return SourcePath.dotted([member])
        case .trackEventTableName: return "$sluice.event_table_name"
        case .runLoadedAt: return "$sluice.loaded_at"
        case .runId: return "$sluice.run_id"
        case .violations: return "$sluice.violations"
        }
    }
}

/// The standard columns of each table kind, in table order, as data.
///
/// Every table starts with these columns, before any `context_*`, property or trait column.
/// The Segment timestamps are TIMESTAMP (UTC, microseconds); `event` is the snake-case
/// table-style name and `event_text` the name as sent, as Segment writes them.
public enum StandardColumns {
    static let identity: [StandardColumn] = [
        StandardColumn(name: "id", type: .string, source: .member("messageId")),
        StandardColumn(name: "type", type: .string, source: .member("type")),
        StandardColumn(name: "anonymous_id", type: .string, source: .member("anonymousId")),
        StandardColumn(name: "user_id", type: .string, source: .member("userId")),
    ]

    static let times: [StandardColumn] = [
        StandardColumn(name: "timestamp", type: .timestamp, source: .member("timestamp")),
        StandardColumn(
            name: "original_timestamp", type: .timestamp, source: .member("originalTimestamp")),
        StandardColumn(name: "sent_at", type: .timestamp, source: .member("sentAt")),
        StandardColumn(name: "received_at", type: .timestamp, source: .member("receivedAt")),
    ]

    static let bookkeeping: [StandardColumn] = [
        StandardColumn(name: "loaded_at", type: .timestamp, source: .runLoadedAt),
        StandardColumn(name: "sluice_run_id", type: .string, source: .runId),
        StandardColumn(name: "sluice_violations", type: .json, source: .violations),
    ]

    static func kindSpecific(_ kind: TableKind) -> [StandardColumn] {
        switch kind {
        case .tracks, .trackEvent:
            return [
                StandardColumn(name: "event", type: .string, source: .trackEventTableName),
                StandardColumn(name: "event_text", type: .string, source: .member("event")),
            ]
        case .pages, .screens:
            return [
                StandardColumn(name: "name", type: .string, source: .member("name")),
                StandardColumn(name: "category", type: .string, source: .member("category")),
            ]
        case .identifies: return []
        case .groups:
            return [StandardColumn(name: "group_id", type: .string, source: .member("groupId"))]
        case .aliases:
            return [
                StandardColumn(name: "previous_id", type: .string, source: .member("previousId"))
            ]
        }
    }

    /// The standard columns of `kind`, in table order.
    public static func columns(for kind: TableKind) -> [StandardColumn] {
        identity + kindSpecific(kind) + times + bookkeeping
    }

    /// The names of the standard columns of `kind`.
    public static func names(for kind: TableKind) -> Set<String> {
        Set(columns(for: kind).map(\.name))
    }
}
