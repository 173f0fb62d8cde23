import CPrefetch

extension ColumnBatch {
    /// The batch's values as one `ColumnValues` per column, in `keys` order, with its rows
    /// renumbered: row `order[i]` of the batch becomes row `i`, and its values come in the
    /// order they were appended. `order` lists every row of the batch once. Each column is
    /// allocated at its exact size and its text laid out in the new row order; the batch is
    /// left as it was.
    ///
    /// With `borrowing`, the columns are laid out in the log's sealing memory instead of
    /// memory of their own: they are valid only until the log seals again or is released,
    /// for a caller that spills them at once.
    func columns(inRowOrder order: UnsafeBufferPointer<UInt32>, borrowing: Bool = false)
        -> [ColumnValues]
    {
        precondition(
            order.count == rowCount, "a batch of \(rowCount) rows sealed in \(order.count)")
        let slots = state.pointee.slots.buffer
        let columns = borrowing ? borrowedColumns(slots) : ownedColumns(slots)

        let (logged, rows) = (logStorage.pointee, rowSpans)
        var fills = columns.map(ColumnFill.init)
        fills.withUnsafeMutableBufferPointer {
            Self.fill(logged, rows: rows, order: order, into: $0)
        }

        for (column, fill) in zip(columns, fills) { column.hasRepeatedRows = fill.hasRepeatedRows }
        return columns
    }

    /// The bytes sealing this batch for a spill lays its columns out in: what the worker's
    /// sealing memory must hold for it.
    var sealingBytes: Int {
        state.pointee.slots.buffer.reduce(0) {
            $0 + ColumnValues.borrowedBytes(count: Int($1.count), textCount: $1.textCount)
        }
    }

    /// A column of its own for each of `slots`, sized to hold its values.
    private func ownedColumns(_ slots: UnsafeBufferPointer<BatchSlot>) -> [ColumnValues] {
        slots.map {
            ColumnValues(
                count: Int($0.count), textCount: $0.textCount, textBase: 0,
                kindMask: $0.kindMask
            ) { _, _, _, _ in }
        }
    }

    /// A column for each of `slots`, laid out one after another in the log's sealing memory.
    private func borrowedColumns(_ slots: UnsafeBufferPointer<BatchSlot>) -> [ColumnValues] {
        let sizes = slots.map {
            ColumnValues.borrowedBytes(count: Int($0.count), textCount: $0.textCount)
        }
        var memory = log.sealingMemory(bytes: sizes.reduce(0, +))
        return zip(slots, sizes).map { slot, size in
            defer { memory += size }
            return ColumnValues.borrowing(
                memory, count: Int(slot.count), textCount: slot.textCount,
                kindMask: slot.kindMask)
        }
    }

    /// Writes every value into its column, row by row in `order`.
    private static func fill(
        _ log: BatchLog.Storage, rows: UnsafeBufferPointer<RowSpan>,
        order: UnsafeBufferPointer<UInt32>,
        into fills: UnsafeMutableBufferPointer<ColumnFill>
    ) {
        let (textMask, numberPrefixMask) = (ValueKind.textMask, ValueKind.numberPrefixMask)
        let values = log.values.buffer
        for (position, row) in order.enumerated() {
            if position &+ prefetchDistance < order.count {
                prefetch(rows[Int(order[position &+ prefetchDistance])], in: values)
            }
            let newRow = UInt32(truncatingIfNeeded: position)
            let span = rows[Int(row)]
            for index in Int(span.start)..<Int(span.start + span.count) {
                let value = values[index]
                let bit: KindMask = 1 << KindMask(value.kind)
                let fill = fills.baseAddress.unsafelyUnwrapped + Int(value.column)
                guard bit & textMask != 0 else {
                    fill.pointee.append(row: newRow, kind: value.kind, payload: value.payload)
                    continue
                }
                let prefix = bit & numberPrefixMask != 0 ? 8 : 0
                fill.pointee.append(
                    row: newRow, kind: value.kind, prefix: prefix,
                    text: log.textBytes(of: value, prefix: prefix))
            }
        }
    }
}

/// Rows ahead of the one being filled whose values `fill` starts loading: sealed rows come in
/// partition and time order, not the order they were logged in, so each row's values are a
/// cache miss unless asked for early (on the benchmark night, asking took a sixth off `fill`).
private let prefetchDistance = 4

/// Starts loading the logged values of `span`, a cache line at a time.
@inline(__always)
private func prefetch(_ span: RowSpan, in values: UnsafeBufferPointer<LoggedValue>) {
    guard let first = values.baseAddress else { return }
    let base = UnsafeRawPointer(first + Int(span.start))
    let bytes = Int(span.count) &* MemoryLayout<LoggedValue>.stride
    var offset = 0
    while offset < bytes {
        sluice_prefetch_for_read(base + offset)
        offset &+= 64
    }
}

/// Where the next value of a column being filled goes, through its buffers' raw pointers,
/// valid while the `ColumnValues` it was made from lives.
private struct ColumnFill {
    let rows: UnsafeMutablePointer<UInt32>?
    let kinds: UnsafeMutablePointer<UInt8>?
    let payloads: UnsafeMutablePointer<Int64>?
    let text: UnsafeMutableRawPointer?
    var count = 0
    var textEnd = 0
    var lastRow: UInt32 = .max
    var hasRepeatedRows = false

    init(_ values: ColumnValues) {
        (rows, kinds, payloads) = (values.rows.base, values.kinds.base, values.payloads.base)
        text = values.text.base.map { UnsafeMutableRawPointer($0) }
    }

    @inline(__always)
    mutating func append(row: UInt32, kind: UInt8, payload: Int64) {
        if row == lastRow { hasRepeatedRows = true }
        lastRow = row
        rows.unsafelyUnwrapped[count] = row
        kinds.unsafelyUnwrapped[count] = kind
        payloads.unsafelyUnwrapped[count] = payload
        count += 1
    }

    /// Appends a text value: `text` is its `prefix` bytes of number, then its text.
    @inline(__always)
    mutating func append(row: UInt32, kind: UInt8, prefix: Int, text bytes: UnsafeRawBufferPointer)
    {
        let length = bytes.count - prefix
        append(
            row: row, kind: kind, payload: TextRef.make(offset: textEnd + prefix, length: length))
        ShortBytes.copy(
            to: text.map { $0 + textEnd }, from: bytes.baseAddress, count: bytes.count)
        textEnd += bytes.count
    }
}
