import SluiceJSON
import Testing

@testable import SluicePlan

/// The paths of the flattened tape program that the suite reaches only by chance: integer
/// bounds compared without building numbers, member names read from the program's byte
/// buffer, absent subschemas (-1) and node numbers shared through `$ref`. Each case names
/// the verdict both the tape and the tree must give.
@Suite struct TapeProgramTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var schema: String
        var instance: String
        var isValid: Bool

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "integer minimum met", schema: #"{"minimum":3}"#, instance: "3", isValid: true),
        Case(
            name: "integer minimum missed", schema: #"{"minimum":3}"#, instance: "2", isValid: false
        ),
        Case(
            name: "exclusive integer maximum", schema: #"{"exclusiveMaximum":3}"#, instance: "3",
            isValid: false),
        Case(
            name: "decimal under integer bound", schema: #"{"maximum":3}"#, instance: "2.5",
            isValid: true),
        Case(
            name: "integer above decimal bound", schema: #"{"maximum":2.5}"#, instance: "3",
            isValid: false),
        Case(
            name: "minus zero at zero bound", schema: #"{"exclusiveMinimum":0}"#, instance: "-0",
            isValid: false),
        Case(
            name: "integer beyond Int64 under bound", schema: #"{"maximum":1}"#,
            instance: "-99999999999999999999", isValid: true),
        Case(
            name: "required non-ASCII name not met by a canonically equivalent ASCII key",
            schema: #"{"required":["\u037e"]}"#, instance: #"{";":1}"#, isValid: false),
        Case(
            name: "required ASCII name with longer keys around", schema: #"{"required":["id"]}"#,
            instance: #"{"idx":1,"i":2,"id":3}"#, isValid: true),
        Case(
            name: "required name absent", schema: #"{"required":["id","name"]}"#,
            instance: #"{"id":1,"nam":2}"#, isValid: false),
        Case(
            name: "escaped key finds its property",
            schema: #"{"properties":{"ab":{"type":"string"}}}"#,
            instance: #"{"a\u0062":1}"#, isValid: false),
        Case(
            name: "second of two properties of one length",
            schema: #"{"properties":{"ab":{"type":"string"},"cd":{"type":"integer"}}}"#,
            instance: #"{"cd":"x"}"#, isValid: false),
        Case(
            name: "pattern and named property both apply",
            schema:
                #"{"properties":{"a1":{"minimum":0}},"patternProperties":{"^a":{"maximum":5}}}"#,
            instance: #"{"a1":7}"#, isValid: false),
        Case(
            name: "additional properties false after names",
            schema: #"{"properties":{"a":{}},"additionalProperties":false}"#,
            instance: #"{"a":1,"b":2}"#, isValid: false),
        Case(
            name: "dependency members present", schema: #"{"dependencies":{"a":["b","c"]}}"#,
            instance: #"{"a":1,"b":2,"c":3}"#, isValid: true),
        Case(
            name: "dependency member missing", schema: #"{"dependencies":{"a":["b","c"]}}"#,
            instance: #"{"a":1,"c":3}"#, isValid: false),
        Case(
            name: "dependency schema fails", schema: #"{"dependencies":{"a":{"required":["z"]}}}"#,
            instance: #"{"a":1}"#, isValid: false),
        Case(
            name: "tuple without additional items", schema: #"{"items":[{"type":"integer"}]}"#,
            instance: #"[1,"x"]"#, isValid: true),
        Case(
            name: "tuple with false additional items",
            schema: #"{"items":[{"type":"integer"}],"additionalItems":false}"#, instance: "[1,2]",
            isValid: false),
        Case(
            name: "items true", schema: #"{"items":true}"#, instance: #"[1,"x",null]"#,
            isValid: true),
        Case(name: "false schema", schema: "false", instance: "1", isValid: false),
        Case(
            name: "if without then takes else",
            schema: #"{"if":{"type":"string"},"else":{"minimum":9}}"#,
            instance: "3", isValid: false),
        Case(
            name: "if passing without then",
            schema: #"{"if":{"type":"string"},"else":{"minimum":9}}"#,
            instance: #""x""#, isValid: true),
        Case(
            name: "oneOf matching twice", schema: #"{"oneOf":[{"minimum":1},{"maximum":5}]}"#,
            instance: "3", isValid: false),
        Case(
            name: "shared definition through two references",
            schema: ##"{"definitions":{"n":{"type":"integer"}},"properties":"##
                + ##"{"a":{"$ref":"#/definitions/n"},"b":{"$ref":"#/definitions/n"}}}"##,
            instance: #"{"a":1,"b":"x"}"#, isValid: false),
        Case(
            name: "recursive tree through the root",
            schema: ##"{"properties":{"child":{"$ref":"#"},"n":{"type":"integer"}}}"##,
            instance: #"{"child":{"child":{"n":"x"}}}"#, isValid: false),
        Case(
            name: "string enum", schema: #"{"enum":["free","plus"]}"#, instance: #""plus""#,
            isValid: true),
        Case(name: "const number", schema: #"{"const":2}"#, instance: "2.0", isValid: true),
        Case(
            name: "folded required present",
            schema: #"{"required":["b"],"properties":{"a":{},"b":{}}}"#,
            instance: #"{"b":1}"#, isValid: true),
        Case(
            name: "folded required missing",
            schema: #"{"required":["b"],"properties":{"a":{},"b":{}}}"#,
            instance: #"{"a":1}"#, isValid: false),
        Case(
            name: "folded required through an escaped key",
            schema: #"{"required":["ab"],"properties":{"ab":{"type":"integer"}}}"#,
            instance: #"{"ab":1}"#, isValid: true),
        Case(
            name: "folded required not among the properties",
            schema: #"{"required":["z"],"properties":{"a":{}}}"#, instance: #"{"a":1,"z":2}"#,
            isValid: true),
        Case(
            name: "folded required not met by a canonically equivalent key",
            schema: #"{"required":["K"],"properties":{"K":{"type":"string"}}}"#,
            instance: "{\"\u{212A}\":1}", isValid: false),
        Case(
            name: "folded required with a failing property",
            schema: #"{"required":["a"],"properties":{"a":{"type":"string"}}}"#,
            instance: #"{"a":1}"#, isValid: false),
    ]

    @Test(arguments: cases)
    func tapeAndTreeGiveTheNamedVerdict(_ testCase: Case) throws {
        let schema = try JSONSchema(json: JSONParser().parse(testCase.schema))
        let verdicts = try #require(TapeSchemaTests.verdicts(schema, testCase.instance))
        #expect(verdicts.tape == testCase.isValid)
        #expect(verdicts.tree == testCase.isValid)
    }

    /// Every keyword but a `required` folded into `properties` compiles to its own
    /// instruction, in keyword order, and instructions
    /// stay small enough for four to share a cache line.
    @Test func instructionsFollowKeywordsAndStaySmall() throws {
        let text = #"{"type":"object","required":["a"],"properties":{"a":{"minimum":1}}}"#
        let schema = try JSONSchema(json: JSONParser().parse(text))
        let program = schema.program
        let root = program.nodes[Int(program.root)]
        // `required` folds into `properties`.
        #expect(root.end - root.start == 2)
        #expect(program.nodes.count == 2)
        #expect(program.properties.count == 1)
        #expect(program.bounds.count == 1)
        #expect(MemoryLayout<TapeInstruction>.stride <= 16)
    }

    /// The word-wise comparison of member names agrees with array equality at every length
    /// it treats differently, for a difference at every position.
    @Test(arguments: Array(0...20))
    func byteEqualityAtEveryLength(_ length: Int) {
        let name = (0..<length).map { UInt8(ascii: "a") + UInt8($0) }
        for position in -1..<length {
            var other = name
            if position >= 0 { other[position] ^= 0x20 }
            let isEqual = name.withUnsafeBytes { a in
                other.withUnsafeBytes { b in JSONTape.bytesEqual(a, b) }
            }
            #expect(isEqual == (name == other), "difference at \(position)")
        }
    }
}
