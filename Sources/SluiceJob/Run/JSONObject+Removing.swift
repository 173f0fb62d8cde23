import SluiceJSON

extension JSONObject {
    /// Removes the member at `path` (object keys from the top) and returns its value, or
    /// `nil` when there is no such member.
    mutating func removeMember(at path: [String]) -> JSONValue? {
        guard let first = path.first else { return nil }
        if path.count == 1 {
            let value = self[first]
            self[first] = nil
            return value
        }
        guard case .object(var child)? = self[first] else { return nil }
        let value = child.removeMember(at: Array(path.dropFirst()))
        self[first] = .object(child)
        return value
    }
}
