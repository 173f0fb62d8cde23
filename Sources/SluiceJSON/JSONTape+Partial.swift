extension JSONTape {
    /// Object token t as a `JSONObject` holding only the members `keep(key, value)` accepts,
    /// in source order, each built as `value(_:in:)` would. A caller that needs a few
    /// members of a large object builds those and leaves the rest on the tape.
    ///
    /// - Precondition: t is an object without repeated keys (`hasDuplicateKeys(t)` is
    ///   false); with repeats, build the whole object so the last-value rule applies.
    public func object(
        _ t: Int, in bytes: UnsafeRawBufferPointer, keeping keep: (Int, Int) -> Bool
    ) -> JSONObject {
        precondition(!hasDuplicateKeys(t), "object(_:in:keeping:) needs unique keys")
        var keys: [String] = []
        var values: [JSONValue] = []
        keys.reserveCapacity(memberCount(t))
        values.reserveCapacity(memberCount(t))
        for (key, value) in members(t) where keep(key, value) {
            keys.append(string(key, in: bytes))
            values.append(self.value(value, in: bytes))
        }
        return JSONObject(uncheckedKeys: keys, values: values)
    }
}
