// JSON Schema draft-07 validation, sections 6.4 (arrays) and 6.5 (objects), probed on a
// JSON tape instead of a built `JSONValue`.
import SluiceJSON

extension SchemaNode {
    func checkArray(_ keyword: borrowing SchemaKeyword, _ t: Int, _ probe: inout TapeProbe)
        -> Bool
    {
        switch keyword {
        case .items(let schema):
            guard !schema.acceptsAnything else { return true }
            // Walking by index, not through `elements(t)`, retains no storage.
            var element = t + 1
            for _ in 0..<probe.tape.memberCount(t) {
                if !schema.isValid(element, &probe) { return false }
                element = probe.tape.next(element)
            }
            return true
        case .tupleItems(let schemas, let additional):
            var element = t + 1
            for index in 0..<probe.tape.memberCount(t) {
                guard let schema = index < schemas.count ? schemas[index] : additional else {
                    return true
                }
                if !schema.isValid(element, &probe) { return false }
                element = probe.tape.next(element)
            }
            return true
        case .minItems(let limit):
            return probe.tape.memberCount(t) >= limit
        case .maxItems(let limit):
            return probe.tape.memberCount(t) <= limit
        case .contains(let schema):
            var element = t + 1
            for _ in 0..<probe.tape.memberCount(t) {
                if schema.isValid(element, &probe) { return true }
                element = probe.tape.next(element)
            }
            return false
        case .uniqueItems:
            return probe.treeCheck(self, keyword, t)
        default:
            return true
        }
    }

    func checkObject(_ keyword: borrowing SchemaKeyword, _ t: Int, _ probe: inout TapeProbe)
        -> Bool
    {
        // The tree keeps one member per repeated key (the last value, at the first key's
        // place, merging canonically equivalent keys too), so such objects are built.
        if probe.tape.hasDuplicateKeys(t) { return probe.treeCheck(self, keyword, t) }

        switch keyword {
        case .properties(let checks):
            // Walking by index, not through `members(t)`, retains no storage.
            var key = t + 1
            for _ in 0..<probe.tape.memberCount(t) {
                if !checkMember(checks, key, key + 1, &probe) { return false }
                key = probe.tape.next(key + 1)
            }
            return true
        case .required(let names):
            return names.allSatisfy { probe.hasMember(t, $0) }
        case .minProperties(let limit):
            return probe.tape.memberCount(t) >= limit
        case .maxProperties(let limit):
            return probe.tape.memberCount(t) <= limit
        case .propertyNames(let schema):
            // A key token is a string token, so the schema probes it like any string.
            var key = t + 1
            for _ in 0..<probe.tape.memberCount(t) {
                if !schema.isValid(key, &probe) { return false }
                key = probe.tape.next(key + 1)
            }
            return true
        case .dependencies(let entries):
            return checkDependencies(entries, t, &probe)
        default:
            return true
        }
    }

    /// `properties`, then every matching `patternProperties`, else `additionalProperties`.
    private func checkMember(
        _ checks: PropertyChecks, _ key: Int, _ value: Int, _ probe: inout TapeProbe
    ) -> Bool {
        var isMatched = false
        if let index = checks.index.position(ofKey: key, tape: probe.tape, in: probe.bytes) {
            isMatched = true
            if !checks.named[index].schema.isValid(value, &probe) { return false }
        }

        if !checks.patterns.isEmpty {
            let name = probe.tape.string(key, in: probe.bytes)
            for (pattern, schema) in checks.patterns where pattern.matches(name) {
                isMatched = true
                if !schema.isValid(value, &probe) { return false }
            }
        }

        guard !isMatched, let additional = checks.additional else { return true }
        return additional.isValid(value, &probe)
    }

    private func checkDependencies(
        _ entries: [(key: String, dependency: SchemaDependency)], _ t: Int,
        _ probe: inout TapeProbe
    ) -> Bool {
        for (key, dependency) in entries where probe.hasMember(t, key) {
            switch dependency {
            case .members(let names):
                if !names.allSatisfy({ probe.hasMember(t, $0) }) { return false }
            case .schema(let schema):
                if !schema.isValid(t, &probe) { return false }
            }
        }
        return true
    }
}
