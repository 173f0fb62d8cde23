import SluiceJSON

/// One value of an event at one path of object keys, ready to become one cell.
///
/// `value` is a scalar, or an array or object that is stored whole as JSON (arrays always;
/// objects past the flattening depth or declared to stay whole).
public struct FlatField: Sendable, Equatable {
    /// The keys from the event's top level down to the value (`["properties", "total"]`).
    public let sourcePath: [String]

    /// The dotted form of `sourcePath`, as schemas record it (see `SourcePath`); kept with
    /// the field because every schema and row lookup is by it.
    public let dottedPath: String

    public var value: JSONValue

    public init(sourcePath: [String], value: JSONValue) {
        self.init(sourcePath: sourcePath, dottedPath: SourcePath.dotted(sourcePath), value: value)
    }

    /// Creates a field whose dotted path the flattener has already built.
    init(sourcePath: [String], dottedPath: String, value: JSONValue) {
        self.sourcePath = sourcePath
        self.dottedPath = dottedPath
        self.value = value
    }
}
