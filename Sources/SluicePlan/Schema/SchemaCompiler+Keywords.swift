// JSON Schema draft-07 validation, sections 6.1-6.7 (validation keywords) and 7 (format);
// draft-07 core section 8.3 (`$ref` siblings are ignored).
import SluiceJSON

extension SchemaCompiler {
    /// The keywords of one schema object, in a fixed order (cheap checks first).
    func compileKeywords(_ object: JSONObject, at location: SchemaLocation, base: URIReference)
        throws(SchemaError) -> [SchemaKeyword]
    {
        if let reference = object["$ref"] {
            guard case .string(let text) = reference else {
                throw invalid(location.appending("$ref"), "'$ref' must be a string")
            }
            return [.ref(try resolveReference(text, base: base, at: location))]
        }

        var base = base
        if let id = object["$id"]?.stringValue {
            base = URIReference(id).resolved(against: base).withoutFragment
        }
        var builder = KeywordBuilder(compiler: self, object: object, location: location, base: base)
        try builder.compileGeneric()
        try builder.compileNumeric()
        try builder.compileString()
        try builder.compileArray()
        try builder.compileObject()
        try builder.compileCombinators()
        return builder.keywords
    }

    func invalid(_ location: SchemaLocation, _ what: String) -> SchemaError {
        SchemaError(
            .invalidKeyword, at: location.text,
            "The schema keyword at '\(location.text)' is malformed: \(what).")
    }
}

/// Compiles the keywords of one schema object, group by group.
struct KeywordBuilder {
    let compiler: SchemaCompiler
    let object: JSONObject
    let location: SchemaLocation
    let base: URIReference
    var keywords: [SchemaKeyword] = []

    init(compiler: SchemaCompiler, object: JSONObject, location: SchemaLocation, base: URIReference)
    {
        self.compiler = compiler
        self.object = object
        self.location = location
        self.base = base
    }

    func child(_ value: JSONValue, _ tokens: String...) throws(SchemaError) -> SchemaNode {
        var childLocation = location
        for token in tokens { childLocation = childLocation.appending(token) }
        return try compiler.node(at: childLocation, value: value, base: base)
    }

    func count(_ keyword: String) throws(SchemaError) -> Int? {
        guard let value = object[keyword] else { return nil }
        guard case .number(let number) = value, number.isMathematicalInteger, number.double >= 0
        else {
            throw compiler.invalid(
                location.appending(keyword), "'\(keyword)' must be a non-negative integer")
        }
        return number.int64.map { Int(clamping: $0) }
            ?? Int(clamping: Int64(exactly: number.double.rounded()) ?? .max)
    }

    func number(_ keyword: String) throws(SchemaError) -> JSONNumber? {
        guard let value = object[keyword] else { return nil }
        guard case .number(let number) = value else {
            throw compiler.invalid(location.appending(keyword), "'\(keyword)' must be a number")
        }
        return number
    }

    func schemaList(_ keyword: String) throws(SchemaError) -> [SchemaNode]? {
        guard let value = object[keyword] else { return nil }
        guard case .array(let elements) = value, !elements.isEmpty else {
            throw compiler.invalid(
                location.appending(keyword), "'\(keyword)' must be a non-empty array of schemas")
        }
        var nodes: [SchemaNode] = []
        for (index, element) in elements.enumerated() {
            nodes.append(try child(element, keyword, String(index)))
        }
        return nodes
    }

    func regex(_ source: String, _ tokens: String...) throws(SchemaError) -> ECMARegex {
        do {
            return try ECMARegex(source)
        } catch {
            var at = location
            for token in tokens { at = at.appending(token) }
            throw SchemaError(.unsupportedPattern, at: at.text, error.message)
        }
    }

    mutating func compileGeneric() throws(SchemaError) {
        if let value = object["type"] { keywords.append(.type(try types(value))) }

        if let value = object["enum"] {
            guard case .array(let options) = value else {
                throw compiler.invalid(location.appending("enum"), "'enum' must be an array")
            }
            keywords.append(.enumeration(options))
        }

        if let value = object["const"] { keywords.append(.constant(value)) }
        if let value = object["format"], compiler.assertsFormats {
            guard case .string(let name) = value else {
                throw compiler.invalid(location.appending("format"), "'format' must be a string")
            }
            if let format = SchemaFormat(rawValue: name) { keywords.append(.format(format)) }
        }
    }

    private func types(_ value: JSONValue) throws(SchemaError) -> JSONTypeSet {
        let names: [JSONValue]
        if case .array(let list) = value { names = list } else { names = [value] }
        var set: JSONTypeSet = []
        for name in names {
            guard case .string(let text) = name, let type = JSONTypeSet(name: text) else {
                throw compiler.invalid(
                    location.appending("type"),
                    "'type' must name JSON Schema types, found '\(name.jsonText)'")
            }
            set.insert(type)
        }
        return set
    }

    mutating func compileNumeric() throws(SchemaError) {
        if let divisor = try number("multipleOf") {
            guard divisor.double > 0 else {
                throw compiler.invalid(
                    location.appending("multipleOf"), "'multipleOf' must be greater than 0")
            }
            keywords.append(.multipleOf(divisor))
        }

        // Draft-04 plans (still common in typewriter fixtures) write the exclusive bounds as
        // booleans that modify `minimum` and `maximum`.
        let draftFourMinimum = object["exclusiveMinimum"]?.boolValue
        let draftFourMaximum = object["exclusiveMaximum"]?.boolValue
        if let limit = try number("minimum") {
            keywords.append(
                .minimum(NumericBound(limit: limit, isExclusive: draftFourMinimum == true)))
        }
        if draftFourMinimum == nil, let limit = try number("exclusiveMinimum") {
            keywords.append(.minimum(NumericBound(limit: limit, isExclusive: true)))
        }
        if let limit = try number("maximum") {
            keywords.append(
                .maximum(NumericBound(limit: limit, isExclusive: draftFourMaximum == true)))
        }
        if draftFourMaximum == nil, let limit = try number("exclusiveMaximum") {
            keywords.append(.maximum(NumericBound(limit: limit, isExclusive: true)))
        }
    }

    mutating func compileString() throws(SchemaError) {
        if let limit = try count("minLength") { keywords.append(.minLength(limit)) }
        if let limit = try count("maxLength") { keywords.append(.maxLength(limit)) }
        guard let value = object["pattern"] else { return }

        guard case .string(let source) = value else {
            throw compiler.invalid(location.appending("pattern"), "'pattern' must be a string")
        }
        keywords.append(.pattern(try regex(source, "pattern")))
    }
}
