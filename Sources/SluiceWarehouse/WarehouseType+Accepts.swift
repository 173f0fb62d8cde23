extension WarehouseType {
    /// Whether every value that would fit a column of type `other` also fits a column of
    /// this type, so that keeping this type tonight discards nothing: a type holds itself,
    /// `double` holds `int64`, `string` holds every scalar type (and timestamp text) as
    /// text, and `json` holds all.
    public func holds(_ other: WarehouseType) -> Bool {
        switch (self, other) {
        case _ where self == other: return true
        case (.double, .int64): return true
        case (.string, .int64), (.string, .double), (.string, .boolean), (.string, .timestamp):
            return true
        case (.json, _): return true
        default: return false
        }
    }
}
