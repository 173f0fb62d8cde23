import SluiceJSON
import SluiceReader
import SluiceWarehouse

extension Worker {
    /// Stores the event's row for every table it goes to: every track call to `tracks` and to
    /// its event's own table, every other call to its type's table.
    mutating func store(
        _ event: SegmentEvent, violations: [JSONValue], candidate: Int32, fileIndex: Int,
        line: UnsafeRawBufferPointer, edited: Set<String>
    ) {
        guard let kind = TableKind.fixedKind(forEventType: event.callType.rawValue) else { return }
        let header = RowStore.Header(
            candidate: candidate, receivedAt: event.receivedAt ?? .max,
            partitionMicros: partitionMicros(event),
            file: Int32(fileIndex), line: Int32(event.origin.line))
        let signature = EventSignature(
            callType: event.callType.rawValue, eventName: event.eventName)
        // A named track call is stored once, in its event's table; the `tracks` table reads
        // the same rows (its schema has no property columns), which halves what track calls
        // cost in memory and flattening.
        if kind == .tracks, let name = event.eventName {
            rows.kinds[TableNaming.tableName(for: .tracks)] = .tracks
            storeRow(
                event, violations: violations, table: trackTable(name), kind: .trackEvent,
                header: header, signature: signature, line: line, edited: edited)
            return
        }
        storeRow(
            event, violations: violations, table: TableNaming.tableName(for: kind), kind: kind,
            header: header, signature: signature, line: line, edited: edited)
    }

    /// The table of a track event name, converted once per worker and name (snake_case and
    /// sanitising cost a string walk that every row of the event would otherwise repeat).
    mutating func trackTable(_ name: String) -> String {
        if let table = rows.trackTables[name] { return table }
        let table = TableNaming.tableName(forTrackEvent: name)
        rows.trackTables[name] = table
        return table
    }

    private func partitionMicros(_ event: SegmentEvent) -> Int64 {
        switch partitionTime {
        case .received: return event.receivedAt ?? event.timestamp ?? 0
        case .event: return event.timestamp ?? event.receivedAt ?? 0
        }
    }

    private mutating func storeRow(
        _ event: SegmentEvent, violations: [JSONValue], table: String, kind: TableKind,
        header: RowStore.Header,
        signature: EventSignature, line: UnsafeRawBufferPointer, edited: Set<String>
    ) {
        var store = rows.stores.removeValue(forKey: table) ?? RowStore()
        rows.kinds[table] = kind
        rows.eventsByTable[table, default: []].insert(signature)
        store.beginRow(header)
        for (key, source) in standardKeys(for: kind) {
            appendStandard(
                source, key: key, event: event, violations: violations, line: line,
                edited: edited, to: &store)
        }
        flattenSection("context", of: event, line: line, edited: edited, into: &store)
        if let key = kind.payloadKey {
            flattenSection(key, of: event, line: line, edited: edited, into: &store)
        }
        rows.stores[table] = store
    }

    /// Flattens the top-level object member `name`: from the payload when enforcement
    /// edited it (`edited` names it; the payload then holds it whole, minus what was
    /// omitted), else straight from the tape, since the normaliser does not build it. A
    /// member that is not an object leaves no cells.
    private mutating func flattenSection(
        _ name: String, of event: SegmentEvent, line: UnsafeRawBufferPointer,
        edited: Set<String>, into store: inout RowStore
    ) {
        let root = rows.keys.id(name)
        if edited.contains(name) {
            guard case .object(let section)? = event.payload[name] else { return }
            Self.flatten(section, under: root, depth: 1, keys: &rows.keys, into: &store)
            return
        }
        guard let token = sectionToken(name, line: line), tape.kind(token) == .object else {
            return
        }
        var flattener = TapeFlattener(tape: tape, line: line)
        flattener.flatten(token, under: root, depth: 1, keys: &rows.keys, into: &store)
    }

    /// The value token of top-level member `name`, from the normaliser's pass for the
    /// sections it names.
    private func sectionToken(_ name: String, line: UnsafeRawBufferPointer) -> Int? {
        switch name {
        case "context": return members[.context]
        case "properties": return members[.properties]
        case "traits": return members[.traits]
        default: return tape.member(0, name, in: line)
        }
    }

    /// Flattens an object into cells the way `EventFlattener` does: nested objects become
    /// their leaves up to `EventFlattener.defaultMaxDepth` levels, everything else (arrays,
    /// deeper objects, scalars) one cell; an empty object leaves no cell.
    static func flatten(
        _ object: JSONObject, under parent: UInt32, depth: Int, keys: inout KeyTable,
        into store: inout RowStore
    ) {
        for (name, value) in object {
            let key = keys.child(parent, name)
            if case .object(let child) = value, depth < EventFlattener.defaultMaxDepth {
                flatten(child, under: key, depth: depth + 1, keys: &keys, into: &store)
            } else {
                store.append(key: key, value: value)
            }
        }
    }
}
