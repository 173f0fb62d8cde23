// JSON Schema draft-07 validation, sections 6.4 (arrays), 6.5 (objects), 6.6 (conditionals)
// and 6.7 (boolean logic).
import SluiceJSON

extension KeywordBuilder {
    mutating func compileArray() throws(SchemaError) {
        if let items = object["items"] {
            if case .array(let elements) = items {
                var nodes: [SchemaNode] = []
                for (index, element) in elements.enumerated() {
                    nodes.append(try child(element, "items", String(index)))
                }
                let additional = try object["additionalItems"].map { value throws(SchemaError) in
                    try child(value, "additionalItems")
                }
                keywords.append(.tupleItems(nodes, additional: additional))
            } else {
                keywords.append(.items(try child(items, "items")))
            }
        }

        if let limit = try count("minItems") { keywords.append(.minItems(limit)) }
        if let limit = try count("maxItems") { keywords.append(.maxItems(limit)) }
        if object["uniqueItems"]?.boolValue == true { keywords.append(.uniqueItems) }
        if let contains = object["contains"] {
            keywords.append(.contains(try child(contains, "contains")))
        }
    }

    mutating func compileObject() throws(SchemaError) {
        if let value = object["required"] {
            guard case .array(let names) = value else {
                throw compiler.invalid(
                    location.appending("required"), "'required' must be an array of strings")
            }
            let keys = names.compactMap(\.stringValue)
            if !keys.isEmpty { keywords.append(.required(keys)) }
        }

        if let limit = try count("minProperties") { keywords.append(.minProperties(limit)) }
        if let limit = try count("maxProperties") { keywords.append(.maxProperties(limit)) }
        if let checks = try propertyChecks() { keywords.append(.properties(checks)) }
        if let names = object["propertyNames"] {
            keywords.append(.propertyNames(try child(names, "propertyNames")))
        }
        try compileDependencies()
    }

    private func propertyChecks() throws(SchemaError) -> PropertyChecks? {
        var named: [(key: String, schema: SchemaNode)] = []
        for (key, value) in try members("properties") {
            named.append((key, try child(value, "properties", key)))
        }

        var patterns: [(pattern: ECMARegex, schema: SchemaNode)] = []
        for (source, value) in try members("patternProperties") {
            let pattern = try regex(source, "patternProperties", source)
            patterns.append((pattern, try child(value, "patternProperties", source)))
        }

        let additional = try object["additionalProperties"].map { value throws(SchemaError) in
            try child(value, "additionalProperties")
        }
        guard !named.isEmpty || !patterns.isEmpty || additional != nil else { return nil }
        return PropertyChecks(named: named, patterns: patterns, additional: additional)
    }

    private func members(_ keyword: String) throws(SchemaError) -> JSONObject {
        guard let value = object[keyword] else { return JSONObject() }
        guard case .object(let map) = value else {
            throw compiler.invalid(location.appending(keyword), "'\(keyword)' must be an object")
        }
        return map
    }

    private mutating func compileDependencies() throws(SchemaError) {
        var entries: [(key: String, dependency: SchemaDependency)] = []
        for (key, value) in try members("dependencies") {
            if case .array(let names) = value {
                entries.append((key, .members(names.compactMap(\.stringValue))))
            } else {
                entries.append((key, .schema(try child(value, "dependencies", key))))
            }
        }
        if !entries.isEmpty { keywords.append(.dependencies(entries)) }
    }

    mutating func compileCombinators() throws(SchemaError) {
        if let nodes = try schemaList("allOf") { keywords.append(.allOf(nodes)) }
        if let nodes = try schemaList("anyOf") { keywords.append(.anyOf(nodes)) }
        if let nodes = try schemaList("oneOf") { keywords.append(.oneOf(nodes)) }
        if let not = object["not"] { keywords.append(.not(try child(not, "not"))) }
        guard let condition = object["if"] else { return }

        let ifNode = try child(condition, "if")
        let thenNode = try object["then"].map { value throws(SchemaError) in
            try child(value, "then")
        }
        let elseNode = try object["else"].map { value throws(SchemaError) in
            try child(value, "else")
        }
        if thenNode != nil || elseNode != nil {
            keywords.append(.conditional(if: ifNode, then: thenNode, else: elseNode))
        }
    }
}
