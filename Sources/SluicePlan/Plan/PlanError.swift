/// A tracking plan that cannot be loaded, or an enforcement override that cannot be applied.
///
/// `file` and `jsonPath` locate the problem (`$.rules[3].jsonSchema.properties`); `message`
/// is a sentence saying what was wrong and how to fix it.
public struct PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The plan file could not be read.
        case unreadableFile = "plan.unreadable-file"
        /// The plan file is not JSON.
        case invalidJSON = "plan.invalid-json"
        /// The JSON is none of the tracking plan shapes Sluice knows.
        case unknownShape = "plan.unknown-shape"
        /// A rule is missing a member or has one of the wrong type.
        case invalidRule = "plan.invalid-rule"
        /// A rule's JSON Schema does not compile.
        case invalidSchema = "plan.invalid-schema"
        /// An enforcement setting names an unknown setting or value.
        case invalidSetting = "plan.invalid-setting"
    }

    public var code: Code

    /// The plan's source: the file path, or the label the caller gave.
    public var file: String

    /// A JSONPath-style location inside the plan (`$` for the whole document).
    public var jsonPath: String

    public var message: String

    public init(_ code: Code, file: String, jsonPath: String, _ message: String) {
        self.code = code
        self.file = file
        self.jsonPath = jsonPath
        self.message = message
    }

    public var description: String { "\(file) at \(jsonPath): \(message) (\(code.rawValue))" }
}
