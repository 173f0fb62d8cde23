import Testing

@testable import SluiceWarehouse

struct SnakeCaseCase: Sendable, CustomTestStringConvertible {
    let input: String
    let expected: String
    var testDescription: String { "'\(input)' → '\(expected)'" }
}

// The first block is go-snakecase's own sample table, which Segment warehouses use; the
// rest are Segment property names, and the two places where Sluice deliberately differs.
let snakeCaseCases: [SnakeCaseCase] = [
    .init(input: "sample text", expected: "sample_text"),
    .init(input: "sample-text", expected: "sample_text"),
    .init(input: "sample_text", expected: "sample_text"),
    .init(input: "sample___text", expected: "sample_text"),
    .init(input: "sampleText", expected: "sample_text"),
    .init(input: "inviteYourCustomersAddInvites", expected: "invite_your_customers_add_invites"),
    .init(input: "sample 2 Text", expected: "sample_2_text"),
    .init(input: "   sample   2    Text   ", expected: "sample_2_text"),
    .init(input: "   $#$sample   2    Text   ", expected: "sample_2_text"),
    .init(input: "SAMPLE 2 TEXT", expected: "sample_2_text"),
    .init(input: "___$$Base64Encode", expected: "base64_encode"),
    .init(input: "FOO:BAR$BAZ", expected: "foo_bar_baz"),
    .init(input: "FOO#BAR#BAZ", expected: "foo_bar_baz"),
    .init(input: "something.com", expected: "something_com"),
    .init(input: "$something%", expected: "something"),
    .init(input: "•¶§ƒ˚foo˙∆˚¬", expected: "foo"),
    .init(input: "productId", expected: "product_id"),
    .init(input: "Order ID", expected: "order_id"),
    .init(input: "userID", expected: "user_id"),
    .init(input: "HTMLParser", expected: "htmlparser"),
    .init(input: "iPhone", expected: "i_phone"),
    .init(input: "userId2", expected: "user_id2"),
    .init(input: "a1B", expected: "a_1b"),
    .init(input: "_id", expected: "_id"),
    .init(input: "__id", expected: "id"),
    .init(input: "Order Completed", expected: "order_completed"),
    .init(input: "", expected: ""),
    .init(input: "!!!", expected: ""),
    // Differences from go-snakecase: diacritics are folded, not dropped ...
    .init(input: "Café Crème", expected: "cafe_creme"),
    .init(input: "Größe", expected: "gro_e"),
    .init(input: "foo名bar", expected: "foo_bar"),
    .init(input: "名前", expected: ""),
    // ... a separator is never doubled (go-snakecase gives `a__1b`) ...
    .init(input: "a_1B", expected: "a_1b"),
    // ... and digits are never split (go-snakecase gives `40_4_page`, `ab1_2cd`, `40_4page`).
    .init(input: "404 Page", expected: "404_page"),
    .init(input: "ab12Cd", expected: "ab_12cd"),
    .init(input: "404Page", expected: "404page"),
    .init(input: "address1 line", expected: "address1_line"),
]

@Test(arguments: snakeCaseCases)
func snakeCaseFollowsGoSnakecase(_ c: SnakeCaseCase) {
    #expect(ColumnNaming.snakeCase(c.input) == c.expected)
}

struct BaseNameCase: Sendable, CustomTestStringConvertible {
    let path: [String]
    let kind: TableKind
    let expected: String
    var testDescription: String { "\(path.joined(separator: ".")) in \(kind) → '\(expected)'" }
}

let longKey = String(repeating: "a", count: 200)

let baseNameCases: [BaseNameCase] = [
    .init(path: ["properties", "shipping", "city"], kind: .trackEvent, expected: "shipping_city"),
    .init(path: ["properties", "productId"], kind: .trackEvent, expected: "product_id"),
    .init(path: ["properties", "Order ID"], kind: .trackEvent, expected: "order_id"),
    .init(path: ["properties", "id"], kind: .trackEvent, expected: "property_id"),
    .init(path: ["properties", "user_id"], kind: .trackEvent, expected: "property_user_id"),
    .init(path: ["properties", "userId"], kind: .trackEvent, expected: "property_user_id"),
    .init(path: ["properties", "Timestamp"], kind: .trackEvent, expected: "property_timestamp"),
    .init(path: ["properties", "event"], kind: .trackEvent, expected: "property_event"),
    .init(path: ["properties", "event"], kind: .pages, expected: "event"),
    .init(path: ["properties", "name"], kind: .pages, expected: "property_name"),
    .init(path: ["properties", "name"], kind: .trackEvent, expected: "name"),
    .init(path: ["properties", "context_ip"], kind: .trackEvent, expected: "property_context_ip"),
    .init(
        path: ["properties", "context", "ip"], kind: .trackEvent, expected: "property_context_ip"),
    .init(path: ["properties", "sluiceX"], kind: .trackEvent, expected: "property_sluice_x"),
    .init(path: ["traits", "id"], kind: .identifies, expected: "trait_id"),
    .init(path: ["traits", "email"], kind: .identifies, expected: "email"),
    .init(path: ["traits", "group_id"], kind: .groups, expected: "trait_group_id"),
    .init(path: ["context", "page", "url"], kind: .pages, expected: "context_page_url"),
    .init(path: ["context", "userAgent"], kind: .trackEvent, expected: "context_user_agent"),
    .init(
        path: ["context", "traits", "email"], kind: .identifies, expected: "context_traits_email"),
    .init(path: ["properties", "order"], kind: .trackEvent, expected: "order_"),
    .init(path: ["properties", "Select"], kind: .trackEvent, expected: "select_"),
    .init(path: ["properties", "user"], kind: .trackEvent, expected: "user_"),
    .init(path: ["properties", "2fa"], kind: .trackEvent, expected: "_2fa"),
    .init(path: ["properties", "404"], kind: .trackEvent, expected: "_404"),
    .init(path: ["properties", "!!!"], kind: .trackEvent, expected: "_fb34562b"),
    .init(path: ["properties", "名前"], kind: .trackEvent, expected: "_1556f557"),
    .init(
        path: ["properties", longKey], kind: .trackEvent,
        expected: String(repeating: "a", count: 119) + "_76cc8c8a"),
]

@Test(arguments: baseNameCases)
func baseNameAppliesTheNamingRules(_ c: BaseNameCase) {
    #expect(ColumnNaming.baseName(forSourcePath: c.path, kind: c.kind) == c.expected)
}

@Test func stableHashIsFNV1aFoldedTo32Bits() {
    #expect(StableHash.hex8("") == "4fd0bfc1")
    #expect(StableHash.hex8("a") == "296230c0")
}

@Test func standardColumnNamesNeedNoQuoting() {
    for kind in TableKind.allCases {
        for column in StandardColumns.columns(for: kind) {
            #expect(!ReservedWords.sql.contains(column.name), "\(column.name)")
        }
    }
}

@Test func dottedSourcePathsKeepDotsInsideKeysApart() {
    let key = SourcePath.dotted(["properties", "a.b"])
    let nested = SourcePath.dotted(["properties", "a", "b"])
    #expect(key == #"properties.a\.b"#)
    #expect(nested == "properties.a.b")
    #expect(SourcePath.segments(ofDotted: key) == ["properties", "a.b"])
    #expect(SourcePath.segments(ofDotted: #"x.back\\slash"#) == ["x", #"back\slash"#])
}
