/// A file's untrusted parts that hold lines, found by line number with a binary search: a file
/// of many one-line gzip members that fail their checks has as many parts as lines, and
/// asking every part about every line took time quadratic in the file.
public struct UntrustedLines: Sendable {
    /// The parts with lines, in line order; neighbours share at most the line one ends in
    /// and the next starts in.
    private let parts: [UntrustedPart]

    /// Indexes `parts`, in the order a read lists them (`FileReadSummary.untrustedParts`).
    public init(_ parts: [UntrustedPart]) {
        self.parts = parts.filter { $0.lines != nil }
    }

    /// Whether no part holds a line.
    public var isEmpty: Bool { parts.isEmpty }

    /// The part holding line `line` (the later one for a line two parts share), or nil.
    public func part(holding line: Int) -> UntrustedPart? {
        // The last part starting at or before the line; no earlier part reaches past it.
        var low = 0
        var high = parts.count
        while low < high {
            let middle = (low + high) / 2
            if parts[middle].lines!.lowerBound <= line { low = middle + 1 } else { high = middle }
        }
        guard low > 0, parts[low - 1].lines!.contains(line) else { return nil }
        return parts[low - 1]
    }
}
