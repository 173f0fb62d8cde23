import SluiceJSON

/// A compiled JSON Schema (draft-07): parse the schema JSON once, validate many instances.
///
/// Immutable and `Sendable`: one compiled schema may validate from many threads at once.
/// Validation never touches schema JSON again; a valid instance costs no allocation
/// (`isValid(_:)` probes without building paths or messages, and `validate(_:)` only
/// collects when the probe fails).
public struct JSONSchema: Sendable {
    /// The base URI given to a schema without `$id`, so relative references have a scheme.
    public static let defaultBaseURI = "urn:sluice:schema"

    let root: SchemaNode

    /// Every compiled node; `$ref` edges do not retain their targets, this does.
    private let arena: [SchemaNode]

    /// The nodes flattened for probing tapes.
    let program: TapeProgram

    /// Compiles `json`. References resolve inside `json`, then in `registry`.
    ///
    /// - Parameters:
    ///   - baseURI: the retrieval URI of the schema, used when it has no `$id`.
    ///   - assertsFormats: whether `format` fails invalid strings (draft-07 makes it optional;
    ///     Segment's Protocols asserts it).
    public init(
        json: JSONValue, registry: SchemaRegistry = SchemaRegistry(),
        baseURI: String = JSONSchema.defaultBaseURI, assertsFormats: Bool = true
    ) throws(SchemaError) {
        let compiler = SchemaCompiler(registry: registry, assertsFormats: assertsFormats)
        var uri = URIReference(baseURI).withoutFragment
        if json["$ref"] == nil, let id = json["$id"]?.stringValue {
            uri = URIReference(id).resolved(against: uri).withoutFragment
        }
        root = try compiler.compileRoot(json, uri: uri.text)
        arena = compiler.arena
        if let loop = ReferenceLoopCheck.loop(in: arena) {
            throw SchemaError(
                .referenceLoop, at: loop[0],
                "The schema applies itself to the same value without end ("
                    + loop.map { "'\($0)'" }.joined(separator: " -> ")
                    + "): each step refers on with '$ref', 'allOf', 'anyOf', 'oneOf', 'not', "
                    + "'if'/'then'/'else' or 'dependencies' and none reads into a member or an "
                    + "item, so no value could be validated; break the loop.")
        }
        program = TapeProgram(TapeProgramBuilder(arena: arena, root: root))
    }

    /// Whether `instance` is valid, stopping at the first failing keyword.
    public func isValid(_ instance: JSONValue) -> Bool {
        var run = ValidationRun(isCollecting: false)
        return root.validate(instance, &run)
    }

    /// What of an object instance the schema can look at: validating the instance cut down
    /// to it (`JSONValue.projected(by:)`) gives the same verdict and violations.
    public var projection: JSONProjection { root.projection() }

    /// Every violation of `instance`; empty when valid.
    public func validate(_ instance: JSONValue) -> [SchemaViolation] {
        if isValid(instance) { return [] }
        var run = ValidationRun(isCollecting: true)
        _ = root.validate(instance, &run)
        return run.violations
    }
}
