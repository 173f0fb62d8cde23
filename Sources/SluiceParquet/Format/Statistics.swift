// parquet.thrift `Statistics`: null_count = 3, max_value = 5, min_value = 6,
// is_max_value_exact = 7, is_min_value_exact = 8, nan_count = 9. Values are PLAIN encoded
// without a length prefix; their order is the column's ColumnOrder (TYPE_ORDER here).

/// Column chunk statistics as they go into the footer.
struct Statistics {
    var nullCount: Int64
    var minValue: [UInt8]?
    var maxValue: [UInt8]?
    var isMinExact: Bool
    var isMaxExact: Bool
    /// Set for DOUBLE columns only; TYPE_ORDER requires it whenever min/max are written.
    var nanCount: Int64?

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeI64(3, nullCount)
        if let maxValue { writer.writeBinary(5, maxValue) }
        if let minValue { writer.writeBinary(6, minValue) }
        if maxValue != nil { writer.writeBool(7, isMaxExact) }
        if minValue != nil { writer.writeBool(8, isMinExact) }
        if let nanCount { writer.writeI64(9, nanCount) }
    }
}
