import SluiceJSON
import Testing

@testable import SluicePlan

/// `properties` finds a plain key among few names by the one name in the key's hash bucket
/// (`TapeProgram.buckets`), scanning only buckets that several names share: keys that share
/// a bucket with a name, with several names or with none get the tree's verdict, and a table
/// of more names than a scan takes never answers by bucket.
@Suite struct NameBucketTests {
    /// Names `k0`, `k1`, ... grouped by the bucket their hash falls in.
    static let byBucket: [Int: [String]] = Dictionary(
        grouping: (0..<400).map { "k\($0)" }, by: bucket)

    static func bucket(_ name: String) -> Int {
        Int(Array(name.utf8).withUnsafeBytes(JSONTape.keyHash) >> 58)
    }

    /// Two names sharing a bucket, a name alone in its bucket, and a key that is no name but
    /// shares each of those buckets.
    static func names() throws -> (shared: [String], alone: String, strangers: [String]) {
        let groups = byBucket.values.filter { $0.count >= 3 }.sorted { $0[0] < $1[0] }
        let shared = try #require(groups.first)
        let lone = try #require(groups.dropFirst().first)
        return (Array(shared.prefix(2)), lone[0], [shared[2], lone[1]])
    }

    @Test func bucketsHoldLoneNamesAndMarkSharedOnes() throws {
        let (shared, alone, _) = try Self.names()
        let program = try Self.schema(named: shared + [alone]).program
        let table = Int(program.properties[0].buckets)
        #expect(program.buckets[table + Self.bucket(shared[0])] == TapeProperties.sharedBucket)
        #expect(program.buckets[table + Self.bucket(alone)] == 3)
        let used = Set((shared + [alone]).map(Self.bucket))
        for bucket in 0..<64 where !used.contains(bucket) {
            #expect(program.buckets[table + bucket] == 0)
        }
    }

    @Test func keysInEveryKindOfBucketGetTheTreeVerdict() throws {
        let (shared, alone, strangers) = try Self.names()
        let schema = try Self.schema(named: shared + [alone])
        for key in shared + [alone] + strangers {
            for value in ["1", #""text""#] {
                let instance = #"{"\#(key)":\#(value)}"#
                let verdicts = try #require(TapeSchemaTests.verdicts(schema, instance))
                let expected = (shared + [alone]).contains(key) && value == "1"
                #expect(verdicts.tape == expected, "\(instance)")
                #expect(verdicts.tree == expected, "\(instance)")
            }
        }
    }

    @Test func tablesOfManyNamesNeverAnswerByBucket() throws {
        let many = (0..<(MemberIndex.linearScanLimit + 1)).map { "m\($0)" }
        let schema = try Self.schema(named: many)
        let table = Int(schema.program.properties[0].buckets)
        let entries = (0..<64).map { schema.program.buckets[table + $0] }
        #expect(entries.allSatisfy { $0 == 0 || $0 == TapeProperties.sharedBucket })
        for key in many + ["m99", "M1"] {
            let verdicts = try #require(TapeSchemaTests.verdicts(schema, #"{"\#(key)":1}"#))
            #expect(verdicts.tape == many.contains(key))
            #expect(verdicts.tree == many.contains(key))
        }
    }

    /// Integer-typed `named` members and `additionalProperties: false`, so a key is valid
    /// exactly when it is found and its value is an integer.
    static func schema(named: [String]) throws -> JSONSchema {
        let members = named.map { #""\#($0)":{"type":"integer"}"# }.joined(separator: ",")
        let text = #"{"properties":{\#(members)},"additionalProperties":false}"#
        return try JSONSchema(json: JSONParser().parse(text))
    }
}
