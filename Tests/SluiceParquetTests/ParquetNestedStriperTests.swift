import Testing

@testable import SluiceParquet

/// Dremel levels of a map inside an optional group, checked against hand-derived values.
@Suite struct ParquetNestedStriperTests {
    /// optional group a { required string path; optional map m }, one column per leaf.
    static let fields: [ParquetNestedNode] = [
        .group(
            "a", .optional, nil, [.leaf("path", .string, .required), .stringMap("m", .optional)])
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var record: ParquetNestedValue
        /// Per leaf column (path, key, value): repetition and definition levels.
        var repetition: [[UInt8]]
        var definition: [[UInt8]]
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(
            name: "absent group", record: .null, repetition: [[0], [0], [0]],
            definition: [[0], [0], [0]]),
        Case(
            name: "null map", record: .group([.string("p"), .null]), repetition: [[0], [0], [0]],
            definition: [[1], [1], [1]]),
        Case(
            name: "empty map", record: .group([.string("p"), .map([])]),
            repetition: [[0], [0], [0]], definition: [[1], [2], [2]]),
        Case(
            name: "two entries",
            record: .group([.string("p"), .map([("day", "1"), ("hr", "2")])]),
            repetition: [[0], [0, 1], [0, 1]], definition: [[1], [3, 3], [4, 4]]),
    ])
    func levelsMatchTheDremelEncoding(_ test: Case) {
        var striper = NestedStriper(fields: Self.fields)
        striper.append([test.record])

        #expect(
            striper.columns.map(\.path) == [
                ["a", "path"], ["a", "m", "key_value", "key"], ["a", "m", "key_value", "value"],
            ])
        #expect(striper.columns.map(\.maxDefinitionLevel) == [1, 3, 4])
        #expect(striper.columns.map(\.maxRepetitionLevel) == [0, 1, 1])
        #expect(striper.columns.map(\.repetitionLevels) == test.repetition)
        #expect(striper.columns.map(\.definitionLevels) == test.definition)
    }

    @Test func onlyFullyDefinedSlotsStoreValues() {
        var striper = NestedStriper(fields: Self.fields)
        striper.append([.group([.string("p"), .map([("day", "1")])])])
        striper.append([.null])

        #expect(striper.columns[0].values == [.string("p")])
        #expect(striper.columns[1].values == [.string("day")])
        #expect(striper.columns[2].values == [.string("1")])
        #expect(striper.columns[0].definitionLevels == [1, 0])
    }
}
