import SluiceJSON
import SluiceReader
import SluiceWarehouse

/// Where a standard column's cell comes from, resolved once per worker and table kind so
/// that storing a row compares no column names.
enum StandardSource {
    /// The dedupe key (a fingerprint when messageId was missing).
    case messageId
    case callType
    /// The parsed times.
    case timestamp, originalTimestamp, sentAt, receivedAt
    /// A top-level member as text, as `Worker.text(of:)` writes it.
    case member(SegmentMembers.Name)
    case trackEventTableName
    case violations
    /// A value the table stage supplies per run.
    case none

    /// - Precondition: a standard column read from a member names one `SegmentMembers`
    ///   locates (every one of `StandardColumns` does; a test holds them to it).
    init(_ source: StandardColumn.Source) {
        switch source {
        case .member("messageId"): self = .messageId
        case .member("type"): self = .callType
        case .member("timestamp"): self = .timestamp
        case .member("originalTimestamp"): self = .originalTimestamp
        case .member("sentAt"): self = .sentAt
        case .member("receivedAt"): self = .receivedAt
        case .member(let name):
            let member = SegmentMembers.Name.allCases.first { $0.text == name }
            precondition(member != nil, "standard column member '\(name)' is not located")
            self = .member(member!)
        case .trackEventTableName: self = .trackEventTableName
        case .violations: self = .violations
        case .runLoadedAt, .runId: self = .none
        }
    }
}

extension Worker {
    /// The standard columns of `kind` with their keys, built once per worker and kind.
    mutating func standardKeys(for kind: TableKind) -> [(UInt32, StandardSource)] {
        if let cached = rows.standardKeys[kind] { return cached }
        let keyed = StandardColumns.columns(for: kind).map {
            (rows.keys.id($0.sourcePath), StandardSource($0.source))
        }
        rows.standardKeys[kind] = keyed
        return keyed
    }

    /// Standard columns come from the normalised event, so `id` is the dedupe key (a
    /// fingerprint when messageId was missing) and the times are the parsed ones. Other
    /// members are read from the tape through `flattener`, or from the payload when
    /// enforcement edited them (`edited` names them). `flattener` reads the parse of `line`,
    /// and `members` says where its top-level members sit.
    static func appendStandard(
        _ source: StandardSource, key: UInt32, event: SegmentEvent, route: WorkerRoute,
        violations: [JSONValue], line: UnsafeRawBufferPointer, edited: Set<String>,
        flattener: borrowing TapeFlattener, members: SegmentMembers,
        to store: inout ColumnBatch
    ) {
        switch source {
        case .messageId:
            event.messageId.withUTF8(in: line) {
                store.append(key: key, kind: .string, payload: 0, text: $0)
            }
        case .callType: store.append(key: key, string: event.callType.rawValue)
        case .timestamp: store.append(key: key, timestamp: event.timestamp)
        case .originalTimestamp: store.append(key: key, timestamp: event.originalTimestamp)
        case .sentAt: store.append(key: key, timestamp: event.sentAt)
        case .receivedAt: store.append(key: key, timestamp: event.receivedAt)
        case .member(let name) where !edited.isEmpty && edited.contains(name.text):
            store.append(key: key, string: text(of: event.payload[name.text]))
        case .member(let name):
            guard let token = members[name] else { return }
            flattener.appendText(token, key: key, to: &store)
        case .trackEventTableName:
            store.append(key: key, string: route.eventTable)
        case .violations:
            if !violations.isEmpty { store.append(key: key, value: .array(violations)) }
        case .none:
            break
        }
    }

    /// A scalar member as text (`userId: 42` becomes `"42"`); objects and arrays as JSON.
    static func text(of value: JSONValue?) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .number(let n)?: return n.text
        case .bool(let b)?: return b ? "true" : "false"
        case let other?: return other.jsonText
        }
    }
}
