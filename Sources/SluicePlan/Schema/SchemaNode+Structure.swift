// JSON Schema draft-07 validation, sections 6.4 (arrays), 6.5 (objects), 6.6 (conditionals)
// and 6.7 (boolean logic).
import SluiceJSON

extension SchemaNode {
    func checkArray(
        _ keyword: borrowing SchemaKeyword, _ elements: [JSONValue], _ run: inout ValidationRun
    )
        -> Bool
    {
        switch keyword {
        case .items(let schema):
            var isValid = true
            for (index, element) in elements.enumerated()
            where !run.descend(schema, element, .index(index)) {
                isValid = false
                if !run.isCollecting { return false }
            }
            return isValid
        case .tupleItems(let schemas, let additional):
            var isValid = true
            for (index, element) in elements.enumerated() {
                guard let schema = index < schemas.count ? schemas[index] : additional else {
                    break
                }
                if run.descend(schema, element, .index(index)) { continue }
                isValid = false
                if !run.isCollecting { return false }
            }
            return isValid
        case .minItems(let limit):
            if elements.count >= limit { return true }
            return run.fail(
                self, "minItems", .bound(limit: String(limit)),
                "The array has fewer than \(limit) items.")
        case .maxItems(let limit):
            if elements.count <= limit { return true }
            return run.fail(
                self, "maxItems", .bound(limit: String(limit)),
                "The array has more than \(limit) items.")
        case .uniqueItems:
            if Self.areUnique(elements) { return true }
            return run.fail(self, "uniqueItems", .other, "The array has repeated items.")
        case .contains(let schema):
            var probe = run.probe
            if elements.contains(where: { schema.validate($0, &probe) }) { return true }
            return run.fail(
                self, "contains", .other, "No item of the array matches the 'contains' schema.")
        default:
            return checkCombinator(keyword, .array(elements), &run)
        }
    }

    /// Pairwise comparison for short arrays; for longer ones, only items whose
    /// `schemaHash` collides are compared, so a long array costs linear time.
    private static func areUnique(_ elements: [JSONValue]) -> Bool {
        if elements.count <= 16 {
            for i in elements.indices {
                for j in elements.indices where j > i && elements[i].isSchemaEqual(to: elements[j])
                {
                    return false
                }
            }
            return true
        }

        var buckets: [Int: [Int]] = [:]
        for (index, element) in elements.enumerated() {
            let hash = element.schemaHash
            let earlier = buckets[hash] ?? []
            if earlier.contains(where: { elements[$0].isSchemaEqual(to: element) }) { return false }
            buckets[hash, default: []].append(index)
        }
        return true
    }
}
