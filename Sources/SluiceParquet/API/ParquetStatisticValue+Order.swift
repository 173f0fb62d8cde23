extension ParquetStatisticValue {
    /// The column order the footer statistics use: signed for integers, false < true,
    /// numeric for doubles (never NaN here), unsigned byte-wise for bytes. Values of
    /// different cases are never compared.
    func isLess(than other: ParquetStatisticValue) -> Bool {
        switch (self, other) {
        case (.boolean(let a), .boolean(let b)): return !a && b
        case (.int32(let a), .int32(let b)): return a < b
        case (.int64(let a), .int64(let b)): return a < b
        case (.double(let a), .double(let b)):
            return a < b || (a == 0 && b == 0 && a.sign == .minus && b.sign == .plus)
        case (.bytes(let a), .bytes(let b)): return a.lexicographicallyPrecedes(b)
        default: preconditionFailure("comparing statistics \(self) and \(other) of different types")
        }
    }
}

extension ParquetColumnStatistics {
    /// Folds one column chunk's statistics into the file-wide ones.
    mutating func merge(_ chunk: StatisticsAccumulator, truncateBytes: Int) {
        nullCount += Int(chunk.nullCount)
        guard let (low, high, footer) = chunk.summaryBounds(truncateBytes: truncateBytes) else {
            return
        }
        if min.map({ low.isLess(than: $0) }) ?? true {
            (min, isMinExact) = (low, footer.isMinExact)
        }
        if max.map({ $0.isLess(than: high) }) ?? true {
            (max, isMaxExact) = (high, footer.isMaxExact)
        }
    }
}
