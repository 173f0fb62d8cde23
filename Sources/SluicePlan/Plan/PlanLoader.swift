import SluiceJSON

/// Recognises a tracking plan's shape and compiles its rules.
///
/// Shapes, tried in this order:
/// - Public API: `rules` is an array of `{type, key, version, jsonSchema}`; `type` is TRACK,
///   IDENTIFY, GROUP, PAGE, SCREEN or COMMON.
/// - Config API: `rules` is an object with `events: [{name, version, rules}]`, optional
///   `identify_traits`/`identify`, `group_traits`/`group` and `global` schemas (an empty
///   array means no rule).
/// - typewriter local plan: top-level `events: [{name, rules}]`, optional `identify_traits`,
///   `group_traits`.
/// - a bare JSON Schema of event properties (`properties` or `type` at the top): one track
///   event named by `title`.
///
/// A rule schema with `eventMetadata` describes the event's properties (or traits) directly;
/// any other rule schema describes the whole payload.
struct PlanLoader {
    let source: String
    let registry = SchemaRegistry()

    func load(_ json: JSONValue) throws(PlanError) -> TrackingPlan {
        guard case .object(let root) = json else {
            throw error(
                .unknownShape, "$",
                "A tracking plan must be a JSON object, found \(JSONTypeSet.name(of: json)).")
        }

        let rules = try loadRules(root)
        try checkVersionsAreUnique(rules)
        var enforcement = EnforcementSettings()
        if root["enforcement"] != nil, root["settings"] != nil {
            throw error(
                .invalidSetting, "$.settings",
                "The plan gives enforcement settings twice, as 'enforcement' and as 'settings'; keep one of them."
            )
        }
        if let settings = root["enforcement"] ?? root["settings"] {
            let key = root["enforcement"] != nil ? "enforcement" : "settings"
            enforcement = try EnforcementSettings(json: settings, source: source, path: "$." + key)
        }
        return TrackingPlan(
            name: planName(root), source: source, enforcement: enforcement, rules: rules)
    }

    /// Refuses two rules for one call (or event) and version: which one applied would depend
    /// on their order in the file, and the other would be ignored without a word.
    private func checkVersionsAreUnique(_ rules: [PlanRule]) throws(PlanError) {
        struct Key: Hashable {
            let kind: String
            let name: String?
            let version: Int
        }
        var seen: [Key: String] = [:]
        for rule in rules {
            let key = Key(
                kind: rule.kind.typeName, name: rule.kind.eventName, version: rule.version)
            guard let first = seen[key] else {
                seen[key] = rule.jsonPath
                continue
            }
            let what = key.name.map { "the \(key.kind) rule '\($0)'" } ?? "the \(key.kind) rule"
            throw error(
                .invalidRule, rule.jsonPath,
                "This is another version \(key.version) of \(what), first given at \(first); give each version of a rule once."
            )
        }
    }

    private func planName(_ root: JSONObject) -> String {
        let candidates = [root["display_name"], root["name"], root["title"]]
        if let name = candidates.lazy.compactMap({ $0?.stringValue }).first(where: { !$0.isEmpty })
        {
            return name
        }
        let file = source.split(separator: "/").last.map(String.init) ?? source
        return file.hasSuffix(".json") ? String(file.dropLast(5)) : file
    }

    private func loadRules(_ root: JSONObject) throws(PlanError) -> [PlanRule] {
        switch root["rules"] {
        case .array(let rules)?:
            return try publicAPIRules(rules)
        case .object(let rules)?:
            return try configAPIRules(rules)
        case nil where root["events"] != nil:
            return try configAPIRules(root, path: "$")
        case nil where root["properties"] != nil || root["type"] != nil:
            let name = root["title"]?.stringValue ?? planName(root)
            return [
                try compile(
                    .object(root), kind: .track(name), version: 1, scope: "properties", path: "$")
            ]
        default:
            throw error(
                .unknownShape, "$",
                "The JSON is not a tracking plan Sluice knows: expected 'rules' (Segment Public or Config API export), 'events' (typewriter plan) or a JSON Schema with 'properties'."
            )
        }
    }

    private func publicAPIRules(_ rules: [JSONValue]) throws(PlanError) -> [PlanRule] {
        var compiled: [PlanRule] = []
        for (index, rule) in rules.enumerated() {
            let path = "$.rules[\(index)]"
            guard case .object(let object) = rule else {
                throw error(
                    .invalidRule, path,
                    "A rule must be an object with 'type', 'key', 'version' and 'jsonSchema'.")
            }
            compiled.append(try publicAPIRule(object, path: path))
        }
        return compiled
    }

    private func publicAPIRule(_ rule: JSONObject, path: String) throws(PlanError) -> PlanRule {
        guard let schema = rule["jsonSchema"], schema.objectValue != nil || schema.boolValue != nil
        else {
            throw error(.invalidRule, path + ".jsonSchema", "The rule has no 'jsonSchema' object.")
        }

        let metadata = schema["eventMetadata"]
        let typeName = rule["type"]?.stringValue ?? metadata?["type"]?.stringValue ?? "TRACK"
        let key = rule["key"]?.stringValue ?? metadata?["name"]?.stringValue ?? ""
        guard let kind = Self.kind(typeName, key: key) else {
            throw error(
                .invalidRule, path + ".type",
                "The rule type '\(typeName)' is unknown; use TRACK, IDENTIFY, GROUP, PAGE, SCREEN or COMMON."
            )
        }

        if case .track(let name) = kind, name.isEmpty {
            throw error(
                .invalidRule, path + ".key",
                "The TRACK rule has no event name in 'key' or 'eventMetadata.name'.")
        }
        let scope = metadata == nil ? nil : Self.memberKey(of: kind)
        let version = try self.version(rule["version"], path: path + ".version")
        return try compile(
            schema, kind: kind, version: version, scope: scope, path: path + ".jsonSchema")
    }

    static func kind(_ type: String, key: String) -> RuleKind? {
        switch type.uppercased() {
        case "TRACK": return .track(key)
        case "PAGE": return .page(key)
        case "SCREEN": return .screen(key)
        case "IDENTIFY": return .identify
        case "GROUP": return .group
        case "COMMON": return .common
        default: return nil
        }
    }

    static func memberKey(of kind: RuleKind) -> String? {
        switch kind {
        case .track, .page, .screen: return "properties"
        case .identify, .group: return "traits"
        case .common: return nil
        }
    }

    private func version(_ value: JSONValue?, path: String) throws(PlanError) -> Int {
        guard let value else { return 1 }
        if case .number(let number) = value, let integer = number.int64 { return Int(integer) }
        if case .string(let text) = value, let integer = Int(text) { return integer }
        throw error(
            .invalidRule, path, "The rule version must be an integer, found '\(value.jsonText)'.")
    }

    private func configAPIRules(_ rules: JSONObject, path: String = "$.rules") throws(PlanError)
        -> [PlanRule]
    {
        var compiled: [PlanRule] = []
        guard case .array(let events)? = rules["events"] ?? .array([]) else {
            throw error(
                .invalidRule, path + ".events", "'events' must be an array of {name, rules}.")
        }
        for (index, event) in events.enumerated() {
            compiled.append(try configAPIEvent(event, path: "\(path).events[\(index)]"))
        }

        let singles: [(String, RuleKind)] = [
            ("identify_traits", .identify), ("identify", .identify), ("group_traits", .group),
            ("group", .group), ("global", .common),
        ]
        for (key, kind) in singles {
            guard let schema = rules[key], schema.objectValue != nil else { continue }
            // A traits schema either wraps the payload (`properties.traits`) or is the traits.
            let wrapsPayload = kind == .common || schema["properties"]?["traits"] != nil
            let scope = wrapsPayload ? nil : Self.memberKey(of: kind)
            compiled.append(
                try compile(schema, kind: kind, version: 1, scope: scope, path: "\(path).\(key)"))
        }
        return compiled
    }

    private func configAPIEvent(_ event: JSONValue, path: String) throws(PlanError) -> PlanRule {
        guard let name = event["name"]?.stringValue, !name.isEmpty else {
            throw error(.invalidRule, path + ".name", "The event has no 'name' string.")
        }
        guard let schema = event["rules"], schema.objectValue != nil else {
            throw error(
                .invalidRule, path + ".rules",
                "The event '\(name)' has no 'rules' JSON Schema object.")
        }
        let version = try self.version(event["version"], path: path + ".version")
        let scope = schema["eventMetadata"] == nil ? nil : "properties"
        return try compile(
            schema, kind: .track(name), version: version, scope: scope, path: path + ".rules")
    }

    func error(_ code: PlanError.Code, _ path: String, _ message: String) -> PlanError {
        PlanError(code, file: source, jsonPath: path, message)
    }
}
