// JSON Schema draft-07 core, section 8 (base URI, `$id`, `$ref`, JSON pointer fragments).
import SluiceJSON

/// A schema position: the document's URI and an RFC 6901 pointer (escaped) inside it.
struct SchemaLocation: Hashable {
    var document: String
    var pointer: String

    var text: String { document + "#" + pointer }

    func appending(_ tokens: String...) -> SchemaLocation {
        var copy = self
        for token in tokens { copy.pointer += "/" + JSONPointer.escape(token) }
        return copy
    }

    /// By bytes, as member names compare: the subschemas of `properties` members spelled
    /// `"K"` and `"\u{212A}"` (Kelvin sign) are two locations, which `String` equality would
    /// take for one, compiling the second member to the first one's schema.
    static func == (a: SchemaLocation, b: SchemaLocation) -> Bool {
        a.document.isByteEqual(to: b.document) && a.pointer.isByteEqual(to: b.pointer)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(ExactString(document))
        hasher.combine(ExactString(pointer))
    }
}

/// Turns schema JSON into `SchemaNode`s, resolving every `$ref` once.
///
/// One compiler serves one `JSONSchema`; it is not shared between threads. Nodes are cached
/// by location, so a `$ref` cycle compiles to a node graph with a cycle instead of recursing
/// forever.
final class SchemaCompiler {
    let registry: SchemaRegistry
    let assertsFormats: Bool
    private var documents: [String: JSONValue] = [:]
    var resources: [String: SchemaLocation] = [:]
    var anchors: [String: SchemaLocation] = [:]
    private var nodes: [SchemaLocation: SchemaNode] = [:]
    private(set) var arena: [SchemaNode] = []

    init(registry: SchemaRegistry, assertsFormats: Bool) {
        self.registry = registry
        self.assertsFormats = assertsFormats
    }

    /// Compiles `document`, registered under `uri`, and returns its root node.
    func compileRoot(_ document: JSONValue, uri: String) throws(SchemaError) -> SchemaNode {
        register(document, uri: uri)
        let location = SchemaLocation(document: uri, pointer: "")
        return try node(at: location, value: document, base: URIReference(uri))
    }

    private func register(_ document: JSONValue, uri: String) {
        documents[uri] = document
        resources[uri] = resources[uri] ?? SchemaLocation(document: uri, pointer: "")
        SchemaIndexer(compiler: self, document: uri).index(
            document, pointer: "", base: URIReference(uri))
    }

    /// The cached node at `location`, compiling it on first use.
    func node(at location: SchemaLocation, value: JSONValue, base: URIReference) throws(SchemaError)
        -> SchemaNode
    {
        if let cached = nodes[location] { return cached }

        let node: SchemaNode
        switch value {
        case .bool(let boolean):
            node = SchemaNode(location: location.text, boolean: boolean)
        case .object:
            node = SchemaNode(location: location.text)
        default:
            throw SchemaError(
                .invalidKeyword, at: location.text,
                "A schema must be an object or a boolean, found \(JSONTypeSet.name(of: value)) '\(value.jsonText)'."
            )
        }

        nodes[location] = node
        arena.append(node)
        if case .object(let object) = value {
            node.keywords = try compileKeywords(object, at: location, base: base)
            node.acceptsAnything = node.keywords.isEmpty
        }
        return node
    }

    /// Resolves `reference` against `base` to a compiled node.
    func resolveReference(_ reference: String, base: URIReference, at location: SchemaLocation)
        throws(SchemaError) -> SchemaReference
    {
        let absolute = URIReference(reference).resolved(against: base)
        let resourceURI = absolute.withoutFragment.text
        if resources[resourceURI] == nil, let document = registry.document(uri: resourceURI) {
            register(document, uri: resourceURI)
        }

        guard let resource = resources[resourceURI] else {
            throw SchemaError(
                .unresolvableReference, at: location.text,
                "The reference '\(reference)' points to '\(resourceURI)', which is neither in this schema nor in the schema registry; add the document to the SchemaRegistry."
            )
        }

        let target = try targetLocation(
            absolute, resource: resource, reference: reference, at: location)
        guard let (value, targetBase) = lookUp(target) else {
            throw SchemaError(
                .unresolvableReference, at: location.text,
                "The reference '\(reference)' points to '\(target.text)', which does not exist in its document."
            )
        }
        return SchemaReference(
            uri: absolute.text, target: try node(at: target, value: value, base: targetBase))
    }

    private func targetLocation(
        _ absolute: URIReference, resource: SchemaLocation, reference: String,
        at location: SchemaLocation
    ) throws(SchemaError) -> SchemaLocation {
        guard let fragment = JSONPointer.percentDecoded(absolute.fragment ?? "") else {
            throw SchemaError(
                .unresolvableReference, at: location.text,
                "The reference '\(reference)' has a malformed percent-escape in its fragment.")
        }

        if fragment.isEmpty { return resource }
        if fragment.hasPrefix("/") {
            return SchemaLocation(document: resource.document, pointer: resource.pointer + fragment)
        }
        guard let anchor = anchors[absolute.text] else {
            throw SchemaError(
                .unresolvableReference, at: location.text,
                "The reference '\(reference)' names the identifier '#\(fragment)', which no '$id' in the schema declares."
            )
        }
        return anchor
    }

    /// The JSON at `location` and the base URI in force there (the `$id`s of its ancestors).
    private func lookUp(_ location: SchemaLocation) -> (JSONValue, URIReference)? {
        guard var current = documents[location.document],
            let tokens = JSONPointer.tokens(location.pointer)
        else { return nil }

        var base = URIReference(location.document)
        for token in tokens {
            if case .object(let object) = current, object["$ref"] == nil,
                let id = object["$id"]?.stringValue
            {
                base = URIReference(id).resolved(against: base).withoutFragment
            }
            guard let next = JSONPointer.resolve([token], in: current) else { return nil }
            current = next
        }
        return (current, base)
    }
}

/// Records every `$id` of a document (resources and plain-name fragments), walking only
/// keywords whose values are schemas, so an `$id` inside `enum` or `const` data is ignored.
struct SchemaIndexer {
    let compiler: SchemaCompiler
    let document: String

    static let schemaKeywords: Set<String> = [
        "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if",
        "then", "else",
    ]
    static let schemaArrayKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "items"]
    static let schemaMapKeywords: Set<String> = [
        "properties", "patternProperties", "definitions", "dependencies",
    ]

    func index(_ value: JSONValue, pointer: String, base: URIReference) {
        guard case .object(let object) = value else { return }
        var base = base
        if object["$ref"] == nil, let id = object["$id"]?.stringValue {
            base = record(id: id, pointer: pointer, base: base)
        }

        for (key, member) in object {
            let path = pointer + "/" + JSONPointer.escape(key)
            if Self.schemaKeywords.contains(key) || (key == "items" && member.objectValue != nil) {
                index(member, pointer: path, base: base)
            } else if Self.schemaArrayKeywords.contains(key), let array = member.arrayValue {
                for (offset, element) in array.enumerated() {
                    index(element, pointer: path + "/\(offset)", base: base)
                }
            } else if Self.schemaMapKeywords.contains(key), let map = member.objectValue {
                for (name, element) in map {
                    index(element, pointer: path + "/" + JSONPointer.escape(name), base: base)
                }
            }
        }
    }

    private func record(id: String, pointer: String, base: URIReference) -> URIReference {
        let resolved = URIReference(id).resolved(against: base)
        let location = SchemaLocation(document: document, pointer: pointer)
        if let fragment = resolved.fragment, !fragment.isEmpty {
            compiler.anchors[resolved.text] = location
        }

        let resource = resolved.withoutFragment
        if resource != base { compiler.resources[resource.text] = location }
        return resource
    }
}
