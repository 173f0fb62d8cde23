import SluiceJSON

/// Flattens nested objects into one field per leaf, as Segment warehouses flatten
/// properties, traits and context.
///
/// Objects are flattened (`shipping.city` becomes its own field); arrays stay one field
/// whose value is stored as JSON, so `products` is one column and nothing is lost. An object
/// nested deeper than the depth limit, or one whose dotted path the caller names in
/// `keepingWhole`, stays one JSON field too. An empty object yields no field, as in Segment
/// warehouses: a `{}` leaves no value to store (the only difference from an absent key that
/// the columns do not keep). Pure functions, safe from any thread.
public enum EventFlattener {
    /// How many keys below the flattened object a field path may have before the rest is
    /// kept as one JSON value. Segment's own context nests three levels and real e-commerce
    /// properties rarely more; six keeps those flat while names stay far below the length
    /// limit and a hostile, deeply nested payload cannot create thousands of columns.
    public static let defaultMaxDepth = 6

    /// The fields of `object`, each path starting with `prefix`, in key order (depth first).
    public static func flatten(
        _ object: JSONObject, under prefix: [String], maxDepth: Int = defaultMaxDepth,
        keepingWhole: Set<String> = []
    ) -> [FlatField] {
        var fields: [FlatField] = []
        append(object, path: prefix, depth: 1, maxDepth: maxDepth, keepingWhole, to: &fields)
        return fields
    }

    /// The flattened `context` and payload (`properties` or `traits`, per `kind`) of one
    /// event: every field that is not a standard column.
    ///
    /// Other top-level members (`integrations`, `writeKey`, `channel`, ...) are not columns,
    /// as in Segment warehouses. A context or payload that is neither an object nor null
    /// (`"properties": [1, 2]`, against the Segment spec) is one field at its own key, so it
    /// lands whole in a JSON column named `context`, `properties` or `traits`.
    public static func flattenEvent(
        _ event: JSONObject, kind: TableKind, maxDepth: Int = defaultMaxDepth,
        keepingWhole: Set<String> = []
    ) -> [FlatField] {
        var fields: [FlatField] = []
        for key in ["context", kind.payloadKey].compactMap({ $0 }) {
            switch event[key] {
            case nil, .null?: continue
            case .object(let member)?:
                fields += flatten(
                    member, under: [key], maxDepth: maxDepth, keepingWhole: keepingWhole)
            case let value?: fields.append(FlatField(sourcePath: [key], value: value))
            }
        }
        return fields
    }

    private static func append(
        _ object: JSONObject, path: [String], depth: Int, maxDepth: Int,
        _ keepingWhole: Set<String>, to fields: inout [FlatField]
    ) {
        let dotted = SourcePath.dotted(path)
        for (key, value) in object {
            let childPath = path + [key]
            let childDotted = SourcePath.appending(key, to: dotted)
            guard case .object(let child) = value, depth < maxDepth,
                keepingWhole.isEmpty || !keepingWhole.contains(childDotted)
            else {
                fields.append(
                    FlatField(sourcePath: childPath, dottedPath: childDotted, value: value))
                continue
            }
            append(
                child, path: childPath, depth: depth + 1, maxDepth: maxDepth, keepingWhole,
                to: &fields)
        }
    }
}
