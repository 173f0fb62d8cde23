/// Which parts of a JSON value a reader looks at, so a caller can build only those.
///
/// `.whole` needs the entire value. `.members(m)` needs, of an object, only the members
/// named in `m` (each to the depth its own projection says) and, of any other value, the
/// whole value: only objects are ever cut down. `.members([:])` needs an object's kind and
/// nothing inside it, which is what a presence check (`required`) reads.
public indirect enum JSONProjection: Sendable, Equatable {
    case whole
    case members([String: JSONProjection])

    /// Needs nothing inside an object; any other value whole.
    public static let presence = JSONProjection.members([:])

    /// What either projection needs.
    public func union(_ other: JSONProjection) -> JSONProjection {
        guard case .members(var mine) = self, case .members(let theirs) = other else {
            return .whole
        }
        for (name, projection) in theirs {
            mine[name] = mine[name].map { $0.union(projection) } ?? projection
        }
        return .members(mine)
    }
}

extension JSONValue {
    /// This value cut down to what `projection` needs; member order is kept. Member names
    /// match as Swift strings do (canonical equivalence), a superset of byte equality, so a
    /// reader comparing either way finds every member it looks for.
    public func projected(by projection: JSONProjection) -> JSONValue {
        guard case .object(let object) = self, case .members(let members) = projection else {
            return self
        }
        var keys: [String] = []
        var values: [JSONValue] = []
        for (name, value) in object {
            guard let inner = members[name] else { continue }
            keys.append(name)
            values.append(value.projected(by: inner))
        }
        return .object(JSONObject(uncheckedKeys: keys, values: values))
    }
}
