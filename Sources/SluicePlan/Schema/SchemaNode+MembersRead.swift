extension SchemaNode {
    /// The members of an object instance this node's checks can look at, or `nil` when they
    /// may look at any member (`additionalProperties`, `patternProperties`, `propertyNames`,
    /// member counts, `enum`, `const`, a `type` that refuses objects).
    ///
    /// The contract: for an object instance `o` and any object `p` holding at least the
    /// members of `o` named in the set (same values), the node gives `p` the same verdict and
    /// violations as `o`. A `required` name is in the set, so its presence decides alike.
    /// Checks that apply to other JSON types only (`minLength`, `items`, ...) read nothing.
    func membersRead() -> Set<String>? {
        var visiting: Set<ObjectIdentifier> = []
        return membersRead(visiting: &visiting)
    }

    private func membersRead(visiting: inout Set<ObjectIdentifier>) -> Set<String>? {
        guard !rejectsEverything else { return [] }
        guard visiting.insert(ObjectIdentifier(self)).inserted else { return [] }
        defer { visiting.remove(ObjectIdentifier(self)) }

        var read: Set<String> = []
        for keyword in keywords {
            guard let names = keyword.membersRead(visiting: &visiting) else { return nil }
            read.formUnion(names)
        }
        return read
    }

    fileprivate static func union(
        _ nodes: [SchemaNode?], visiting: inout Set<ObjectIdentifier>
    ) -> Set<String>? {
        var read: Set<String> = []
        for node in nodes.compactMap({ $0 }) {
            guard let names = node.membersRead(visiting: &visiting) else { return nil }
            read.formUnion(names)
        }
        return read
    }
}

extension SchemaKeyword {
    /// The instance members this keyword can look at; see `SchemaNode.membersRead()`.
    fileprivate func membersRead(visiting: inout Set<ObjectIdentifier>) -> Set<String>? {
        switch self {
        case .type(let types):
            return types.contains(.object) ? [] : nil
        case .enumeration, .constant, .minProperties, .maxProperties, .propertyNames:
            return nil
        case .properties(let checks):
            return checks.needsMemberScan ? nil : Set(checks.named.map(\.key))
        case .required(let names):
            return Set(names)
        case .dependencies(let entries):
            return Self.membersRead(of: entries, visiting: &visiting)
        case .allOf(let nodes), .anyOf(let nodes), .oneOf(let nodes):
            return SchemaNode.union(nodes, visiting: &visiting)
        case .not(let node):
            return SchemaNode.union([node], visiting: &visiting)
        case .conditional(let condition, let then, let otherwise):
            return SchemaNode.union([condition, then, otherwise], visiting: &visiting)
        case .ref(let reference):
            return SchemaNode.union([reference.target], visiting: &visiting)
        case .multipleOf, .minimum, .maximum, .minLength, .maxLength, .pattern, .format, .items,
            .tupleItems, .minItems, .maxItems, .uniqueItems, .contains:
            return []
        }
    }

    private static func membersRead(
        of entries: [(key: String, dependency: SchemaDependency)],
        visiting: inout Set<ObjectIdentifier>
    ) -> Set<String>? {
        var read: Set<String> = []
        for entry in entries {
            read.insert(entry.key)
            switch entry.dependency {
            case .members(let names): read.formUnion(names)
            case .schema(let node):
                guard let names = SchemaNode.union([node], visiting: &visiting) else { return nil }
                read.formUnion(names)
            }
        }
        return read
    }
}
