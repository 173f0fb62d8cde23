// JSON Schema draft-07 validation, sections 6.5 (objects), 6.6 (if/then/else), 6.7 (allOf,
// anyOf, oneOf, not).
import SluiceJSON

extension SchemaNode {
    func checkObject(
        _ keyword: borrowing SchemaKeyword, _ object: JSONObject, _ run: inout ValidationRun
    )
        -> Bool
    {
        switch keyword {
        case .properties(let checks):
            return checkMembers(checks, object, &run)
        case .required(let keys):
            var isValid = true
            for key in keys where object[key] == nil {
                isValid = run.fail(
                    self, "required", .missingMember(key),
                    "The required member '\(JSONValue.excerpt(of: key))' is missing.")
                if !run.isCollecting { return false }
            }
            return isValid
        case .minProperties(let limit):
            if object.count >= limit { return true }
            return run.fail(
                self, "minProperties", .bound(limit: String(limit)),
                "The object has fewer than \(limit) members.")
        case .maxProperties(let limit):
            if object.count <= limit { return true }
            return run.fail(
                self, "maxProperties", .bound(limit: String(limit)),
                "The object has more than \(limit) members.")
        case .propertyNames(let schema):
            var isValid = true
            for key in object.keys where !run.descend(schema, .string(key), .key(key)) {
                isValid = false
                if !run.isCollecting { return false }
            }
            return isValid
        case .dependencies(let entries):
            return checkDependencies(entries, object, &run)
        default:
            return checkCombinator(keyword, .object(object), &run)
        }
    }

    /// One pass over the instance's members, looking each up in the precomputed index.
    private func checkMembers(
        _ checks: PropertyChecks, _ object: JSONObject, _ run: inout ValidationRun
    ) -> Bool {
        // Indexing the buffer borrows each value instead of copying it out of the array.
        object.values.withUnsafeBufferPointer { values in
            var isValid = true
            for position in values.indices
            where !checkMember(checks, object.keys[position], values[position], &run) {
                isValid = false
                if !run.isCollecting { return false }
            }
            return isValid
        }
    }

    /// `properties`, then every matching `patternProperties`, else `additionalProperties`.
    private func checkMember(
        _ checks: PropertyChecks, _ key: String, _ value: borrowing JSONValue,
        _ run: inout ValidationRun
    ) -> Bool {
        var isMatched = false
        var isValid = true
        if let index = checks.index.position(of: key) {
            isMatched = true
            isValid = run.descend(checks.named[index].schema, value, .key(key))
            if !isValid && !run.isCollecting { return false }
        }

        for (pattern, schema) in checks.patterns where pattern.matches(key) {
            isMatched = true
            guard !run.descend(schema, value, .key(key)) else { continue }
            isValid = false
            if !run.isCollecting { return false }
        }

        guard !isMatched, let additional = checks.additional else { return isValid }
        if additional.rejectsEverything {
            return run.fail(
                self, "additionalProperties", .unexpectedMember(key),
                "The member '\(JSONValue.excerpt(of: key))' is not allowed here.")
        }
        return run.descend(additional, value, .key(key))
    }

    private func checkDependencies(
        _ entries: [(key: String, dependency: SchemaDependency)], _ object: JSONObject,
        _ run: inout ValidationRun
    ) -> Bool {
        var isValid = true
        for (key, dependency) in entries where object[key] != nil {
            switch dependency {
            case .members(let names):
                for name in names where object[name] == nil {
                    isValid = run.fail(
                        self, "dependencies", .missingMember(name),
                        "The member '\(JSONValue.excerpt(of: name))' is required when '\(JSONValue.excerpt(of: key))' is present."
                    )
                }
            case .schema(let schema):
                if !schema.validate(.object(object), &run) { isValid = false }
            }
            if !isValid && !run.isCollecting { return false }
        }
        return isValid
    }

    func checkCombinator(
        _ keyword: borrowing SchemaKeyword, _ value: JSONValue, _ run: inout ValidationRun
    )
        -> Bool
    {
        switch keyword {
        case .allOf(let schemas):
            var isValid = true
            for schema in schemas where !schema.validate(value, &run) {
                isValid = false
                if !run.isCollecting { return false }
            }
            return isValid
        case .anyOf(let schemas):
            var probe = run.probe
            if schemas.contains(where: { $0.validate(value, &probe) }) { return true }
            return run.fail(self, "anyOf", .other, "The value matches none of the 'anyOf' schemas.")
        case .oneOf(let schemas):
            var probe = run.probe
            let matches = schemas.lazy.filter { $0.validate(value, &probe) }.prefix(2).count
            if matches == 1 { return true }
            return run.fail(
                self, "oneOf", .other,
                matches == 0
                    ? "The value matches none of the 'oneOf' schemas."
                    : "The value matches more than one of the 'oneOf' schemas.")
        case .not(let schema):
            var probe = run.probe
            if !schema.validate(value, &probe) { return true }
            return run.fail(self, "not", .other, "The value matches the 'not' schema.")
        case .conditional(let condition, let then, let otherwise):
            var probe = run.probe
            let branch = condition.validate(value, &probe) ? then : otherwise
            return branch?.validate(value, &run) ?? true
        default:
            // The keyword applies to another JSON type than the value's.
            return true
        }
    }
}
