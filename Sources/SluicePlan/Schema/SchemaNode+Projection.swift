import SluiceJSON

extension SchemaNode {
    /// What of an object instance this node's checks can look at (see `JSONProjection`).
    ///
    /// The contract: for an object instance `o`, the node gives `o.projected(by: p)` (and any
    /// object holding more of `o` than that) the same verdict and violations as `o`. Checks
    /// that may look at any member (`additionalProperties`, `patternProperties`,
    /// `propertyNames`, member counts, `enum`, `const`, a `type` refusing objects) need the
    /// whole value; a `required` name needs the member's presence; `properties` needs each
    /// named member as its own schema needs it. Checks of other JSON types read nothing of
    /// an object. A schema reached again through a cycle of references needs the whole value.
    func projection() -> JSONProjection {
        var visiting: Set<ObjectIdentifier> = []
        return projection(visiting: &visiting)
    }

    fileprivate func projection(visiting: inout Set<ObjectIdentifier>) -> JSONProjection {
        guard !rejectsEverything else { return .presence }
        guard visiting.insert(ObjectIdentifier(self)).inserted else { return .whole }
        defer { visiting.remove(ObjectIdentifier(self)) }

        var needed = JSONProjection.presence
        for keyword in keywords {
            needed = needed.union(keyword.projection(visiting: &visiting))
            if needed == .whole { return .whole }
        }
        return needed
    }

    fileprivate static func union(
        _ nodes: [SchemaNode?], visiting: inout Set<ObjectIdentifier>
    ) -> JSONProjection {
        var needed = JSONProjection.presence
        for node in nodes.compactMap({ $0 }) {
            needed = needed.union(node.projection(visiting: &visiting))
        }
        return needed
    }
}

extension SchemaKeyword {
    /// What of an object instance this keyword can look at; see `SchemaNode.projection()`.
    fileprivate func projection(visiting: inout Set<ObjectIdentifier>) -> JSONProjection {
        switch self {
        case .type(let types):
            return types.contains(.object) ? .presence : .whole
        case .enumeration, .constant, .minProperties, .maxProperties, .propertyNames:
            return .whole
        case .properties(let checks):
            guard !checks.needsMemberScan else { return .whole }
            var members: [String: JSONProjection] = [:]
            for (key, schema) in checks.named {
                let inner = schema.projection(visiting: &visiting)
                members[key] = members[key].map { $0.union(inner) } ?? inner
            }
            return .members(members)
        case .required(let names):
            return .members(Dictionary(names.map { ($0, .presence) }) { first, _ in first })
        case .dependencies(let entries):
            return Self.projection(of: entries, visiting: &visiting)
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
            return .presence
        }
    }

    private static func projection(
        of entries: [(key: String, dependency: SchemaDependency)],
        visiting: inout Set<ObjectIdentifier>
    ) -> JSONProjection {
        var needed = JSONProjection.presence
        for entry in entries {
            needed = needed.union(.members([entry.key: .presence]))
            switch entry.dependency {
            case .members(let names):
                needed = needed.union(
                    .members(Dictionary(names.map { ($0, .presence) }) { a, _ in a }))
            case .schema(let node):
                needed = needed.union(SchemaNode.union([node], visiting: &visiting))
            }
        }
        return needed
    }
}
