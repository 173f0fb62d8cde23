import SluiceJSON
import SluiceReader
import SluiceWarehouse

/// The rows a worker thread built, per table, and the keys and strings its values use.
/// During ingest the newest rows are in the batches of `tables` and older ones in spilled
/// `runs`; after `Worker.finishRows` every row is in `runs` and every batch is empty.
struct WorkerRows: Sendable {
    var keys = KeyTable()
    /// The repeated strings of every key, which values hold by id.
    let interner: StringInterner
    /// The values every table's batch stored since the last seal.
    let log = BatchLog()
    /// The tables this worker stores rows for, in the order it first met them; `routes`
    /// and `tableIndex` point into it, so storing a row hashes no table name.
    var tables: [WorkerTable] = []
    /// Table name to its index in `tables`.
    var tableIndex: [String: Int] = [:]
    /// Call type and event name to where such events are stored; nil for a call type that
    /// has no table.
    var routes = RouteCache()
    var kinds: [String: TableKind] = [:]
    /// The distinct (call type, event name) pairs seen per table, for the plan's declarations.
    var eventsByTable: [String: Set<EventSignature>] = [:]
    /// Track event name to its table name, cached per worker.
    var trackTables: [ExactString: String] = [:]
    /// Each table kind's standard columns with their keys, cached per worker.
    var standardKeys: [TableKind: [(UInt32, StandardSource)]] = [:]
    /// Per table, the sorted runs of rows already moved out of its batch: spilled ones
    /// during ingest, and after `Worker.finishRows` the in-memory rest.
    var runs: [String: [ColumnRun]] = [:]
    /// Where this worker spills; nil until its first spill.
    var spill: ColumnSpill?
    /// How many times this worker spilled its stores.
    var spillCount = 0
    /// The first spill failure; the worker stops taking files and the run fails with it.
    var spillFailure: JobError?

    /// Rows of a worker whose string dictionaries close past `dictionaryBytes`.
    init(dictionaryBytes: Int = StringInterner.maximumBytes) {
        interner = StringInterner(byteLimit: dictionaryBytes)
    }

    /// The indices of `tables` in the order of their names, the order spills write them.
    var tablesByName: [Int] { tables.indices.sorted { tables[$0].name < tables[$1].name } }
}

/// A call type and event name, the unit a tracking plan declares fields for. Names compare
/// by their bytes (`ExactString`), as the plan matches them.
struct EventSignature: Hashable, Sendable {
    var callType: String
    var eventName: String? { name?.text }
    private let name: ExactString?

    init(callType: String, eventName: String?) {
        self.callType = callType
        self.name = eventName.map(ExactString.init)
    }
}

/// Where the events of one route are stored.
struct WorkerRoute: Sendable {
    /// The index of their table in `WorkerRows.tables`.
    var table: Int
    /// The value of the `event` standard column: the table name of the track event.
    var eventTable: String?
}

/// One table's rows on one worker and what storing a row into it needs, resolved once.
struct WorkerTable: Sendable {
    let name: String
    let kind: TableKind
    var batch: ColumnBatch
    /// The order of members in the table's rows, which storing a row uses while it
    /// flattens them: the tables' objects share keys (`properties.price`) but not orders.
    var predictions = KeyTable.MemberPredictions()
    /// What a row of the table is made of, shared so that storing a row copies one reference.
    let layout: TableLayout
}

/// The parts of one table's rows, resolved once per worker and table.
final class TableLayout: Sendable {
    /// The standard columns with their keys.
    let standard: [(UInt32, StandardSource)]
    /// The sections flattened into the row, with the keys of their roots: `context`, then
    /// the kind's payload section.
    let sections: [(name: SegmentMembers.Name, key: UInt32)]

    init(standard: [(UInt32, StandardSource)], sections: [(name: SegmentMembers.Name, key: UInt32)])
    {
        self.standard = standard
        self.sections = sections
    }
}
