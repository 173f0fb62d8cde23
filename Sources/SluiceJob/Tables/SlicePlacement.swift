/// Where each run row of one slice of a `PartitionOrder` (a row group) goes in the output,
/// so a column is gathered by visiting its values once, each put straight into its output
/// row, instead of visiting every output row and searching each run for a value.
///
/// Built once per row group and shared, read-only, by every table thread that gathers one of
/// its columns. Memory is 4 bytes per row the slice spans in each run: its live rows and the
/// dedupe losers between them.
struct SlicePlacement: Sendable {
    /// The output rows placed: their index here is the output row minus `slice.lowerBound`.
    let slice: Range<Int>
    /// Per run, the rows the slice spans (empty for a run it does not visit).
    let ranges: [Range<Int>]
    /// Per run, for each row of its range (offset by the range's start), the row's index in
    /// the slice, or -1 for a row the slice skips (a dedupe loser).
    let slots: [[Int32]]

    /// The placement of `slice` of `order`; `slice` holds fewer than `Int32.max` rows.
    init(_ order: PartitionOrder, slice: Range<Int>) {
        precondition(
            slice.count < Int(Int32.max),
            "A slice of \(slice.count) rows does not fit 32-bit placement slots")
        self.slice = slice
        ranges = order.rowRanges(slice)
        var slots = ranges.map { [Int32](repeating: -1, count: $0.count) }
        for position in slice {
            let run = Int(order.runOfRow[position])
            let row = Int(order.rowInRun[position])
            slots[run][row - ranges[run].lowerBound] = Int32(position - slice.lowerBound)
        }
        self.slots = slots
    }
}
