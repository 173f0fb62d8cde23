/// The on-disk form of one row in a spill file: a fixed prefix (the header, the cell count and
/// the text length), the cells with text offsets relative to the row's own text, then the
/// text. Raw memory layouts: a spill file is read back only by the process that wrote it.
enum RowRecord {
    struct Prefix {
        var header: RowStore.Header
        var cellCount: UInt32
        var textLength: UInt32
    }

    static let prefixBytes = MemoryLayout<Prefix>.stride
    static let cellBytes = MemoryLayout<RowStore.Cell>.stride

    /// Appends row `row` of `store` as one record.
    static func append(row: Int, of store: RowStore, to buffer: inout [UInt8]) {
        let cells = store.cells(ofRow: row)
        var rebased: [RowStore.Cell] = []
        rebased.reserveCapacity(cells.count)
        var textLength: UInt32 = 0
        for var cell in cells {
            cell.textStart = textLength
            textLength += cell.textLength
            rebased.append(cell)
        }

        var prefix = Prefix(
            header: store.headers[row], cellCount: UInt32(cells.count), textLength: textLength)
        withUnsafeBytes(of: &prefix) { buffer.append(contentsOf: $0) }
        rebased.withUnsafeBytes { buffer.append(contentsOf: $0) }
        for cell in cells { store.withText(cell) { buffer.append(contentsOf: $0) } }
    }
}

/// Walks one `RowRun` in order, holding at most one read window of it (plus one decoded row)
/// whatever the run's size; `store` and `row` name the current row once `next` returned
/// true. Not thread-safe; each merge owns its readers.
struct RowRunReader {
    /// Bytes read from a spill file at once: the window each disk reader holds. Large enough
    /// to keep reads efficient, small enough that a merge of hundreds of runs stays small.
    static let windowBytes = 64 << 10

    private(set) var store: RowStore
    private(set) var row = -1
    private let order: [Int32]
    private var position = -1
    private let spill: RowSpill?
    private var offset: Int64 = 0
    private var end: Int64 = 0
    private var window: [UInt8] = []
    private var start = 0
    private var filled = 0
    /// The current spilled row's cells, aligned for `appendRow`; reused from row to row.
    private var cells: [RowStore.Cell] = []

    init(_ run: RowRun) {
        switch run.place {
        case .memory(let store, let rows):
            self.store = store
            order = rows
            spill = nil
        case .disk(let spill, let offset, let length):
            store = RowStore()
            order = []
            self.spill = spill
            self.offset = offset
            end = offset + length
        }
    }

    /// The current row's header.
    var header: RowStore.Header { store.headers[row] }

    /// Moves to the next row; false at the end of the run.
    mutating func next() throws -> Bool {
        guard let spill else {
            position += 1
            guard position < order.count else { return false }
            row = Int(order[position])
            return true
        }
        guard try ensure(RowRecord.prefixBytes, from: spill) else { return false }
        let prefix = window.withUnsafeBytes {
            $0.loadUnaligned(fromByteOffset: start, as: RowRecord.Prefix.self)
        }
        let cellBytes = Int(prefix.cellCount) * RowRecord.cellBytes
        let size = RowRecord.prefixBytes + cellBytes + Int(prefix.textLength)
        guard try ensure(size, from: spill) else {
            throw corrupt(spill)
        }
        decode(prefix, cellBytes: cellBytes, size: size)
        return true
    }

    /// Reads the next row of the run into `store` (emptied first), as row 0.
    private mutating func decode(_ prefix: RowRecord.Prefix, cellBytes: Int, size: Int) {
        store.removeAll(keepingCapacity: true)
        let cellCount = Int(prefix.cellCount)
        if cells.count < cellCount {
            let empty = RowStore.Cell(key: 0, kind: .null, payload: 0, textStart: 0, textLength: 0)
            cells = Array(repeating: empty, count: max(cellCount, 2 * cells.count))
        }
        window.withUnsafeBytes { raw in
            let cellStart = start + RowRecord.prefixBytes
            cells.withUnsafeMutableBytes {
                $0.copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[cellStart..<cellStart + cellBytes]))
            }
            let text = UnsafeRawBufferPointer(rebasing: raw[cellStart + cellBytes..<start + size])
            cells.withUnsafeBufferPointer {
                store.appendRow(
                    prefix.header, cells: UnsafeBufferPointer(rebasing: $0[..<cellCount]),
                    text: text)
            }
        }
        start += size
        row = 0
    }

    /// Makes `count` bytes of the run available from `start`; false when the run has ended
    /// exactly at `start`.
    private mutating func ensure(_ count: Int, from spill: RowSpill) throws -> Bool {
        if filled - start >= count { return true }
        let remaining = end - offset
        if remaining == 0 {
            if filled == start { return false }
            throw corrupt(spill)
        }

        // Keep the unread tail at the front, then top the window up from the file; a short
        // run gets a window of its own size, not a full one.
        let unread = filled - start
        window.withUnsafeMutableBytes { raw in
            if unread > 0 {
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: unread)
            }
        }
        filled = unread
        start = 0
        let size = max(count, Int(min(Int64(Self.windowBytes), remaining + Int64(unread))))
        if window.count < size { window += [UInt8](repeating: 0, count: size - window.count) }
        let take = Int(min(Int64(window.count - filled), remaining))
        try spill.read(into: &window, at: filled, count: take, offset: offset)
        offset += Int64(take)
        filled += take
        guard filled - start >= count else { throw corrupt(spill) }
        return true
    }

    private func corrupt(_ spill: RowSpill) -> JobError {
        JobError(
            .io,
            "The row spill file '\(spill.path)' holds a cut-off row near byte \(offset); something else changed it while the run was going. Run again, and keep other processes out of the temporary directory."
        )
    }
}
