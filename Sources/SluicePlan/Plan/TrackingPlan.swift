import Foundation
import SluiceJSON

/// A Segment tracking plan, compiled: every rule's JSON Schema is compiled once at load and
/// each event is validated against its rule and the common rule.
///
/// Immutable and `Sendable`; `validate` may run on many threads at once.
///
/// Loads these shapes (see `TrackingPlan+Loading.swift`): the Segment Public API export
/// (`{name, rules: [{type, key, version, jsonSchema}]}`), the older Config API export
/// (`{display_name, rules: {events, identify_traits, group_traits, global}}`), typewriter's
/// local plan files (`{events: [{name, rules}]}`), rule schemas carrying
/// `eventMetadata {name, type}` that describe the properties directly, and a bare JSON
/// Schema (one track event named by its `title`).
public struct TrackingPlan: Sendable {
    public var name: String

    /// The enforcement settings from the plan file, or Segment's defaults (all `allow`);
    /// callers may replace or adjust them before validating.
    public var enforcement: EnforcementSettings

    /// Where the plan came from (file path or caller label), for messages.
    public let source: String
    /// The JSON the plan was compiled from, for `independentCopy`; `.null` when it was built
    /// otherwise.
    private(set) var definition: JSONValue = .null

    /// Track rules by event name, oldest version first.
    var trackRules: [String: [PlanRule]] = [:]
    var pageRules: [String: [PlanRule]] = [:]
    var screenRules: [String: [PlanRule]] = [:]
    var identifyRules: [PlanRule] = []
    var groupRules: [PlanRule] = []
    var commonRules: [PlanRule] = []

    /// The same rules found by a name's bytes, and the rules a page or screen call without
    /// a rule of its own falls back to, worked out once here rather than per event.
    private var trackIndex = EventRuleIndex([:])
    private var pageIndex = EventRuleIndex([:])
    private var screenIndex = EventRuleIndex([:])
    private var pageFallback: [PlanRule]?
    private var screenFallback: [PlanRule]?

    init(name: String, source: String, enforcement: EnforcementSettings, rules: [PlanRule]) {
        self.name = name
        self.source = source
        self.enforcement = enforcement
        for rule in rules.sorted(by: { $0.version < $1.version }) { add(rule) }

        trackIndex = EventRuleIndex(trackRules)
        pageIndex = EventRuleIndex(pageRules)
        screenIndex = EventRuleIndex(screenRules)
        pageFallback = pageRules[""] ?? trackRules["Page Viewed"]
        screenFallback = screenRules[""] ?? trackRules["Screen Viewed"]
    }

    private mutating func add(_ rule: PlanRule) {
        switch rule.kind {
        case .track(let event): trackRules[event, default: []].append(rule)
        case .page(let name): pageRules[name, default: []].append(rule)
        case .screen(let name): screenRules[name, default: []].append(rule)
        case .identify: identifyRules.append(rule)
        case .group: groupRules.append(rule)
        case .common: commonRules.append(rule)
        }
    }

    /// The number of track events the plan lists.
    public var trackEventCount: Int { trackRules.count }

    /// Reads and compiles the plan at `path`.
    public static func load(path: String) throws(PlanError) -> TrackingPlan {
        try load(bytes: readFile(path), source: path)
    }

    /// The bytes of the plan file at `path`, read once: a caller that also hashes the plan
    /// hashes these, so the hash is of the plan compiled even when the file changes meanwhile.
    ///
    /// Only a regular file (or a link to one) is read: a FIFO or a device would block the run
    /// until something wrote to it, or never end.
    public static func readFile(_ path: String) throws(PlanError) -> [UInt8] {
        var info = stat()
        let isRegular = stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        guard isRegular, let data = FileManager.default.contents(atPath: path) else {
            let what = isRegular ? "could not be read" : "is not a regular file"
            throw PlanError(
                .unreadableFile, file: path, jsonPath: "$",
                "The tracking plan file '\(path)' \(what); give the path of the plan's JSON file "
                    + "and check that it exists and is readable.")
        }
        return [UInt8](data)
    }

    /// Compiles the plan whose JSON text is `bytes`; `source` names it in errors.
    public static func load(bytes: [UInt8], source: String) throws(PlanError) -> TrackingPlan {
        let json: JSONValue
        do {
            json = try JSONParser().parse(bytes)
        } catch {
            throw PlanError(
                .invalidJSON, file: source, jsonPath: "$",
                "The tracking plan file '\(source)' is not valid JSON: \(error).")
        }
        return try load(json: json, source: source)
    }

    /// Compiles a plan from parsed JSON; `source` names it in errors.
    public static func load(json: JSONValue, source: String) throws(PlanError) -> TrackingPlan {
        var plan = try PlanLoader(source: source).load(json)
        plan.definition = json
        return plan
    }

    /// This plan compiled anew from the JSON it was loaded from, with the same enforcement
    /// settings: it validates exactly as this one does but shares no object with it. Threads
    /// that validate at once each take their own, since every rule they share is reference
    /// counted on every event, and two cores counting one object wait on each other. A plan
    /// not loaded from JSON is returned as it is.
    public func independentCopy() -> TrackingPlan {
        guard case .object = definition, var copy = try? Self.load(json: definition, source: source)
        else { return self }
        copy.enforcement = enforcement
        return copy
    }

    /// The declared fields of the rule that `validate` would pick for this call (oldest
    /// version); empty when the plan has no rule for it.
    public func declaredFields(callType: CallType, eventName: String?) -> [DeclaredField] {
        rules(for: callType, eventName: eventName)?.first?.declaredFields ?? []
    }

    /// The rules (all versions, oldest first) covering a call, or `nil` when none does:
    /// `referenceRules(for:eventName:)`, looked up by the name's bytes.
    func rules(for callType: CallType, eventName: String?) -> [PlanRule]? {
        switch callType {
        case .track: return eventName.flatMap { trackIndex.rules(named: $0) }
        case .page: return eventName.flatMap { pageIndex.rules(named: $0) } ?? pageFallback
        case .screen: return eventName.flatMap { screenIndex.rules(named: $0) } ?? screenFallback
        case .identify: return identifyRules.isEmpty ? nil : identifyRules
        case .group: return groupRules.isEmpty ? nil : groupRules
        case .alias: return nil
        }
    }

    /// The definition `rules(for:eventName:)` keeps to, by `String` lookups: track events by
    /// exact name; page and screen calls by name, then a nameless rule, then the track
    /// event `Page Viewed` or `Screen Viewed`; identify and group by their rules.
    func referenceRules(for callType: CallType, eventName: String?) -> [PlanRule]? {
        switch callType {
        case .track:
            return eventName.flatMap { exactRules(trackRules, $0) }
        case .page:
            return eventName.flatMap { exactRules(pageRules, $0) } ?? pageRules[""]
                ?? trackRules["Page Viewed"]
        case .screen:
            return eventName.flatMap { exactRules(screenRules, $0) } ?? screenRules[""]
                ?? trackRules["Screen Viewed"]
        case .identify:
            return identifyRules.isEmpty ? nil : identifyRules
        case .group:
            return groupRules.isEmpty ? nil : groupRules
        case .alias:
            return nil
        }
    }

    /// Dictionary lookup, then a byte comparison: Swift's `String` equality treats
    /// canonically equivalent names as equal, Segment matches names exactly.
    private func exactRules(_ table: [String: [PlanRule]], _ name: String) -> [PlanRule]? {
        guard let rules = table[name], let stored = rules[0].kind.eventName else { return nil }
        return stored.isByteEqual(to: name) ? rules : nil
    }
}
