import SluiceJSON

/// One compiled schema: the keywords of a JSON Schema object (or a boolean schema), turned
/// into typed checks once so validation never looks at schema JSON again.
///
/// Nodes are built by `SchemaCompiler` and never change after `JSONSchema.init` returns, so
/// sharing them across threads is safe. `$ref` edges may form cycles; the owning
/// `JSONSchema` keeps every node alive in its arena and `$ref` edges do not retain.
final class SchemaNode: @unchecked Sendable {
    /// Where the node sits: the document URI and the JSON pointer inside it.
    let location: String

    /// `false` for the boolean schema `false`, which rejects everything.
    var acceptsAnything: Bool

    /// Whether this is the `false` schema.
    var rejectsEverything: Bool

    /// The checks, in the order they run.
    var keywords: [SchemaKeyword] = []

    init(location: String, boolean: Bool? = nil) {
        self.location = location
        self.acceptsAnything = boolean == true
        self.rejectsEverything = boolean == false
    }
}

/// A `$ref` edge. It does not retain its target: the `JSONSchema` arena does.
final class SchemaReference: @unchecked Sendable {
    let uri: String
    unowned(unsafe) var target: SchemaNode

    init(uri: String, target: SchemaNode) {
        self.uri = uri
        self.target = target
    }
}

/// The JSON types of JSON Schema's `type` keyword as a bit set.
struct JSONTypeSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = JSONTypeSet(rawValue: 1)
    static let boolean = JSONTypeSet(rawValue: 2)
    static let integer = JSONTypeSet(rawValue: 4)
    static let number = JSONTypeSet(rawValue: 8)
    static let string = JSONTypeSet(rawValue: 16)
    static let array = JSONTypeSet(rawValue: 32)
    static let object = JSONTypeSet(rawValue: 64)

    static let names: [(String, JSONTypeSet)] = [
        ("null", .null), ("boolean", .boolean), ("integer", .integer), ("number", .number),
        ("string", .string), ("array", .array), ("object", .object),
    ]

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init?(name: String) {
        guard let entry = Self.names.first(where: { $0.0 == name }) else { return nil }
        self = entry.1
    }

    /// The type names in the set, in the order JSON Schema lists them.
    var typeNames: [String] {
        Self.names.filter { contains($0.1) }.map(\.0)
    }

    /// Whether `value` has one of the types; `integer` admits `1.0`.
    func admits(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .number(let number):
            if contains(.number) { return true }
            return contains(.integer) && number.isMathematicalInteger
        case .string: return contains(.string)
        case .array: return contains(.array)
        case .object: return contains(.object)
        }
    }

    /// The JSON Schema type name of `value` (`integer` for integral numbers).
    static func name(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let number): return number.isMathematicalInteger ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// The member checks of an object schema, merged so one pass over the instance serves
/// `properties`, `patternProperties` and `additionalProperties`.
///
/// A class so that reading the keyword during validation retains one reference instead of
/// every array inside; built by the compiler, never changed afterwards.
final class PropertyChecks: Sendable {
    let named: [(key: String, schema: SchemaNode)]
    let index: MemberIndex
    let patterns: [(pattern: ECMARegex, schema: SchemaNode)]
    let additional: SchemaNode?

    init(
        named: [(key: String, schema: SchemaNode)],
        patterns: [(pattern: ECMARegex, schema: SchemaNode)], additional: SchemaNode?
    ) {
        self.named = named
        self.index = MemberIndex(named.map(\.key))
        self.patterns = patterns
        self.additional = additional
    }

    /// Whether every instance member must be visited (patterns or additionalProperties).
    var needsMemberScan: Bool { !patterns.isEmpty || additional != nil }
}

/// A `dependencies` entry: required member names or a schema.
enum SchemaDependency {
    case members([String])
    case schema(SchemaNode)
}

/// A numeric bound of `minimum`, `maximum`, `exclusiveMinimum` or `exclusiveMaximum`.
struct NumericBound {
    var limit: JSONNumber
    var isExclusive: Bool
}

/// One compiled keyword.
enum SchemaKeyword {
    case type(JSONTypeSet)
    case enumeration([JSONValue])
    case constant(JSONValue)
    case multipleOf(JSONNumber)
    case minimum(NumericBound)
    case maximum(NumericBound)
    case minLength(Int)
    case maxLength(Int)
    case pattern(ECMARegex)
    case format(SchemaFormat)
    case items(SchemaNode)
    case tupleItems([SchemaNode], additional: SchemaNode?)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case contains(SchemaNode)
    case properties(PropertyChecks)
    case required([String])
    case minProperties(Int)
    case maxProperties(Int)
    case propertyNames(SchemaNode)
    case dependencies([(key: String, dependency: SchemaDependency)])
    case allOf([SchemaNode])
    case anyOf([SchemaNode])
    case oneOf([SchemaNode])
    case not(SchemaNode)
    case conditional(if: SchemaNode, then: SchemaNode?, else: SchemaNode?)
    case ref(SchemaReference)

    /// The keyword's name as written in a schema (`properties` covers its two siblings).
    var name: String {
        switch self {
        case .type: return "type"
        case .enumeration: return "enum"
        case .constant: return "const"
        case .multipleOf: return "multipleOf"
        case .minimum(let bound): return bound.isExclusive ? "exclusiveMinimum" : "minimum"
        case .maximum(let bound): return bound.isExclusive ? "exclusiveMaximum" : "maximum"
        case .minLength: return "minLength"
        case .maxLength: return "maxLength"
        case .pattern: return "pattern"
        case .format: return "format"
        case .items, .tupleItems: return "items"
        case .minItems: return "minItems"
        case .maxItems: return "maxItems"
        case .uniqueItems: return "uniqueItems"
        case .contains: return "contains"
        case .properties: return "properties"
        case .required: return "required"
        case .minProperties: return "minProperties"
        case .maxProperties: return "maxProperties"
        case .propertyNames: return "propertyNames"
        case .dependencies: return "dependencies"
        case .allOf: return "allOf"
        case .anyOf: return "anyOf"
        case .oneOf: return "oneOf"
        case .not: return "not"
        case .conditional: return "if"
        case .ref: return "$ref"
        }
    }
}
