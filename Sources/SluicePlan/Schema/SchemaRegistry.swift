import SluiceJSON

/// Schema documents by absolute URI, the only place `$ref` looks for a document outside the
/// schema being compiled: nothing is ever fetched from the network.
///
/// A value type; copy it freely. It starts with the draft-07 metaschema under
/// `http://json-schema.org/draft-07/schema`.
public struct SchemaRegistry: Sendable {
    /// Documents by URI without fragment.
    public private(set) var documents: [String: JSONValue] = [:]

    /// The metaschema, parsed once per process (a `static let` initialises thread-safely).
    private static let metaschema = try? JSONParser().parse(DraftSevenMetaschema.text)

    /// A registry holding the draft-07 metaschema.
    public init() {
        if let metaschema = Self.metaschema {
            documents[DraftSevenMetaschema.uri] = metaschema
        }
    }

    /// Adds `document` under `uri` (any fragment is dropped), replacing an earlier one.
    public mutating func add(_ document: JSONValue, uri: String) {
        documents[URIReference(uri).withoutFragment.text] = document
    }

    /// The document stored under `uri`, if any.
    public func document(uri: String) -> JSONValue? {
        documents[uri]
    }
}
