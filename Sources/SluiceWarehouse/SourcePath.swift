/// The dotted text form of a path of JSON object keys, as schemas and discards record it.
///
/// `["properties", "shipping", "city"]` is `properties.shipping.city`. A key may itself hold
/// dots, so a dot inside a key is written `\.` and a backslash `\\`: the key `a.b` and the
/// nested path `a` → `b` stay two different source paths (`properties.a\.b` and
/// `properties.a.b`) and never share a column by accident.
public enum SourcePath {
    /// The dotted text of `segments`.
    public static func dotted(_ segments: [String]) -> String {
        var out = ""
        for (index, segment) in segments.enumerated() {
            if index > 0 { out.append(".") }
            out.append(escaped(segment))
        }
        return out
    }

    /// The segments of a dotted path written by `dotted(_:)`.
    public static func segments(ofDotted text: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var isEscaping = false
        for character in text {
            if isEscaping {
                current.append(character)
                isEscaping = false
            } else if character == "\\" {
                isEscaping = true
            } else if character == "." {
                segments.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        segments.append(current)
        return segments
    }

    private static func escaped(_ segment: String) -> String {
        guard segment.contains(where: { $0 == "." || $0 == "\\" }) else { return segment }
        var out = ""
        for character in segment {
            if character == "." || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
