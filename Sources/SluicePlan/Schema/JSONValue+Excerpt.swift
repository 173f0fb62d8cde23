import SluiceJSON

/// Values as violation messages quote them. A message is stored with every row and quarantine
/// record of its event, so a megabyte string, or a plan's enum of a hundred thousand values,
/// is quoted by its start and its size, never copied whole.
extension JSONValue {
    /// Characters of a value a message quotes before it cuts the rest.
    static let excerptLimit = 120

    /// Values of an enum a message lists before it counts the rest.
    static let listedOptions = 10

    /// The value's JSON text, cut after `excerptLimit` characters with its size in bytes.
    var excerpt: String { Self.excerpt(of: jsonText) }

    /// `text`, cut after `excerptLimit` characters with its size in bytes.
    static func excerpt(of text: String) -> String {
        guard text.unicodeScalars.count > excerptLimit else { return text }
        let start = String(String.UnicodeScalarView(text.unicodeScalars.prefix(excerptLimit)))
        return start + "… (\(text.utf8.count) bytes)"
    }

    /// `options` as a JSON array of excerpts, the first `listedOptions` of them, then how
    /// many more there are.
    static func excerpt(ofOptions options: [JSONValue]) -> String {
        let listed = options.prefix(listedOptions).map(\.excerpt).joined(separator: ",")
        let more = options.count - min(options.count, listedOptions)
        return "[" + listed + (more > 0 ? ", … and \(more) more" : "") + "]"
    }
}
