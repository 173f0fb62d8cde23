extension JSONTape {
    /// The subtree at t cut down to what `projection` needs, equal (`==`) to
    /// `value(t, in: bytes).projected(by: projection)` but building nothing it drops.
    public func value(
        _ t: Int, in bytes: UnsafeRawBufferPointer, projection: JSONProjection
    ) -> JSONValue {
        guard case .members(let needed) = projection, kind(t) == .object, !hasDuplicateKeys(t)
        else {
            return value(t, in: bytes).projected(by: projection)
        }
        var keys: [String] = []
        var values: [JSONValue] = []
        for (key, value) in members(t) {
            guard let inner = Self.entry(key, of: needed, tape: self, in: bytes) else { continue }
            keys.append(string(key, in: bytes))
            values.append(self.value(value, in: bytes, projection: inner))
        }
        return .object(JSONObject(uncheckedKeys: keys, values: values))
    }

    /// The entry of `needed` whose name key token `key` spells: compared byte by byte, so no
    /// string is built for the members that are skipped, then, for a name with escapes or
    /// non-ASCII bytes, as Swift strings (canonical equivalence), like `projected(by:)`.
    private static func entry(
        _ key: Int, of needed: [String: JSONProjection], tape: JSONTape,
        in bytes: UnsafeRawBufferPointer
    ) -> JSONProjection? {
        for (name, projection) in needed where tape.equals(key, name, in: bytes) {
            return projection
        }
        let raw = tape.rawBytes(key, in: bytes)
        guard tape.hasEscapes(key) || raw.contains(where: { $0 >= 0x80 }) else { return nil }
        let text = tape.string(key, in: bytes)
        return needed[text]
    }
}
