import SluiceJSON

/// One value of an event at one path of object keys, ready to become one cell.
///
/// `value` is a scalar, or an array or object that is stored whole as JSON (arrays always;
/// objects past the flattening depth or declared to stay whole).
public struct FlatField: Sendable, Equatable {
    /// The keys from the event's top level down to the value (`["properties", "total"]`).
    public var sourcePath: [String]

    public var value: JSONValue

    public init(sourcePath: [String], value: JSONValue) {
        self.sourcePath = sourcePath
        self.value = value
    }

    /// The dotted form of `sourcePath`, as schemas record it (see `SourcePath`).
    public var dottedPath: String { SourcePath.dotted(sourcePath) }
}
