import SluiceJSON

/// Which calls a rule covers.
enum RuleKind: Equatable, Sendable {
    /// A track event, by exact name.
    case track(String)
    /// A page or screen rule; an empty name covers every page (or screen) call.
    case page(String)
    case screen(String)
    case identify
    case group
    /// Segment's common JSON Schema, applied to every call after its own rule.
    case common

    /// The event, page or screen name the rule is keyed by.
    var eventName: String? {
        switch self {
        case .track(let name), .page(let name), .screen(let name): return name
        case .identify, .group, .common: return nil
        }
    }

    /// The rule type as Segment's exports name it: `TRACK`, `PAGE`, ...
    var typeName: String {
        switch self {
        case .track: return "TRACK"
        case .page: return "PAGE"
        case .screen: return "SCREEN"
        case .identify: return "IDENTIFY"
        case .group: return "GROUP"
        case .common: return "COMMON"
        }
    }
}

/// One compiled rule of a tracking plan.
///
/// A class so that handing a rule to each check retains one reference instead of its dozen
/// strings and arrays; immutable, so it may be read from many threads at once.
final class PlanRule: Sendable {
    let kind: RuleKind

    /// The rule's version; plans without versions use 1.
    let version: Int

    let schema: JSONSchema

    /// The payload member the schema describes directly (`properties` or `traits`), or `nil`
    /// when it describes the whole payload (`properties.properties`, `properties.traits`).
    let scope: String?

    /// The top-level property or trait names the rule declares; `nil` when the rule does not
    /// declare a `properties` keyword for the member, so nothing counts as unplanned.
    let declaredMembers: MemberIndex?

    /// Whether a payload valid against `schema` cannot hold an unplanned member, because the
    /// schema gives the member object `additionalProperties: false` beside exactly the
    /// declared names (`TapeProgram.confinesMembers(at:to:)`): the unplanned-member check
    /// then runs only for events the schema rejects. The member object is the rule kind's
    /// (`PlanLoader.memberKey(of:)`), which is the one every call the rule covers checks.
    let schemaConfinesMembers: Bool

    /// The declared fields, for the warehouse schema.
    let declaredFields: [DeclaredField]

    /// Where the rule sits in the plan file.
    let jsonPath: String

    init(
        kind: RuleKind, version: Int, schema: JSONSchema, scope: String?,
        declaredMembers: MemberIndex?, declaredFields: [DeclaredField], jsonPath: String
    ) {
        (self.kind, self.version, self.schema, self.scope) = (kind, version, schema, scope)
        (self.declaredMembers, self.declaredFields) = (declaredMembers, declaredFields)
        self.jsonPath = jsonPath

        // The path from the schema's root to the member object; a scoped schema describes it.
        let memberKey = PlanLoader.memberKey(of: kind)
        let path = scope == nil ? memberKey.map { [$0] } : (scope == memberKey ? [] : nil)
        if let declared = declaredMembers, let path {
            schemaConfinesMembers = schema.program.confinesMembers(at: path, to: declared.names)
        } else {
            schemaConfinesMembers = false
        }
    }
}

/// A field the tracking plan declares, with the JSON Schema types the warehouse should use.
public struct DeclaredField: Sendable, Equatable {
    /// The field's path in the payload, e.g. `["properties", "price"]`.
    public var path: [String]

    /// JSON Schema type names (`string`, `integer`, ...) other than `null`; empty when the
    /// schema leaves the type open.
    public var types: [String]

    /// The `format` keyword, if any (`date-time`, `email`, ...).
    public var format: String?

    /// Whether `null` is allowed (a `null` type or a `null` in `enum`).
    public var isNullable: Bool

    public init(path: [String], types: [String], format: String?, isNullable: Bool) {
        self.path = path
        self.types = types
        self.format = format
        self.isNullable = isNullable
    }
}

extension DeclaredField {
    /// The declared fields below `schema`'s `properties`, recursing into object-typed members.
    static func collect(from schema: JSONValue?, path: [String]) -> [DeclaredField] {
        guard let members = schema?["properties"]?.objectValue else { return [] }
        var fields: [DeclaredField] = []
        for (key, member) in members {
            let field = DeclaredField(member, path: path + [key])
            fields.append(field)
            if field.types.contains("object") || member["properties"] != nil {
                fields += collect(from: member, path: field.path)
            }
        }
        return fields
    }

    private init(_ schema: JSONValue, path: [String]) {
        var names: [String] = []
        switch schema["type"] {
        case .string(let name)?: names = [name]
        case .array(let list)?: names = list.compactMap(\.stringValue)
        default: names = (schema["enum"]?.arrayValue ?? []).map(JSONTypeSet.name(of:))
        }

        let enumHasNull = schema["enum"]?.arrayValue?.contains(.null) ?? false
        var unique: [String] = []
        for name in names where name != "null" && !unique.contains(name) { unique.append(name) }
        self.init(
            path: path, types: unique, format: schema["format"]?.stringValue,
            isNullable: names.contains("null") || enumHasNull)
    }
}
