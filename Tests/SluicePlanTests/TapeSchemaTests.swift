import SluiceJSON
import SluicePlan
import Testing

/// `JSONSchema.isValid(tape:_:in:)` must be exactly `isValid(tape.value(token))`: checked on
/// every official-suite case, on mutated instances of them and across the suite's schemas
/// and instances.
@Suite struct TapeSchemaTests {
    static let cases = ConformanceSuite.requiredCases + ConformanceSuite.optionalCases

    static func compile(_ testCase: ConformanceCase) -> JSONSchema? {
        try? JSONSchema(json: testCase.schema, registry: ConformanceSuite.registry)
    }

    /// The tape verdict and the tree verdict of `text`, or `nil` when it does not parse.
    static func verdicts(_ schema: JSONSchema, _ text: String) -> (tape: Bool, tree: Bool)? {
        let bytes = Array(text.utf8)
        var tape = JSONTape()
        guard (try? tape.parse(bytes)) != nil else { return nil }
        return bytes.withUnsafeBytes { buffer in
            (schema.isValid(tape: tape, 0, in: buffer), schema.isValid(tape.value(0, in: buffer)))
        }
    }

    @Test(arguments: cases)
    func suiteCase(_ testCase: ConformanceCase) throws {
        let schema = try #require(Self.compile(testCase), "\(testCase.id)")
        let verdicts = try #require(Self.verdicts(schema, testCase.data.jsonText))
        #expect(verdicts.tape == verdicts.tree, "\(testCase.id)")
        #expect(verdicts.tree == schema.isValid(testCase.data), "\(testCase.id)")
    }

    /// Eight seeded mutations of every suite instance; the seeds are the case's position.
    @Test func mutatedSuiteInstances() {
        var compared = 0
        var changed = 0
        var disagreements: [String] = []
        for (position, testCase) in Self.cases.enumerated() {
            guard let schema = Self.compile(testCase) else { continue }
            var mutator = InstanceMutator(
                seed: UInt64(position), vocabulary: InstanceMutator.vocabulary(of: testCase.schema))
            for _ in 0..<8 {
                let text = mutator.text(testCase.data)
                guard let verdicts = Self.verdicts(schema, text) else { continue }
                compared += 1
                if verdicts.tree != testCase.isValid { changed += 1 }
                if verdicts.tape != verdicts.tree {
                    disagreements.append("\(testCase.id): \(text)")
                }
            }
        }
        #expect(compared > 10_000)
        // Mutations that never change a verdict would prove nothing.
        #expect(changed > compared / 10, "only \(changed) of \(compared) verdicts changed")
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(5))")
    }

    /// Every distinct suite schema against every distinct suite instance.
    @Test func everySuiteSchemaAgainstEverySuiteInstance() {
        var seen = Set<String>()
        let schemas = Self.cases.filter { seen.insert($0.schema.jsonText).inserted }
            .compactMap { Self.compile($0) }
        let instances = Array(Set(Self.cases.map(\.data.jsonText))).sorted()

        var disagreements: [String] = []
        for (index, schema) in schemas.enumerated() {
            for text in instances {
                guard let verdicts = Self.verdicts(schema, text), verdicts.tape != verdicts.tree
                else { continue }
                disagreements.append("schema #\(index) on \(text)")
            }
        }
        #expect(schemas.count > 250)
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(5))")
    }

    /// Keys that only canonical equivalence, escapes or repeats tell apart, each against the
    /// keyword whose tree check compares keys its own way.
    @Test(
        arguments: [
            (#"{"required":["K"]}"#, "{\"\u{212A}\":1}"),
            (#"{"required":["\u212A"]}"#, #"{"K":1}"#),
            (#"{"required":["é"]}"#, "{\"e\u{301}\":1}"),
            (#"{"required":["a"]}"#, #"{"\u0061":1}"#),
            (#"{"properties":{"K":{"type":"string"}}}"#, "{\"\u{212A}\":1}"),
            (#"{"properties":{"a":{"type":"string"}}}"#, #"{"\u0061":1}"#),
            (#"{"properties":{"a":{"type":"string"}}}"#, #"{"a":1,"a":"x"}"#),
            (#"{"properties":{"a":{"type":"string"}}}"#, #"{"a":"x","\u0061":1}"#),
            (#"{"maxProperties":1}"#, #"{"a":1,"a":2}"#),
            (#"{"maxProperties":1}"#, "{\"\u{E9}\":1,\"e\u{301}\":2}"),
            (#"{"minProperties":2}"#, "{\"\u{E9}\":1,\"e\u{301}\":2,\"\u{E9}\":3}"),
            (#"{"additionalProperties":false,"properties":{"é":{}}}"#, "{\"e\u{301}\":1}"),
            (#"{"propertyNames":{"maxLength":1}}"#, "{\"e\u{301}\":1}"),
            (#"{"propertyNames":{"maxLength":1}}"#, #"{"\u00e9":1}"#),
            (#"{"dependencies":{"K":["b"]}}"#, "{\"\u{212A}\":1}"),
            (#"{"enum":["é"]}"#, "\"e\u{301}\""),
            (#"{"enum":["é"]}"#, #""\u00e9""#),
            (#"{"maxLength":2}"#, #""\u00e9\u00e9\u00e9""#),
            (#"{"minLength":3}"#, "\"\u{1F600}\u{1F600}\""),
            (#"{"enum":[{"a":1}]}"#, #"{"a":1.0}"#),
            (#"{"enum":[{"é":1}]}"#, "{\"e\u{301}\":1}"),
            (#"{"uniqueItems":true}"#, #"[{"a":1,"b":2},{"b":2,"a":1}]"#),
            (#"{"type":"integer"}"#, "1.0e1"),
            (#"{"multipleOf":0.01}"#, "0.07"),
        ] as [(String, String)])
    func keysThatOnlyEquivalenceTellsApart(_ schemaText: String, _ instance: String) throws {
        let schema = try JSONSchema(json: JSONParser().parse(schemaText))
        let verdicts = try #require(Self.verdicts(schema, instance))
        #expect(verdicts.tape == verdicts.tree)
    }

    /// Fewer and more names than `MemberIndex.linearScanLimit` (both looked up by hash on
    /// the tape, the second also on the tree), with and without two names that only
    /// canonical equivalence relates, and keys spelled with escapes. Each name admits only its
    /// own position, so both verdicts must say which name a key's exact bytes select.
    @Test(
        arguments: [
            (["K", "\u{212A}"], ["K", "\u{212A}", "\\u212A", "\\u004B", "n3", "n20", "x"]),
            (["K"], ["K", "\u{212A}", "\\u212A", "n3", "n13", "n20", "\\u006E3", "x"]),
            (["\u{E9}", "e\u{301}"], ["\u{E9}", "e\u{301}", "\\u00e9", "n0", "y"]),
        ] as [([String], [String])], [3, 14])
    func hashedPropertyLookup(_ example: ([String], [String]), fillers: Int) throws {
        let (special, keys) = example
        let names = special + (0..<fillers).map { "n\($0)" }
        let properties = names.enumerated().map { "\"\($1)\":{\"const\":\($0)}" }
        let schemaText =
            "{\"properties\":{\(properties.joined(separator: ","))},\"additionalProperties\":false}"
        let schema = try JSONSchema(json: JSONParser().parse(schemaText))
        for key in keys {
            let decoded = try #require(JSONParser().parse("\"\(key)\"").stringValue)
            let selected = names.firstIndex { $0.utf8.elementsEqual(decoded.utf8) }
            for value in 0..<names.count {
                let verdicts = try #require(Self.verdicts(schema, "{\"\(key)\":\(value)}"))
                #expect(verdicts.tape == verdicts.tree, "\(key): \(value)")
                #expect(verdicts.tree == (selected == value), "\(key): \(value)")
            }
        }
    }

    /// A chain of references past the depth limit ends at the same depth on the tape as on
    /// the tree.
    @Test func referenceChainPastTheDepthLimitFailsOnBoth() throws {
        let text = JSONSchemaTests.referenceChain(1_100)
        let schema = try JSONSchema(json: JSONParser().parse(text))
        let verdicts = try #require(Self.verdicts(schema, #"{"a":1}"#))
        #expect(verdicts.tape == false)
        #expect(verdicts.tree == false)
    }
}
