// ECMA-262 (2020) section 21.2.2.8.2, table 57 (General_Category values, short and long
// names, as `\p{..}` takes them), with the Unicode data of the Swift standard library.

extension ScalarSet {
    /// The scalars of the General_Category value (or group of values) `name`, written as
    /// `\p{..}` takes it: `L`, `Letter`, `Lu`, `gc=Lu`, `General_Category=Uppercase_Letter`;
    /// nil for any other property (scripts, binary properties), which the matcher leaves to
    /// the fallback engine.
    static func generalCategory(_ name: String) -> ScalarSet? {
        var value = Substring(name)
        for prefix in ["General_Category=", "gc="] where value.hasPrefix(prefix) {
            value = value.dropFirst(prefix.count)
        }
        guard let codes = categoryNames[String(value)] else { return nil }
        return ScalarSet(codes.flatMap { categoryRanges[$0] ?? [] })
    }

    /// Each name and the two-letter codes it stands for.
    private static let categoryNames: [String: [String]] = {
        let single: [(String, String)] = [
            ("Lu", "Uppercase_Letter"), ("Ll", "Lowercase_Letter"), ("Lt", "Titlecase_Letter"),
            ("Lm", "Modifier_Letter"), ("Lo", "Other_Letter"), ("Mn", "Nonspacing_Mark"),
            ("Mc", "Spacing_Mark"), ("Me", "Enclosing_Mark"), ("Nd", "Decimal_Number"),
            ("Nl", "Letter_Number"), ("No", "Other_Number"), ("Pc", "Connector_Punctuation"),
            ("Pd", "Dash_Punctuation"), ("Ps", "Open_Punctuation"), ("Pe", "Close_Punctuation"),
            ("Pi", "Initial_Punctuation"), ("Pf", "Final_Punctuation"),
            ("Po", "Other_Punctuation"), ("Sm", "Math_Symbol"), ("Sc", "Currency_Symbol"),
            ("Sk", "Modifier_Symbol"), ("So", "Other_Symbol"), ("Zs", "Space_Separator"),
            ("Zl", "Line_Separator"), ("Zp", "Paragraph_Separator"), ("Cc", "Control"),
            ("Cf", "Format"), ("Cs", "Surrogate"), ("Co", "Private_Use"), ("Cn", "Unassigned"),
        ]
        var names: [String: [String]] = [:]
        for (code, long) in single { (names[code], names[long]) = ([code], [code]) }
        let groups: [(String, String, [String])] = [
            ("L", "Letter", ["Lu", "Ll", "Lt", "Lm", "Lo"]),
            ("LC", "Cased_Letter", ["Lu", "Ll", "Lt"]),
            ("M", "Mark", ["Mn", "Mc", "Me"]), ("N", "Number", ["Nd", "Nl", "No"]),
            ("P", "Punctuation", ["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"]),
            ("S", "Symbol", ["Sm", "Sc", "Sk", "So"]), ("Z", "Separator", ["Zs", "Zl", "Zp"]),
            ("C", "Other", ["Cc", "Cf", "Cs", "Co", "Cn"]),
        ]
        for (code, long, members) in groups { (names[code], names[long]) = (members, members) }
        (names["Combining_Mark"], names["digit"], names["punct"], names["cntrl"]) = (
            names["M"], ["Nd"], names["P"], ["Cc"]
        )
        return names
    }()

    /// Every scalar's category, as ranges by two-letter code, read once from the standard
    /// library's Unicode data (about 1.1 million lookups, on first use).
    private static let categoryRanges: [String: [ClosedRange<UInt32>]] = {
        var ranges: [String: [ClosedRange<UInt32>]] = ["Cs": [0xD800...0xDFFF]]
        var start: UInt32 = 0
        var current: String?
        func close(before end: UInt32) {
            if let current, end > start { ranges[current, default: []].append(start...(end - 1)) }
        }
        for value in UInt32(0)...maximumValue {
            guard let scalar = Unicode.Scalar(value) else {
                close(before: value)
                current = nil
                continue
            }
            let code = Self.code(scalar.properties.generalCategory)
            if code != current {
                close(before: value)
                (current, start) = (code, value)
            }
        }
        close(before: maximumValue + 1)
        return ranges
    }()

    private static func code(_ category: Unicode.GeneralCategory) -> String {
        switch category {
        case .uppercaseLetter: return "Lu"
        case .lowercaseLetter: return "Ll"
        case .titlecaseLetter: return "Lt"
        case .modifierLetter: return "Lm"
        case .otherLetter: return "Lo"
        case .nonspacingMark: return "Mn"
        case .spacingMark: return "Mc"
        case .enclosingMark: return "Me"
        case .decimalNumber: return "Nd"
        case .letterNumber: return "Nl"
        case .otherNumber: return "No"
        case .connectorPunctuation: return "Pc"
        case .dashPunctuation: return "Pd"
        case .openPunctuation: return "Ps"
        case .closePunctuation: return "Pe"
        case .initialPunctuation: return "Pi"
        case .finalPunctuation: return "Pf"
        case .otherPunctuation: return "Po"
        case .mathSymbol: return "Sm"
        case .currencySymbol: return "Sc"
        case .modifierSymbol: return "Sk"
        case .otherSymbol: return "So"
        case .spaceSeparator: return "Zs"
        case .lineSeparator: return "Zl"
        case .paragraphSeparator: return "Zp"
        case .control: return "Cc"
        case .format: return "Cf"
        case .surrogate: return "Cs"
        case .privateUse: return "Co"
        case .unassigned: return "Cn"
        @unknown default: return "Cn"
        }
    }
}
