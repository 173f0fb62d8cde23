import SluiceJSON
import SluicePlan
import Testing

/// Unit cases for behaviour the official suite does not pin down.
@Suite struct JSONSchemaTests {
    static func schema(_ text: String, registry: SchemaRegistry = SchemaRegistry()) throws
        -> JSONSchema
    {
        try JSONSchema(json: try JSONParser().parse(text), registry: registry)
    }

    static func value(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }

    @Test(arguments: [
        ("0.0075", "0.0001", true), ("0.3", "0.1", true), ("10", "0.1", true),
        ("0.00751", "0.0001", false), ("1e-5", "1e-6", true), ("4.5e2", "15", true),
        ("-7", "3.5", true), ("1e308", "0.5", true), ("7", "2", false),
    ])
    func multipleOfIsDecimalExact(_ number: String, _ divisor: String, _ expected: Bool) throws {
        let schema = try Self.schema(#"{"multipleOf": \#(divisor)}"#)
        #expect(schema.isValid(try Self.value(number)) == expected)
    }

    @Test func violationsCarryPathsAndDetail() throws {
        let schema = try Self.schema(
            #"{"properties": {"properties": {"properties": {"price": {"type": "number"}}, "required": ["sku"]}}}"#
        )
        let violations = schema.validate(try Self.value(#"{"properties": {"price": "1"}}"#))

        #expect(violations.map(\.keyword) == ["required", "type"])
        #expect(violations[0].detail == .missingMember("sku"))
        #expect(violations[0].dottedPath == "properties")
        #expect(violations[1].dottedPath == "properties.price")
        #expect(violations[1].jsonPointer == "/properties/price")
        #expect(violations[1].detail == .type(expected: ["number"], actual: "string"))
        #expect(violations[1].schemaPath.hasSuffix("#/properties/properties/properties/price/type"))
    }

    @Test func validInstanceHasNoViolations() throws {
        let schema = try Self.schema(
            #"{"type": "object", "properties": {"a": {"type": "integer"}}}"#)
        #expect(schema.validate(try Self.value(#"{"a": 1.0}"#)).isEmpty)
    }

    @Test func lengthsCountCodePoints() throws {
        let schema = try Self.schema(#"{"maxLength": 2, "minLength": 2}"#)
        #expect(schema.isValid(.string("\u{1F600}\u{1F600}")))
        #expect(schema.isValid(.string("e\u{301}")))
        #expect(!schema.isValid(.string("\u{1F600}")))
    }

    @Test func enumComparesObjectsIgnoringKeyOrderAndNumbersByValue() throws {
        let schema = try Self.schema(#"{"enum": [{"a": 1, "b": [2.0]}]}"#)
        #expect(schema.isValid(try Self.value(#"{"b": [2], "a": 1.0}"#)))
        #expect(!schema.isValid(try Self.value(#"{"b": [2], "a": true}"#)))
    }

    /// Object keys compare by code points, as strings do: an `enum` member spelled with a
    /// precomposed accent does not admit the decomposed spelling.
    @Test func enumAndConstCompareObjectKeysByCodePoints() throws {
        let instance = try Self.value("{\"caf\u{E9}\": 1}")
        let other = try Self.value("{\"cafe\u{301}\": 1}")
        let enumeration = try Self.schema("{\"enum\": [{\"caf\u{E9}\": 1}]}")
        let constant = try Self.schema("{\"const\": {\"cafe\u{301}\": 1}}")

        #expect(enumeration.isValid(instance))
        #expect(!enumeration.isValid(other))
        #expect(constant.isValid(other))
        #expect(!constant.isValid(instance))
    }

    @Test func pointerEscapesAndPercentDecodingResolve() throws {
        let schema = try Self.schema(
            ##"{"definitions": {"a/b": {"type": "string"}, "c%d": {"type": "number"}, "e~f": {"type": "null"}}, "properties": {"x": {"$ref": "#/definitions/a~1b"}, "y": {"$ref": "#/definitions/c%25d"}, "z": {"$ref": "#/definitions/e~0f"}}}"##
        )
        #expect(schema.isValid(try Self.value(#"{"x": "s", "y": 1, "z": null}"#)))
        #expect(!schema.isValid(try Self.value(#"{"x": 1}"#)))
    }

    /// A chain of references deeper than the depth limit ends with a violation: loops are
    /// refused when the schema compiles, and this guard is what remains of their check.
    @Test func referenceChainPastTheDepthLimitEndsWithAViolation() throws {
        let schema = try Self.schema(Self.referenceChain(1_100))
        let violations = schema.validate(.null)
        #expect(violations.map(\.keyword) == ["$ref"])
        #expect(try Self.schema(Self.referenceChain(1_000)).isValid(.null))
    }

    /// A schema of `count` definitions each referring to the next, the last one `null`.
    static func referenceChain(_ count: Int) -> String {
        let links = (0..<count).map { "\"d\($0)\": {\"$ref\": \"#/definitions/d\($0 + 1)\"}" }
        let last = "\"d\(count)\": {\"type\": \"null\"}"
        return "{\"$ref\": \"#/definitions/d0\", \"definitions\": {"
            + (links + [last]).joined(separator: ", ") + "}}"
    }

    @Test func remoteReferenceResolvesFromTheRegistryOnly() throws {
        var registry = SchemaRegistry()
        registry.add(
            try Self.value(#"{"type": "integer"}"#), uri: "http://example.invalid/int.json")
        let schema = try Self.schema(
            #"{"$ref": "http://example.invalid/int.json"}"#, registry: registry)
        #expect(schema.isValid(.number(JSONNumber(Int64(3)))))
        #expect(!schema.isValid(.string("3")))

        let error = #expect(throws: SchemaError.self) {
            try Self.schema(#"{"$ref": "http://example.invalid/missing.json"}"#)
        }
        #expect(error?.code == .unresolvableReference)
    }

    @Test func metaschemaIsPreloaded() throws {
        let schema = try Self.schema(##"{"$ref": "http://json-schema.org/draft-07/schema#"}"##)
        #expect(schema.isValid(try Self.value(#"{"type": "string"}"#)))
        #expect(!schema.isValid(try Self.value(#"{"type": 12}"#)))
    }

    @Test(arguments: ["(?i)abc", "a\\a", "(?P<n>x)", "(unclosed", "(?<=a)*b"])
    func unsupportedPatternIsACompileError(_ pattern: String) throws {
        let json = JSONValue.object(JSONObject([("pattern", .string(pattern))]))
        let error = #expect(throws: SchemaError.self) { try JSONSchema(json: json) }
        #expect(error?.code == .unsupportedPattern)
        #expect(error?.schemaPath.hasSuffix("#/pattern") == true)
    }

    @Test(arguments: [
        ("^\\d+$", "\u{0661}", false), ("^\\w$", "\u{E9}", false), ("^\\p{L}$", "\u{E9}", true),
        ("^abc$", "abc\n", false), ("^\\s$", "\u{FEFF}", true), ("\\bfoo\\b", "a foo b", true),
        ("^[^]$", "\n", true), ("^\\u00e9$", "\u{E9}", true), ("^\\cJ$", "\n", true),
        // Literal alternations take the byte-search path; same answers as the regex engine.
        ("Evil Morty|Lawyer Morty", "I am Lawyer Morty!", true), ("FOO|BAR", "foo", false),
        ("a|", "zzz", true), ("e", "e\u{301}", true), ("\u{E9}", "e\u{301}", false),
        ("right-nav|footer", "nav", false), ("^.$", "\u{B}", true), ("^.$", "\u{85}", true),
        ("^.$", "\r", false), ("^.$", "\u{2028}", false), ("^a.c$", "a\u{1F600}c", true),
    ])
    func patternsFollowECMA262(_ pattern: String, _ string: String, _ expected: Bool) throws {
        let json = JSONValue.object(JSONObject([("pattern", .string(pattern))]))
        #expect(try JSONSchema(json: json).isValid(.string(string)) == expected)
    }

    @Test(arguments: [
        ("date-time", "2024-02-29T12:00:00Z", true), ("date-time", "2023-02-29T12:00:00Z", false),
        ("date", "2024-13-01", false), ("time", "23:59:60Z", true), ("email", "a@b.co", true),
        ("email", "a..b@c.co", false), ("ipv4", "01.2.3.4", false),
        ("ipv6", "::ffff:1.2.3.4", true),
        ("ipv6", "1::2::3", false), ("uuid", "123e4567-e89b-12d3-a456-426614174000", true),
        ("uuid", "123e4567e89b12d3a456426614174000", false), ("hostname", "-a.com", false),
        ("uri", "https://example.com/a?b#c", true), ("uri", "/relative", false),
        ("uri-reference", "/relative", true), ("unknown-format", "anything", true),
    ])
    func formats(_ format: String, _ string: String, _ expected: Bool) throws {
        let json = JSONValue.object(JSONObject([("format", .string(format))]))
        #expect(try JSONSchema(json: json).isValid(.string(string)) == expected)
        #expect(try JSONSchema(json: json, assertsFormats: false).isValid(.string(string)))
    }

    @Test func draftFourBooleanExclusiveBoundsAreHonoured() throws {
        let schema = try Self.schema(#"{"maximum": 5, "exclusiveMaximum": true}"#)
        #expect(!schema.isValid(.number(JSONNumber(Int64(5)))))
        #expect(schema.isValid(.number(JSONNumber(Int64(4)))))
    }
}

@Suite struct UniqueItemsTests {
    /// Forty distinct items (longer than the pairwise limit, so the hashed path runs), then
    /// `tail`.
    static func array(_ item: (Int) -> String, tail: String) -> String {
        let items: [String] = (0..<40).map(item)
        return "[" + items.joined(separator: ",") + tail + "]"
    }

    static let cases: [(String, Bool)] = [
        (array({ String($0) }, tail: ""), true),
        (array({ String($0) }, tail: ", 7.0"), false),
        (array({ #"{"a": \#($0), "b": [1]}"# }, tail: #", {"b": [1.0], "a": 3}"#), false),
        (array({ #""s\#($0)""# }, tail: #", "e\u0301", "\u00e9""#), true),
        (array({ "[\($0)]" }, tail: ", true, 1, -0.0, 0"), false),
    ]

    @Test(arguments: cases)
    func longArrays(_ instance: String, _ expected: Bool) throws {
        let schema = try JSONSchema(json: try JSONParser().parse(#"{"uniqueItems": true}"#))
        #expect(schema.isValid(try JSONParser().parse(instance)) == expected)
    }
}
