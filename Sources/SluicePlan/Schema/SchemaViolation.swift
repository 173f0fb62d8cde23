import SluiceJSON

/// One step into an instance: an object member or an array element.
public enum InstancePathComponent: Sendable, Hashable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let key): return key
        case .index(let index): return String(index)
        }
    }
}

/// What exactly failed, in machine-readable form, so callers can word it their own way.
public enum ViolationDetail: Sendable, Hashable {
    /// `type`: the allowed type names and the instance's type name.
    case type(expected: [String], actual: String)
    /// `required` or an array `dependencies` entry: the missing member's name.
    case missingMember(String)
    /// `additionalProperties: false` (or a failing additional schema): the member's name.
    case unexpectedMember(String)
    /// `enum` or `const`: the allowed values.
    case notAllowedValue([JSONValue])
    /// `pattern`: the pattern source.
    case pattern(String)
    /// `format`: the format name.
    case format(String)
    /// A numeric, length, item-count or member-count bound that was exceeded.
    case bound(limit: String)
    /// Anything else; the message says it.
    case other
}

/// A failed keyword: where in the instance, where in the schema, and why.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// The keyword that failed (`type`, `required`, `additionalProperties`, ...).
    public var keyword: String

    /// The failing value's location in the instance; empty for the root.
    public var instancePath: [InstancePathComponent]

    /// The failing keyword's location: the schema document URI, `#`, a JSON pointer.
    public var schemaPath: String

    /// A sentence for people.
    public var message: String

    /// The structured reason.
    public var detail: ViolationDetail

    /// The instance path joined with dots, as Segment writes fields: `properties.price`.
    public var dottedPath: String {
        instancePath.map(\.description).joined(separator: ".")
    }

    /// The instance path as an RFC 6901 JSON pointer: `/properties/price`.
    public var jsonPointer: String {
        instancePath.map { "/" + JSONPointer.escape($0.description) }.joined()
    }

    public var description: String { "\(jsonPointer.isEmpty ? "/" : jsonPointer): \(message)" }
}

/// A schema that cannot be compiled: a bad keyword value, an unresolvable `$ref`, a pattern
/// outside what the regular-expression engine supports.
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        case invalidKeyword = "schema.invalid-keyword"
        case unresolvableReference = "schema.unresolvable-reference"
        case unsupportedPattern = "schema.unsupported-pattern"
        case referenceLoop = "schema.reference-loop"
    }

    public var code: Code

    /// The offending location: document URI, `#`, JSON pointer.
    public var schemaPath: String

    public var message: String

    public init(_ code: Code, at schemaPath: String, _ message: String) {
        self.code = code
        self.schemaPath = schemaPath
        self.message = message
    }

    public var description: String { "\(message) (at '\(schemaPath)', \(code.rawValue))" }
}
