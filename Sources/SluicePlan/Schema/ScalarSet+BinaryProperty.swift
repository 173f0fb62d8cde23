// ECMA-262 (2020) section 21.2.2.8.2, table 56 (binary Unicode properties, long and short
// names), with the Unicode data of the Swift standard library.
import Foundation

extension ScalarSet {
    /// The scalars that have the binary property `name`, written as `\p{..}` takes it
    /// (`Alphabetic`, `Alpha`, `White_Space`, `Any`); nil for a property the standard library
    /// does not expose (`Emoji_Component`, `Extended_Pictographic`), which the matcher
    /// leaves to the fallback engine. Built once per property from every scalar's properties
    /// (about a million lookups), which only a plan's loading asks for.
    static func binaryProperty(_ name: String) -> ScalarSet? {
        BinaryPropertyCache.shared.set(name) { build($0) }
    }

    private static func build(_ name: String) -> ScalarSet? {
        switch name {
        case "Any": return ScalarSet([0...maximumValue])
        case "ASCII": return ScalarSet([0...0x7F])
        case "Regional_Indicator", "RI": return ScalarSet([0x1F1E6...0x1F1FF])
        default: break
        }
        guard let test = predicates[name] else { return nil }
        var ranges: [ClosedRange<UInt32>] = []
        var start: UInt32?
        for value in UInt32(0)...maximumValue + 1 {
            let holds =
                value <= maximumValue && Unicode.Scalar(value).map { test($0.properties) } == true
            if holds, start == nil { start = value }
            if !holds, let first = start {
                ranges.append(first...(value - 1))
                start = nil
            }
        }
        return ScalarSet(ranges)
    }

    /// The binary properties ECMA-262 lists, long and short names: those the standard library
    /// answers, the three built from ranges, and two it does not expose, which only the
    /// fallback engine reads.
    static let binaryPropertyNames: Set<String> = Set(predicates.keys).union([
        "Any", "ASCII", "Regional_Indicator", "RI", "Emoji_Component", "EComp",
        "Extended_Pictographic", "ExtPict",
    ])

    /// Each property the standard library answers, by long and short name.
    private static let predicates: [String: @Sendable (Unicode.Scalar.Properties) -> Bool] = {
        let named: [([String], @Sendable (Unicode.Scalar.Properties) -> Bool)] = [
            (["Alphabetic", "Alpha"], { $0.isAlphabetic }),
            (["ASCII_Hex_Digit", "AHex"], { $0.isASCIIHexDigit }),
            (["Assigned"], { $0.generalCategory != .unassigned }),
            (["Bidi_Control", "Bidi_C"], { $0.isBidiControl }),
            (["Bidi_Mirrored", "Bidi_M"], { $0.isBidiMirrored }),
            (["Case_Ignorable", "CI"], { $0.isCaseIgnorable }),
            (["Cased"], { $0.isCased }),
            (["Changes_When_Casefolded", "CWCF"], { $0.changesWhenCaseFolded }),
            (["Changes_When_Casemapped", "CWCM"], { $0.changesWhenCaseMapped }),
            (["Changes_When_Lowercased", "CWL"], { $0.changesWhenLowercased }),
            (["Changes_When_NFKC_Casefolded", "CWKCF"], { $0.changesWhenNFKCCaseFolded }),
            (["Changes_When_Titlecased", "CWT"], { $0.changesWhenTitlecased }),
            (["Changes_When_Uppercased", "CWU"], { $0.changesWhenUppercased }),
            (["Dash"], { $0.isDash }),
            (["Default_Ignorable_Code_Point", "DI"], { $0.isDefaultIgnorableCodePoint }),
            (["Deprecated", "Dep"], { $0.isDeprecated }),
            (["Diacritic", "Dia"], { $0.isDiacritic }),
            (["Emoji"], { $0.isEmoji }),
            (["Emoji_Modifier", "EMod"], { $0.isEmojiModifier }),
            (["Emoji_Modifier_Base", "EBase"], { $0.isEmojiModifierBase }),
            (["Emoji_Presentation", "EPres"], { $0.isEmojiPresentation }),
            (["Extender", "Ext"], { $0.isExtender }),
            (["Grapheme_Base", "Gr_Base"], { $0.isGraphemeBase }),
            (["Grapheme_Extend", "Gr_Ext"], { $0.isGraphemeExtend }),
            (["Hex_Digit", "Hex"], { $0.isHexDigit }),
            (["IDS_Binary_Operator", "IDSB"], { $0.isIDSBinaryOperator }),
            (["IDS_Trinary_Operator", "IDST"], { $0.isIDSTrinaryOperator }),
            (["ID_Continue", "IDC"], { $0.isIDContinue }),
            (["ID_Start", "IDS"], { $0.isIDStart }),
            (["Ideographic", "Ideo"], { $0.isIdeographic }),
            (["Join_Control", "Join_C"], { $0.isJoinControl }),
            (["Logical_Order_Exception", "LOE"], { $0.isLogicalOrderException }),
            (["Lowercase", "Lower"], { $0.isLowercase }),
            (["Math"], { $0.isMath }),
            (["Noncharacter_Code_Point", "NChar"], { $0.isNoncharacterCodePoint }),
            (["Pattern_Syntax", "Pat_Syn"], { $0.isPatternSyntax }),
            (["Pattern_White_Space", "Pat_WS"], { $0.isPatternWhitespace }),
            (["Quotation_Mark", "QMark"], { $0.isQuotationMark }),
            (["Radical"], { $0.isRadical }),
            (["Sentence_Terminal", "STerm"], { $0.isSentenceTerminal }),
            (["Soft_Dotted", "SD"], { $0.isSoftDotted }),
            (["Terminal_Punctuation", "Term"], { $0.isTerminalPunctuation }),
            (["Unified_Ideograph", "UIdeo"], { $0.isUnifiedIdeograph }),
            (["Uppercase", "Upper"], { $0.isUppercase }),
            (["Variation_Selector", "VS"], { $0.isVariationSelector }),
            (["White_Space", "space"], { $0.isWhitespace }),
            (["XID_Continue", "XIDC"], { $0.isXIDContinue }),
            (["XID_Start", "XIDS"], { $0.isXIDStart }),
        ]
        var table: [String: @Sendable (Unicode.Scalar.Properties) -> Bool] = [:]
        for (names, test) in named {
            for name in names { table[name] = test }
        }
        return table
    }()
}

/// The binary property sets built so far, shared by the threads that load plans.
private final class BinaryPropertyCache: @unchecked Sendable {
    static let shared = BinaryPropertyCache()

    private let lock = NSLock()
    private var sets: [String: ScalarSet?] = [:]

    /// The set for `name`, built by `build` the first time it is asked for.
    func set(_ name: String, build: (String) -> ScalarSet?) -> ScalarSet? {
        lock.lock()
        defer { lock.unlock() }
        if let known = sets[name] { return known }
        let built = build(name)
        sets[name] = built
        return built
    }
}
