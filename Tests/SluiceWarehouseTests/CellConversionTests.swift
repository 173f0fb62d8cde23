import SluiceJSON
import Testing

@testable import SluiceWarehouse

struct ConversionCase: Sendable, CustomTestStringConvertible {
    let value: String
    let type: WarehouseType
    let expected: Result<CellValue, DiscardReason>
    var testDescription: String { "\(value) as \(type.rawValue)" }
}

let conversionCases: [ConversionCase] = [
    .init(value: "null", type: .int64, expected: .success(.null)),
    .init(value: "true", type: .boolean, expected: .success(.bool(true))),
    .init(value: "1", type: .boolean, expected: .failure(.typeMismatch)),
    .init(value: "42", type: .int64, expected: .success(.int64(42))),
    .init(value: "-9223372036854775808", type: .int64, expected: .success(.int64(.min))),
    .init(value: "9223372036854775808", type: .int64, expected: .failure(.outOfRange)),
    .init(value: "3.0", type: .int64, expected: .success(.int64(3))),
    .init(value: "1e2", type: .int64, expected: .success(.int64(100))),
    .init(value: "1e19", type: .int64, expected: .failure(.outOfRange)),
    .init(value: "2.5", type: .int64, expected: .failure(.notAnInteger)),
    .init(value: "\"42\"", type: .int64, expected: .failure(.typeMismatch)),
    .init(value: "2.5", type: .double, expected: .success(.double(2.5))),
    .init(value: "7", type: .double, expected: .success(.double(7))),
    .init(value: "9007199254740992", type: .double, expected: .success(.double(0x1p53))),
    .init(value: "9007199254740993", type: .double, expected: .failure(.outOfRange)),
    .init(value: "1e400", type: .double, expected: .failure(.outOfRange)),
    .init(value: "\"2.5\"", type: .double, expected: .failure(.typeMismatch)),
    .init(value: "\"007\"", type: .string, expected: .success(.string("007"))),
    .init(value: "1.50", type: .string, expected: .success(.string("1.50"))),
    .init(value: "false", type: .string, expected: .success(.string("false"))),
    .init(value: "[1]", type: .string, expected: .failure(.typeMismatch)),
    .init(
        value: "[1, {\"a\": \"b\"}]", type: .json, expected: .success(.json("[1,{\"a\":\"b\"}]"))),
    .init(value: "\"x\"", type: .json, expected: .success(.json("\"x\""))),
    .init(
        value: "\"2024-01-01T00:00:00Z\"", type: .timestamp,
        expected: .success(.timestamp(1_704_067_200_000_000))),
    .init(value: "\"yesterday\"", type: .timestamp, expected: .failure(.notATimestamp)),
    .init(value: "1704067200", type: .timestamp, expected: .failure(.typeMismatch)),
]

@Test(arguments: conversionCases)
func valuesConvertOrAreDiscardedWithAReason(_ c: ConversionCase) {
    let result = CellConversion.convert(
        json(c.value), to: c.type, parseTimestamp: parseKnownTimestamp)
    #expect(result == c.expected)
}
