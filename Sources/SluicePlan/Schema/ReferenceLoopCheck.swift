/// Finds a schema that applies itself to the same value forever: a cycle of `$ref`s and of
/// keywords that apply a subschema to the value they check (`allOf`, `anyOf`, `oneOf`, `not`,
/// `if`/`then`/`else`, a schema in `dependencies`), with no step into a member or an item on
/// the way. `{"$ref": "#"}` and `{"definitions": {"n": {"$ref": "#/definitions/n"}}}` are
/// such loops; a tree schema whose `children` items refer back to the root is not, since
/// each step reads a deeper value.
///
/// A loop makes validation of every value fail at the reference depth limit, so a plan with
/// one would flag (or block) every event; it is refused when the schema compiles instead.
enum ReferenceLoopCheck {
    /// The locations around the first loop reachable in `arena`, first one repeated last;
    /// nil when there is none.
    static func loop(in arena: [SchemaNode]) -> [String]? {
        var states: [ObjectIdentifier: Bool] = [:]  // false: on the path; true: done
        for start in arena where states[ObjectIdentifier(start)] == nil {
            // Depth first without recursion: a long chain of references must not overflow.
            var path: [(node: SchemaNode, next: [SchemaNode], index: Int)] = [
                (start, sameValueSchemas(of: start), 0)
            ]
            states[ObjectIdentifier(start)] = false
            while let top = path.last {
                guard top.index < top.next.count else {
                    states[ObjectIdentifier(top.node)] = true
                    path.removeLast()
                    continue
                }
                path[path.count - 1].index += 1
                let child = top.next[top.index]
                switch states[ObjectIdentifier(child)] {
                case false?:
                    let from = path.firstIndex { $0.node === child }!
                    return path[from...].map(\.node.location) + [child.location]
                case true?:
                    continue
                case nil:
                    states[ObjectIdentifier(child)] = false
                    path.append((child, sameValueSchemas(of: child), 0))
                }
            }
        }
        return nil
    }

    /// The subschemas `node` applies to the very value it checks.
    static func sameValueSchemas(of node: SchemaNode) -> [SchemaNode] {
        var found: [SchemaNode] = []
        for keyword in node.keywords {
            switch keyword {
            case .ref(let reference): found.append(reference.target)
            case .allOf(let nodes), .anyOf(let nodes), .oneOf(let nodes): found += nodes
            case .not(let inner): found.append(inner)
            case .conditional(let condition, let then, let otherwise):
                found += [condition] + [then, otherwise].compactMap { $0 }
            case .dependencies(let entries):
                for entry in entries {
                    if case .schema(let schema) = entry.dependency { found.append(schema) }
                }
            default: break
            }
        }
        return found
    }
}
