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
        guard let route = route(of: event) else { return }
        let header = RowHeader(
            candidate: candidate, part: part, receivedAt: event.receivedAt ?? .max,
            partitionMicros: partitionMicros(event),
            file: Int32(fileIndex), line: Int32(event.origin.line))

        // The row is appended to the table's batch in place: the keys and the batches are
        // separate parts of `rows`, so both can be borrowed for writing and neither is copied.
        let table = route.table
        rows.tables[table].batch.beginRow(header)
        rows.keys.usePredictions(&rows.tables[table].predictions)
        defer { rows.keys.usePredictions(&rows.tables[table].predictions) }
        let repeatedKeys = Self.storeRow(
            event, route: route, layout: rows.tables[table].layout, violations: violations,
            line: line, edited: edited, tape: tape, members: members, keys: &rows.keys,
            into: &rows.tables[table].batch)
        if rows.log.isFull { storeIsFull = true }
        if Self.hasUnloadedSection(
            route, layout: rows.tables[table].layout, kind: rows.tables[table].kind, tape: tape,
            members: members)
        {
            reportUnloadedSections(table: table, route, event, line)
        }
        if !rows.tables[table].batch.repeats.isEmpty { reportRepeats(table: table, event, line) }
        if !repeatedKeys.isEmpty { report(repeatedKeys, table: table, event, line) }
        if tape.hasDuplicateKeys(0) { reportTopLevelRepeats(table: table, event, line) }
    }

    /// Whether the row left a section of the event out (`notAnObject`, `namelessProperties`);
    /// asked of every event, so it builds nothing.
    ///
    /// Static, as the two predicates are: an instance method called here copied the whole
    /// worker, retaining and releasing each of its references on every event.
    @inline(__always)
    private static func hasUnloadedSection(
        _ route: WorkerRoute, layout: TableLayout, kind: TableKind, tape: JSONTape,
        members: SegmentMembers
    ) -> Bool {
        for section in layout.sections
        where notAnObject(section.name, tape: tape, members: members) != nil {
            return true
        }
        return namelessProperties(route, kind: kind, tape: tape, members: members) != nil
    }

    /// The token of top-level section `name` when it is present but neither an object nor
    /// null (`"properties": "a string"`): it has no members to flatten into columns.
    @inline(__always)
    private static func notAnObject(
        _ name: SegmentMembers.Name, tape: JSONTape, members: SegmentMembers
    ) -> Int? {
        guard let token = members[name] else { return nil }
        let kind = tape.kind(token)
        return kind == .object || kind == .null ? nil : token
    }

    /// The token of the `properties` of a track call without an event name, routed to a table
    /// of `kind`: its row goes to `tracks` alone, which has no property columns.
    @inline(__always)
    private static func namelessProperties(
        _ route: WorkerRoute, kind: TableKind, tape: JSONTape, members: SegmentMembers
    ) -> Int? {
        guard route.eventTable == nil, kind == .tracks,
            let token = members[.properties], tape.kind(token) != .null
        else { return nil }
        return token
    }

    /// Discard records, with the whole value, for the sections `hasUnloadedSection` finds:
    /// no column takes them, and without a record they would be lost.
    @inline(never)
    private mutating func reportUnloadedSections(
        table: Int, _ route: WorkerRoute, _ event: SegmentEvent, _ line: UnsafeRawBufferPointer
    ) {
        var unloaded: [(name: SegmentMembers.Name, token: Int, kind: String, reason: String)] = []
        for section in rows.tables[table].layout.sections {
            guard let token = Self.notAnObject(section.name, tape: tape, members: members)
            else { continue }
            let reason =
                "The call's '\(section.name.text)' is not an object, so it has no members to "
                + "load as columns; send it as an object to load it."
            unloaded.append((section.name, token, "not_an_object", reason))
        }
        if let token = Self.namelessProperties(
            route, kind: rows.tables[table].kind, tape: tape, members: members)
        {
            let reason =
                "The track call has no usable event name, so it has no event table for its "
                + "properties (its row is in 'tracks' alone); give it an 'event' name to load "
                + "them."
            unloaded.append((.properties, token, "no_event_table", reason))
        }
        for section in unloaded {
            rowDiscards.append(
                DiscardRecord(
                    kind: section.kind, table: rows.tables[table].name, column: nil,
                    field: section.name.text, value: tape.value(section.token, in: line),
                    reason: section.reason, messageId: event.messageId.string(in: line),
                    origin: event.origin))
        }
    }

    /// `report` for the event's own members: of a top-level name the event repeats
    /// (`"userId":"u1","userId":"u2"`), the last value is the one read, and each earlier
    /// one becomes a discard record. Sections below them are the flattener's to check.
    @inline(never)
    private mutating func reportTopLevelRepeats(
        table: Int, _ event: SegmentEvent, _ line: UnsafeRawBufferPointer
    ) {
        for (name, value) in tape.replacedMembers(0, in: line) {
            rowDiscards.append(
                Self.repeatRecord(
                    table: rows.tables[table].name, field: tape.string(name, in: line),
                    value: tape.value(value, in: line), event, line))
        }
    }

    /// The discard record of a value that a later member of the same name replaced.
    static func repeatRecord(
        table: String, field: String, value: JSONValue, _ event: SegmentEvent,
        _ line: UnsafeRawBufferPointer
    ) -> DiscardRecord {
        DiscardRecord(
            kind: "repeated_member", table: table, column: nil, field: field, value: value,
            reason:
                "A later member of the object has the same name and replaces this value, "
                + "as JSON parsers keep the last; rename one of the two members to load both.",
            messageId: event.messageId.string(in: line), origin: event.origin)
    }

    /// Turns the values a repeated member name replaced (`{"a":1,"a":2}` loads 2) into
    /// discard records, so that the earlier value is not lost without a trace.
    @inline(never)
    private mutating func report(
        _ repeated: [TapeFlattener.RepeatedKey], table: Int, _ event: SegmentEvent,
        _ line: UnsafeRawBufferPointer
    ) {
        for member in repeated {
            rowDiscards.append(
                Self.repeatRecord(
                    table: rows.tables[table].name, field: rows.keys.paths[Int(member.key)],
                    value: member.value, event, line))
        }
    }

    /// Turns the values the row just stored that repeat a key of the row (two member names
    /// that are different spellings of one name, which flatten to one key) into discard
    /// records: the key's column keeps the row's first value only. Known imprecision: a field
    /// that ends up past the table's column limit keeps every value in `sluice_overflow`, so
    /// there the record also names a value that was loaded (which is decided only later, in
    /// the table stage); the cost is a redundant discard, never a lost value.
    @inline(never)
    private mutating func reportRepeats(
        table: Int, _ event: SegmentEvent, _ line: UnsafeRawBufferPointer
    ) {
        let name = rows.tables[table].name
        for (key, json) in rows.tables[table].batch.takeRepeats() {
            rowDiscards.append(
                DiscardRecord(
                    kind: "repeated_member", table: name, column: nil,
                    field: rows.keys.paths[Int(key)],
                    value: (try? JSONParser().parse(json)) ?? .string(json),
                    reason:
                        "Another member of the object spells this name with other Unicode "
                        + "code points for the same text, so both fill one column, which keeps "
                        + "the first value; rename one of the two members to load both.",
                    messageId: event.messageId.string(in: line), origin: event.origin))
        }
    }

    /// Where events of `event`'s call type and name are stored, worked out once per worker
    /// and route. A named track call is stored once, in its event's table; the `tracks`
    /// table reads the same rows (its schema has no property columns), which halves what
    /// track calls cost in memory and flattening.
    private mutating func route(of event: SegmentEvent) -> WorkerRoute? {
        if let known = rows.routes.route(event.callType, event.eventName) { return known }

        var route: WorkerRoute?
        if let kind = TableKind.fixedKind(forEventType: event.callType.rawValue) {
            let eventTable = event.eventName.map { trackTable($0) }
            let signature = EventSignature(
                callType: event.callType.rawValue, eventName: event.eventName)
            if kind == .tracks, let eventTable {
                rows.kinds[TableNaming.tableName(for: .tracks)] = .tracks
                route = WorkerRoute(
                    table: table(eventTable, kind: .trackEvent, signature), eventTable: eventTable)
            } else {
                let name = TableNaming.tableName(for: kind)
                route = WorkerRoute(
                    table: table(name, kind: kind, signature), eventTable: eventTable)
            }
        }
        rows.routes.remember(route, event.callType, event.eventName)
        return route
    }

    /// The index of table `name` in `rows.tables`, added on first use; records `signature`
    /// among the events the table holds.
    private mutating func table(_ name: String, kind: TableKind, _ signature: EventSignature)
        -> Int
    {
        rows.kinds[name] = kind
        rows.eventsByTable[name, default: []].insert(signature)
        if let index = rows.tableIndex[name] { return index }

        var sections = [(name: SegmentMembers.Name.context, key: rows.keys.id("context"))]
        if let payload = kind.payloadKey {
            let member = SegmentMembers.Name.allCases.first { $0.text == payload }!
            sections.append((member, rows.keys.id(payload)))
        }
        let table = WorkerTable(
            name: name, kind: kind, batch: ColumnBatch(interner: rows.interner, log: rows.log),
            layout: TableLayout(standard: standardKeys(for: kind), sections: sections))
        rows.tables.append(table)
        rows.tableIndex[name] = rows.tables.count - 1
        return rows.tables.count - 1
    }

    /// The table of a track event name, converted once per worker and name (snake_case and
    /// sanitising cost a string walk that every row of the event would otherwise repeat).
    private mutating func trackTable(_ name: String) -> String {
        if let table = rows.trackTables[ExactString(name)] { return table }
        let table = TableNaming.tableName(forTrackEvent: name)
        rows.trackTables[ExactString(name)] = table
        return table
    }

    private func partitionMicros(_ event: SegmentEvent) -> Int64 {
        switch partitionTime {
        case .received: return event.receivedAt ?? event.timestamp ?? 0
        case .event: return event.timestamp ?? event.receivedAt ?? 0
        }
    }

    /// Appends the values of the row begun in `store`: the standard columns, then `context`
    /// and the kind's payload section flattened.
    /// `tape` holds the parse of `line`, and `members` where its top-level members sit.
    /// Returns the values of member names repeated within an object that were not loaded.
    private static func storeRow(
        _ event: SegmentEvent, route: WorkerRoute, layout: TableLayout, violations: [JSONValue],
        line: UnsafeRawBufferPointer, edited: Set<String>, tape: JSONTape,
        members: SegmentMembers, keys: inout KeyTable, into store: inout ColumnBatch
    ) -> [TapeFlattener.RepeatedKey] {
        // One flattener serves the whole row: each one made holds the tape's storage and
        // would retain and release it.
        var flattener = TapeFlattener(tape: tape, line: line)
        for (key, source) in layout.standard {
            appendStandard(
                source, key: key, event: event, route: route, violations: violations,
                line: line, edited: edited, flattener: flattener, members: members, to: &store)
        }
        for section in layout.sections {
            flattenSection(
                section.name, root: section.key, of: event, edited: edited,
                flattener: &flattener, members: members, keys: &keys, into: &store)
        }
        return flattener.repeatedKeys
    }

    /// Flattens the top-level object member `name` under key `root`: from the payload when
    /// enforcement edited it (`edited` names it; the payload then holds it whole, minus what
    /// was omitted), else straight from the tape, where the normaliser found it. A member
    /// that is not an object leaves no values.
    private static func flattenSection(
        _ name: SegmentMembers.Name, root: UInt32, of event: SegmentEvent, edited: Set<String>,
        flattener: inout TapeFlattener, members: SegmentMembers, keys: inout KeyTable,
        into store: inout ColumnBatch
    ) {
        if !edited.isEmpty, edited.contains(name.text) {
            guard case .object(let section)? = event.payload[name.text] else { return }
            // The payload was built from the tape as a tree, which keeps a repeated name's
            // last value only; the earlier ones are reported from the tape.
            if let token = members[name], flattener.tape.kind(token) == .object {
                flattener.noteRepeatedKeys(token, under: root, depth: 1, keys: &keys)
            }
            flatten(section, under: root, depth: 1, keys: &keys, into: &store)
            return
        }
        guard let token = members[name], flattener.tape.kind(token) == .object else { return }
        flattener.flatten(token, under: root, depth: 1, keys: &keys, into: &store)
    }

    /// Flattens an object into values the way `EventFlattener` does: nested objects become
    /// their leaves up to `EventFlattener.defaultMaxDepth` levels, everything else (arrays,
    /// deeper objects, scalars) one value; an empty object leaves none.
    static func flatten(
        _ object: JSONObject, under parent: UInt32, depth: Int, keys: inout KeyTable,
        into store: inout ColumnBatch
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
