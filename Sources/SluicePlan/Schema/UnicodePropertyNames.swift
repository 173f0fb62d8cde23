// ECMA-262 (2020) section 21.2.2.8.2: the names `\p{..}` takes (tables 55 to 58): binary
// properties (ScalarSet+BinaryProperty.swift), General_Category values
// (ScalarSet+GeneralCategory.swift) and Script or Script_Extensions values, matched exactly,
// with no loose matching of case or spaces.

/// Checks the property names of a pattern bound for the fallback engine, whose own reading
/// is loose (`\p{letter}`, `\p{lu}`): ECMA-262 refuses those, and a plan that loaded them would
/// validate otherwise than its authors' validators.
enum UnicodePropertyNames {
    /// The first name in `source`'s `\p{..}` and `\P{..}` escapes that ECMA-262 does not
    /// define, or nil. Script values are checked for their form only (`Greek`, `Grek`,
    /// `Old_Italic`): the list of scripts grows with each Unicode version.
    static func firstUnknown(in source: String) -> String? {
        let scalars = Array(source.unicodeScalars)
        var index = 0
        while index + 2 < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "\\" else { continue }
            guard scalars[index + 1] == "p" || scalars[index + 1] == "P", scalars[index + 2] == "{"
            else {
                index += 1
                continue
            }
            let start = index + 3
            guard let end = scalars[start...].firstIndex(of: "}") else { return nil }
            let name = String(String.UnicodeScalarView(scalars[start..<end]))
            if !isKnown(name) { return name }
            index = end
        }
        return nil
    }

    static func isKnown(_ name: String) -> Bool {
        if ScalarSet.binaryPropertyNames.contains(name) || ScalarSet.generalCategory(name) != nil {
            return true
        }
        guard let equals = name.firstIndex(of: "=") else { return false }
        let property = name[..<equals]
        let value = name[name.index(after: equals)...]
        guard ["Script", "sc", "Script_Extensions", "scx"].contains(property) else { return false }
        return value.first.map { $0.isASCII && $0.isUppercase } == true
            && value.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "_") }
    }
}
