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

    /// `segment` with `.` and `\` escaped; checks bytes, not characters, since key text
    /// is on the hot path of every event.
    static func escaped(_ segment: String) -> String {
        guard segment.utf8.contains(where: { $0 == 0x2E || $0 == 0x5C }) else { return segment }
        var out = ""
        for character in segment.unicodeScalars {
            if character == "." || character == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(character)
        }
        return out
    }

    /// The dotted path of `segment` below the already dotted `parent`.
    static func appending(_ segment: String, to parent: String) -> String {
        var out = parent
        out.reserveCapacity(parent.utf8.count + segment.utf8.count + 1)
        out.append(".")
        out.append(escaped(segment))
        return out
    }
}
