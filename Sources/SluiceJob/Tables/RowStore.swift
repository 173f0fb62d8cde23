import SluiceJSON
import SluiceWarehouse

/// The rows one worker thread has built for one table, stored compactly until the run knows
/// every table's schema and the dedupe winners.
///
/// A row is a run of cells `(key, kind, payload, length)`; keys are interned source paths
/// (`KeyTable`), text lives in one byte arena. This costs about 24 bytes a field plus the
/// field's text, a fraction of what parsed JSON trees would hold, and no allocation per
/// value. Not thread-safe: each worker owns its stores.
///
/// A store holds only the rows appended since its worker last spilled: once a worker's stores
/// pass its share of `RunConfiguration.rowMemoryBytes`, they are written to its `RowSpill` as
/// sorted runs and emptied (see `Worker.spillIfOverBudget`), so a store's memory is bounded by
/// that share, not by the night. Keys stay valid: the worker's `KeyTable` is never cleared.
struct RowStore {
    /// What a cell holds; mirrors the JSON value kinds the warehouse stage infers from.
    enum Kind: UInt8 {
        case null
        case bool
        /// An integer that fits `Int64`: payload is the value; text is the number as written.
        case integer
        /// Any other number: payload is the `Double` bit pattern; text is the number as written.
        case fraction
        case string
        /// An array or object kept whole: text is its compact JSON.
        case structured
        /// A parsed timestamp (standard columns only): payload is microseconds since the epoch.
        case timestamp
    }

    struct Cell {
        var key: UInt32
        var kind: Kind
        var payload: Int64
        var textStart: UInt32
        var textLength: UInt32
    }

    /// Bookkeeping of one row: which dedupe candidate it belongs to and how it sorts.
    struct Header {
        var candidate: Int32
        var receivedAt: Int64
        var partitionMicros: Int64
        var file: Int32
        var line: Int32
    }

    /// The most a store holds before its worker spills it, whatever the row memory budget:
    /// cells address text with 32-bit offsets, so a store must stay under 4 GiB, and 1 GiB
    /// leaves room for the largest line (`RunConfiguration.maximumLineBytes`) on top.
    static let maximumBytes = 1 << 30

    private(set) var cells: [Cell] = []
    private(set) var rowStarts: [Int32] = []
    private(set) var headers: [Header] = []
    private(set) var arena = TextArena()
    /// Text of the cells built by writing to an array (decoded strings, compact JSON), kept
    /// for its capacity.
    private var scratch: [UInt8] = []

    var rowCount: Int { headers.count }

    /// The bytes the store has allocated for rows (cells, text, headers, row starts),
    /// counting spare capacity, since an array that grows doubles its allocation; what the
    /// row memory budget is checked against.
    var memoryBytes: Int {
        cells.capacity * MemoryLayout<Cell>.stride + arena.capacity
            + headers.capacity * MemoryLayout<Header>.stride + rowStarts.capacity * 4
    }

    /// Drops every row, e.g. after they were spilled.
    mutating func removeAll(keepingCapacity: Bool = false) {
        cells.removeAll(keepingCapacity: keepingCapacity)
        rowStarts.removeAll(keepingCapacity: keepingCapacity)
        headers.removeAll(keepingCapacity: keepingCapacity)
        arena.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Appends a whole row read back from a spill: `cells` with text offsets relative to
    /// `text`, the row's text bytes in cell order.
    mutating func appendRow(
        _ header: Header, cells rowCells: UnsafeBufferPointer<Cell>, text: UnsafeRawBufferPointer
    ) {
        beginRow(header)
        let base = UInt32(arena.count)
        arena.append(text)
        for var cell in rowCells {
            cell.textStart += base
            cells.append(cell)
        }
    }

    /// Starts a new row; cells appended next belong to it.
    mutating func beginRow(_ header: Header) {
        headers.append(header)
        rowStarts.append(Int32(cells.count))
    }

    /// The cells of row `row`.
    func cells(ofRow row: Int) -> ArraySlice<Cell> {
        let start = Int(rowStarts[row])
        let end = row + 1 < rowStarts.count ? Int(rowStarts[row + 1]) : cells.count
        return cells[start..<end]
    }

    /// The text bytes of a cell, valid while the store is not mutated.
    func withText<R>(_ cell: Cell, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        arena.withBytes(Int(cell.textStart), Int(cell.textLength), body)
    }

    /// The text of a cell as a string.
    func text(_ cell: Cell) -> String {
        withText(cell) { String(decoding: $0, as: UTF8.self) }
    }

    mutating func append(key: UInt32, timestamp micros: Int64?) {
        guard let micros else { return }
        cells.append(Cell(key: key, kind: .timestamp, payload: micros, textStart: 0, textLength: 0))
    }

    mutating func append(key: UInt32, string: String?) {
        guard var string else { return }
        let start = UInt32(arena.count)
        string.withUTF8 { arena.append(UnsafeRawBufferPointer($0)) }
        cells.append(
            Cell(
                key: key, kind: .string, payload: 0, textStart: start,
                textLength: UInt32(arena.count) - start))
    }

    /// Appends a JSON value as one cell; objects and arrays are stored as compact JSON.
    mutating func append(key: UInt32, value: JSONValue) {
        let start = UInt32(arena.count)
        switch value {
        case .null:
            cells.append(Cell(key: key, kind: .null, payload: 0, textStart: 0, textLength: 0))
            return
        case .bool(let b):
            cells.append(
                Cell(key: key, kind: .bool, payload: b ? 1 : 0, textStart: 0, textLength: 0))
            return
        case .string(var s):
            s.withUTF8 { arena.append(UnsafeRawBufferPointer($0)) }
            cells.append(
                Cell(
                    key: key, kind: .string, payload: 0, textStart: start,
                    textLength: UInt32(arena.count) - start))
        case .number(let n):
            var text = n.text
            text.withUTF8 { arena.append(UnsafeRawBufferPointer($0)) }
            let kind: Kind = n.int64 != nil ? .integer : .fraction
            let payload = n.int64 ?? Int64(bitPattern: n.double.bitPattern)
            cells.append(
                Cell(
                    key: key, kind: kind, payload: payload, textStart: start,
                    textLength: UInt32(arena.count) - start))
        case .array, .object:
            append(writing: { value.appendJSON(to: &$0) })
            cells.append(
                Cell(
                    key: key, kind: .structured, payload: 0, textStart: start,
                    textLength: UInt32(arena.count) - start))
        }
    }

    /// Appends a cell of `kind` whose text is `text` (raw string bytes, a number as written).
    mutating func append(key: UInt32, kind: Kind, payload: Int64, text: UnsafeRawBufferPointer) {
        let start = UInt32(arena.count)
        arena.append(text)
        cells.append(
            Cell(
                key: key, kind: kind, payload: payload, textStart: start,
                textLength: UInt32(text.count)))
    }

    /// Appends a cell of `kind` whose text `write` appends to the array it is handed; the
    /// bytes are then copied into the arena (a reused scratch array, so no allocation, but a
    /// second copy of arrays, deep objects and escaped strings).
    mutating func append(
        key: UInt32, kind: Kind, payload: Int64, writing write: (inout [UInt8]) -> Void
    ) {
        let start = UInt32(arena.count)
        append(writing: write)
        cells.append(
            Cell(
                key: key, kind: kind, payload: payload, textStart: start,
                textLength: UInt32(arena.count) - start))
    }

    /// Appends a cell without text (`null`, `bool`).
    mutating func append(key: UInt32, kind: Kind, payload: Int64) {
        cells.append(Cell(key: key, kind: kind, payload: payload, textStart: 0, textLength: 0))
    }

    /// Appends to the arena the bytes `write` appends to an array.
    private mutating func append(writing write: (inout [UInt8]) -> Void) {
        scratch.removeAll(keepingCapacity: true)
        write(&scratch)
        scratch.withUnsafeBytes { arena.append($0) }
    }
}
