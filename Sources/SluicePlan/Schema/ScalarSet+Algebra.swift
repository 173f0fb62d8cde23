extension ScalarSet {
    /// Every scalar value, for what a check cannot narrow down.
    static let everything = ScalarSet([0...maximumValue])

    /// Nothing, for what matches no character.
    static let nothing = ScalarSet([])

    /// The scalars in this set or in `other`.
    func union(_ other: ScalarSet) -> ScalarSet {
        ScalarSet(ranges + other.ranges)
    }

    /// Whether no scalar is in both sets.
    func isDisjoint(with other: ScalarSet) -> Bool {
        var (i, j) = (0, 0)
        while i < ranges.count, j < other.ranges.count {
            if ranges[i].overlaps(other.ranges[j]) { return false }
            if ranges[i].upperBound < other.ranges[j].upperBound { i += 1 } else { j += 1 }
        }
        return true
    }
}
