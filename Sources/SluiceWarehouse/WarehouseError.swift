/// Why the warehouse stage could not do what it was asked, with a stable code.
public struct WarehouseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// A persisted schema is not valid JSON.
        case schemaNotJSON = "schema_not_json"
        /// A persisted schema is JSON but not a table schema Sluice wrote.
        case schemaInvalid = "schema_invalid"
        /// A persisted schema was written in a layout version this build does not read.
        case schemaVersionUnsupported = "schema_version_unsupported"
    }

    public let code: Code

    /// A sentence for people: what, where, why, and the fix.
    public let message: String

    /// The underlying error, such as the JSON parser's, when there is one.
    public let underlying: String?

    public init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        let cause = underlying.map { " (\($0))" } ?? ""
        return "\(message)\(cause) [\(code.rawValue)]"
    }
}
