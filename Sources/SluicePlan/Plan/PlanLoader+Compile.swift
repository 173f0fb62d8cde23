import SluiceJSON

extension PlanLoader {
    /// The base URI of the rule at `path`, so relative `$id`s inside rules stay apart.
    static let ruleBaseURI = "urn:sluice:plan/"

    /// Compiles one rule's schema and works out what it declares.
    func compile(
        _ schema: JSONValue, kind: RuleKind, version: Int, scope: String?, path: String
    ) throws(PlanError) -> PlanRule {
        let compiled: JSONSchema
        do {
            compiled = try JSONSchema(
                json: schema, registry: registry, baseURI: Self.ruleBaseURI + path)
        } catch {
            throw self.error(
                .invalidSchema, path,
                "The rule's JSON Schema does not compile: \(error.message) (schema location '\(error.schemaPath)', \(error.code.rawValue))."
            )
        }

        let memberKey = Self.memberKey(of: kind)
        let memberSchema = scope != nil ? schema : memberKey.flatMap { schema["properties"]?[$0] }
        let declared = memberSchema?["properties"]?.objectValue.map { MemberIndex($0.keys) }
        let fields = memberKey.map { DeclaredField.collect(from: memberSchema, path: [$0]) } ?? []
        return PlanRule(
            kind: kind, version: version, schema: compiled, scope: scope, declaredMembers: declared,
            declaredFields: fields, jsonPath: path)
    }
}
